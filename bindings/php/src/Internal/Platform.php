<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Internal;

/**
 * Which of the package's native libraries this process loads. The package ships one per
 * platform under native/<rid>/ (NuGet's runtime identifiers, which scripts/build_targets.sh
 * names its output by; bindings/php/build.sh fills the folder from target/dist): the platform is
 * PHP_OS_FAMILY, the machine (php_uname('m')) and, on Linux, the C library, glibc or musl.
 *
 * @internal
 */
final class Platform
{
    /** Every platform the package ships, by RID, with its library's file name there. */
    public const LIBRARIES = [
        'linux-x64' => 'libsharpapi_webhooks.so',
        'linux-arm64' => 'libsharpapi_webhooks.so',
        'linux-musl-x64' => 'libsharpapi_webhooks.so',
        'linux-musl-arm64' => 'libsharpapi_webhooks.so',
        'osx-x64' => 'libsharpapi_webhooks.dylib',
        'osx-arm64' => 'libsharpapi_webhooks.dylib',
        'win-x64' => 'sharpapi_webhooks.dll',
    ];

    /**
     * The RID of a platform: PHP_OS_FAMILY, php_uname('m'), whether the C library is musl (Linux
     * only) and PHP_INT_SIZE (the package needs a 64-bit PHP); null when the package has none.
     */
    public static function runtimeIdentifier(string $family, string $machine, bool $musl, int $intSize): ?string
    {
        if ($intSize !== 8) {
            return null;
        }
        $cpu = match (strtolower($machine)) {
            'x86_64', 'amd64', 'x64' => 'x64',
            'aarch64', 'arm64' => 'arm64',
            default => null,
        };
        if ($cpu === null) {
            return null;
        }
        $rid = match ($family) {
            'Linux' => ($musl ? 'linux-musl-' : 'linux-') . $cpu,
            'Darwin' => "osx-$cpu",
            'Windows' => "win-$cpu",
            default => null,
        };
        return $rid !== null && isset(self::LIBRARIES[$rid]) ? $rid : null;
    }

    /** The library's file name where no RID fits: what the dynamic loader of $family looks for. */
    public static function libraryName(string $family): string
    {
        return match ($family) {
            'Darwin' => 'libsharpapi_webhooks.dylib',
            'Windows' => 'sharpapi_webhooks.dll',
            default => NativeHeader::SONAME,
        };
    }

    /**
     * Whether a process with these /proc/self/maps lines runs on musl: its loader,
     * ld-musl-<arch>.so.1 (its C library too), is mapped; a glibc process maps ld-linux-* and
     * libc.so.6 instead.
     *
     * @param iterable<string> $mapsLines
     */
    public static function isMuslProcess(iterable $mapsLines): bool
    {
        foreach ($mapsLines as $line) {
            $slash = strrpos($line, '/');
            if ($slash === false) {
                continue;
            }
            $file = rtrim(substr($line, $slash + 1));
            if (str_starts_with($file, 'ld-musl-') || str_starts_with($file, 'libc.musl-')) {
                return true;
            }
        }
        return false;
    }

    /** The platform as messages name it: "Linux aarch64 (musl libc)", "Windows AMD64, 32-bit PHP". */
    public static function describe(string $family, string $machine, bool $musl, int $intSize): string
    {
        $text = "$family $machine";
        if ($family === 'Linux') {
            $text .= $musl ? ' (musl libc)' : ' (glibc)';
        }
        return $intSize === 8 ? $text : $text . ', ' . (8 * $intSize) . '-bit PHP';
    }

    /** @return array{?string, string} this process's RID (null when none fits) and its description */
    public static function current(): array
    {
        $machine = php_uname('m');
        $musl = PHP_OS_FAMILY === 'Linux' && self::currentIsMusl();
        return [
            self::runtimeIdentifier(PHP_OS_FAMILY, $machine, $musl, PHP_INT_SIZE),
            self::describe(PHP_OS_FAMILY, $machine, $musl, PHP_INT_SIZE),
        ];
    }

    /** The folder the package ships its libraries in, one sub-folder per RID. */
    public static function nativeDirectory(): string
    {
        return dirname(__DIR__, 2) . '/native';
    }

    /** The package's library for $rid, when native/ holds it; else null. */
    public static function packagedLibrary(?string $rid): ?string
    {
        if ($rid === null) {
            return null;
        }
        $path = self::nativeDirectory() . "/$rid/" . self::LIBRARIES[$rid];
        return is_file($path) ? $path : null;
    }

    /** Says that the package has no library for $platform, and what to do. */
    public static function noLibraryMessage(string $platform): string
    {
        return sprintf(
            'sharpapi-webhooks has no native library for this platform, %s: the package ships one for %s.'
            . ' Build the library for this platform (scripts/install_c.sh in the project\'s repository)'
            . ' and set %s to its path',
            $platform,
            implode(', ', array_keys(self::LIBRARIES)),
            Native::LIBRARY_ENV,
        );
    }

    private static function currentIsMusl(): bool
    {
        // Read quietly: open_basedir may hide /proc.
        $maps = @file('/proc/self/maps', FILE_IGNORE_NEW_LINES);
        if ($maps !== false) {
            return self::isMuslProcess($maps);
        }
        // musl installs its loader as /lib/ld-musl-<arch>.so.1, glibc never does (a glibc system
        // with musl's tools has one too, hence /proc first).
        return (@glob('/lib/ld-musl-*') ?: []) !== [];
    }
}
