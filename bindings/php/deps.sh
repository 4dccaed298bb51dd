#!/usr/bin/env bash
# Installs what the PHP package's tests and benchmark need and a fresh machine may lack, from
# Debian's packages (as root), only when missing: PHP 8.2's CLI with FFI and OPcache, PHPUnit 9.6,
# Composer 2 (the README installs the package with it), curl and openssl (the README's web
# example), gcc for the test that builds a stale library; and for the framework integrations:
# Laravel 8 (php-laravel-framework), Slim 3 (php-slim), nyholm/psr7 (PSR-7 and PSR-17), psr/log
# (PSR-3, which Laravel brings too, for the PSR-15 middleware's logger and the README), PHP's
# SQLite and Redis extensions, and redis-server. Packagist is not reachable, hence Debian's
# PHPUnit and frameworks. Never php-psr (PECL's PSR extension): Debian removes Composer and
# Laravel to install it. Fails when PHP lacks FFI or OPcache.
set -euo pipefail

. "$(dirname "$0")/../../scripts/lib.sh"
need php php-cli
need phpunit phpunit
need composer composer
need curl curl
need openssl openssl
need gcc gcc libc6-dev
need redis-server redis-server
need /usr/share/php/Illuminate/Foundation/Application.php php-laravel-framework
need /usr/share/php/Slim/App.php php-slim
need /usr/share/php/Nyholm/Psr7/Factory/Psr17Factory.php php-nyholm-psr7
need /usr/share/php/Psr/Log/autoload.php php-psr-log
install_needed php
# PHP's own extensions, once PHP is there to ask.
modules=$(php -m)
grep -qx redis <<<"$modules" || needed_packages+=(php-redis)
grep -qx pdo_sqlite <<<"$modules" || needed_packages+=(php-sqlite3)
install_needed php
modules=$(php -m)
for module in FFI 'Zend OPcache' redis pdo_sqlite; do
  grep -qx "$module" <<<"$modules" || { echo "php deps: PHP has no $module extension" >&2; exit 1; }
done
