<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests;

/** Paths of the repository these tests run in. */
final class Repository
{
    public static function root(): string
    {
        return dirname(__DIR__, 3);
    }

    /** @return array<string, mixed> bindings/vocabulary.json, the one source of the package's tables */
    public static function vocabulary(): array
    {
        $text = (string) file_get_contents(self::root() . '/bindings/vocabulary.json');
        return json_decode($text, true, 512, JSON_THROW_ON_ERROR);
    }

    public static function package(): string
    {
        return dirname(__DIR__);
    }

    /**
     * Runs PHP on a script with extra environment variables; the static state of the library's
     * loader is per process, so each way of loading it gets a process of its own.
     *
     * @param list<string> $arguments
     * @param array<string, string> $environment
     * @return array{int, string} the exit status and everything printed
     */
    public static function runPhp(array $arguments, array $environment = []): array
    {
        $process = proc_open(
            [PHP_BINARY, ...$arguments],
            [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['redirect', 1]],
            $pipes,
            self::package(),
            $environment + getenv(),
        );
        if ($process === false) {
            throw new \RuntimeException('cannot start ' . PHP_BINARY);
        }
        $output = stream_get_contents($pipes[1]);
        fclose($pipes[1]);
        return [proc_close($process), (string) $output];
    }
}
