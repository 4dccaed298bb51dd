<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests\Support;

/**
 * Loads the frameworks that the integration tests use, from Debian's packages on PHP's
 * include_path (bindings/php/deps.sh installs them): a missing one fails the test, never skips it.
 */
final class Frameworks
{
    /** PSR-7 and PSR-17 (nyholm/psr7), PSR-15 (declared by psr15.php where missing), PSR-3. */
    public static function psr(): void
    {
        self::load('Nyholm/Psr7/autoload.php', 'php-nyholm-psr7');
        self::load('Psr/Log/autoload.php', 'php-psr-log');
        require_once __DIR__ . '/psr15.php';
    }

    /** Laravel 8 (php-laravel-framework), which brings illuminate/cache too. */
    public static function laravel(): void
    {
        self::load('Illuminate/autoload.php', 'php-laravel-framework');
    }

    /** illuminate/cache and illuminate/filesystem alone. */
    public static function illuminateCache(): void
    {
        self::load('Illuminate/Cache/autoload.php', 'php-illuminate-cache');
        self::load('Illuminate/Filesystem/autoload.php', 'php-illuminate-filesystem');
    }

    /**
     * Slim 3 (php-slim), its HTTP classes loaded at once: Slim 3.12 predates PHP 8.1's return
     * types of ArrayAccess and IteratorAggregate, and each class that implements them is a
     * deprecation notice of Slim's own as it loads, which PHPUnit would take for a failure.
     */
    public static function slim(): void
    {
        self::load('Slim/autoload.php', 'php-slim');
        self::withoutDeprecations(static function (): void {
            foreach (['Collection', 'Http\\Environment', 'Http\\Headers', 'Http\\Request', 'Http\\Response', 'Http\\Cookies'] as $class) {
                class_exists("Slim\\$class");
            }
        });
    }

    /**
     * Runs $call with PHP's deprecation notices off: for a framework's own code that predates the
     * PHP these tests run on (Slim 3's Uri passes null where PHP 8.1 deprecates it).
     *
     * @template T
     * @param \Closure(): T $call
     * @return T
     */
    public static function withoutDeprecations(\Closure $call): mixed
    {
        $reporting = error_reporting(error_reporting() & ~E_DEPRECATED);
        try {
            return $call();
        } finally {
            error_reporting($reporting);
        }
    }

    private static function load(string $file, string $package): void
    {
        if (stream_resolve_include_path($file) === false) {
            throw new \RuntimeException("$file is not on the include_path: install Debian's $package (bindings/php/deps.sh)");
        }
        require_once $file;
    }
}
