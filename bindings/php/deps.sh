#!/usr/bin/env bash
# Installs what the PHP package's tests and benchmark need and a fresh machine may lack, from
# Debian's packages (as root), only when missing: PHP 8.2's CLI with FFI and OPcache, PHPUnit 9.6,
# Composer 2 (the README installs the package with it), curl and openssl (the README's web
# example), and gcc for the test that builds a stale library. Packagist is not reachable, hence
# Debian's PHPUnit. Fails when PHP lacks FFI or OPcache.
set -euo pipefail

. "$(dirname "$0")/../../scripts/lib.sh"
need php php-cli
need phpunit phpunit
need composer composer
need curl curl
need openssl openssl
need gcc gcc libc6-dev
install_needed php
modules=$(php -m)
for module in FFI 'Zend OPcache'; do
  grep -qx "$module" <<<"$modules" || { echo "php deps: PHP has no $module extension" >&2; exit 1; }
done
