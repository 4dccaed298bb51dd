#!/usr/bin/env bash
# Installs what the PHP package's tests and benchmark need and a fresh machine may lack, from
# Debian's packages (as root), only when missing: PHP 8.2's CLI with FFI and OPcache, PHPUnit 9.6,
# Composer 2 (the README installs the package with it), curl and openssl (the README's web
# example), and gcc for the test that builds a stale library. Packagist is not reachable, hence
# Debian's PHPUnit. Fails when PHP lacks FFI or OPcache.
set -euo pipefail

missing=()
command -v php >/dev/null || missing+=(php-cli)
command -v phpunit >/dev/null || missing+=(phpunit)
command -v composer >/dev/null || missing+=(composer)
command -v curl >/dev/null || missing+=(curl)
command -v openssl >/dev/null || missing+=(openssl)
command -v gcc >/dev/null || missing+=(gcc libc6-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "php deps: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
modules=$(php -m)
for module in FFI 'Zend OPcache'; do
  grep -qx "$module" <<<"$modules" || { echo "php deps: PHP has no $module extension" >&2; exit 1; }
done
