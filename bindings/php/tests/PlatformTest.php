<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests;

use PHPUnit\Framework\TestCase;
use SharpApi\Webhooks\Internal\Native;
use SharpApi\Webhooks\Internal\Platform;

/**
 * The platforms the package ships (native/<rid>/, filled by build.sh), each file of its
 * platform's format; the one picked for each platform (only Linux x86-64 with glibc runs here);
 * the musl detection; and the message that names a platform without a library.
 */
final class PlatformTest extends TestCase
{
    /** @return iterable<string, array{string, string, bool, int, ?string}> */
    public static function platforms(): iterable
    {
        yield 'Linux x86_64 glibc' => ['Linux', 'x86_64', false, 8, 'linux-x64'];
        yield 'Linux aarch64 glibc' => ['Linux', 'aarch64', false, 8, 'linux-arm64'];
        yield 'Linux x86_64 musl' => ['Linux', 'x86_64', true, 8, 'linux-musl-x64'];
        yield 'Linux aarch64 musl' => ['Linux', 'aarch64', true, 8, 'linux-musl-arm64'];
        yield 'macOS Intel' => ['Darwin', 'x86_64', false, 8, 'osx-x64'];
        yield 'macOS Apple silicon' => ['Darwin', 'arm64', false, 8, 'osx-arm64'];
        yield 'Windows x64' => ['Windows', 'AMD64', false, 8, 'win-x64'];
        yield 'Linux armv7l' => ['Linux', 'armv7l', false, 8, null];
        yield 'Linux x86_64, 32-bit PHP' => ['Linux', 'x86_64', false, 4, null];
        yield 'Windows on ARM' => ['Windows', 'ARM64', false, 8, null];
        yield 'FreeBSD' => ['BSD', 'amd64', false, 8, null];
    }

    /** @dataProvider platforms */
    public function testTheRuntimeIdentifierOfAPlatform(string $family, string $machine, bool $musl, int $intSize, ?string $rid): void
    {
        self::assertSame($rid, Platform::runtimeIdentifier($family, $machine, $musl, $intSize));
    }

    public function testThePackageShipsEveryPlatformInNative(): void
    {
        $shipped = [];
        foreach (glob(Platform::nativeDirectory() . '/*/*') as $file) {
            $shipped[basename(dirname($file))] = basename($file);
        }
        ksort($shipped);
        $expected = Platform::LIBRARIES;
        ksort($expected);
        self::assertSame($expected, $shipped);
        self::assertSame(
            ['linux-x64', 'linux-arm64', 'linux-musl-x64', 'linux-musl-arm64', 'osx-x64', 'osx-arm64', 'win-x64'],
            array_keys(Platform::LIBRARIES),
        );
    }

    /** @return iterable<string, array{string, string, int, string}> */
    public static function formats(): iterable
    {
        yield 'linux-x64' => ['linux-x64', 'elf', 62, 'libc.so.6'];
        yield 'linux-arm64' => ['linux-arm64', 'elf', 183, 'libc.so.6'];
        yield 'linux-musl-x64' => ['linux-musl-x64', 'elf', 62, 'libc.so'];
        yield 'linux-musl-arm64' => ['linux-musl-arm64', 'elf', 183, 'libc.so'];
        yield 'osx-x64' => ['osx-x64', 'macho', 0x01000007, ''];
        yield 'osx-arm64' => ['osx-arm64', 'macho', 0x0100000c, ''];
        yield 'win-x64' => ['win-x64', 'pe', 0x8664, ''];
    }

    /** @dataProvider formats */
    public function testEachPlatformsLibraryIsOfItsFormat(string $rid, string $format, int $machine, string $libc): void
    {
        $path = Platform::packagedLibrary($rid);
        self::assertNotNull($path, "no native/$rid/");
        $bytes = (string) file_get_contents($path);
        switch ($format) {
            case 'elf':
                self::assertSame("\x7fELF\x02", substr($bytes, 0, 5));
                self::assertSame(3, unpack('v', $bytes, 16)[1], 'ET_DYN');
                self::assertSame($machine, unpack('v', $bytes, 18)[1], 'e_machine');
                // glibc's C library is libc.so.6; musl's, libc.so.
                self::assertStringContainsString("\0$libc\0", $bytes);
                break;
            case 'macho':
                self::assertSame([1 => 0xfeedfacf, 2 => $machine], unpack('V2', $bytes, 0), 'MH_MAGIC_64, cputype');
                self::assertSame(6, unpack('V', $bytes, 12)[1], 'MH_DYLIB');
                break;
            case 'pe':
                $pe = unpack('V', $bytes, 0x3c)[1];
                self::assertSame("PE\0\0", substr($bytes, $pe, 4));
                self::assertSame($machine, unpack('v', $bytes, $pe + 4)[1], 'Machine');
                self::assertNotSame(0, unpack('v', $bytes, $pe + 22)[1] & 0x2000, 'IMAGE_FILE_DLL');
                break;
        }
    }

    public function testMuslIsToldByTheMappedLoader(): void
    {
        $glibc = [
            '55d0c6c8e000-55d0c6c90000 r--p 00000000 08:01 1234 /usr/bin/php8.2',
            '7f1a2b000000-7f1a2b028000 r--p 00000000 08:01 2345 /usr/lib/x86_64-linux-gnu/libc.so.6',
            '7f1a2b300000-7f1a2b302000 r--p 00000000 08:01 3456 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
            '7ffd1a000000-7ffd1a021000 rw-p 00000000 00:00 0 [stack]',
        ];
        $musl = [
            '5581d2a00000-5581d2a02000 r--p 00000000 08:01 1234 /usr/bin/php82',
            '7f3c4e000000-7f3c4e014000 r--p 00000000 08:01 2345 /lib/ld-musl-aarch64.so.1',
        ];
        self::assertFalse(Platform::isMuslProcess($glibc));
        self::assertTrue(Platform::isMuslProcess($musl));
        self::assertTrue(Platform::isMuslProcess(["7f3c 0 /usr/lib/libc.musl-x86_64.so.1\n"]));
    }

    public function testThisMachineIsLinuxX64WithGlibc(): void
    {
        self::assertSame(['linux-x64', 'Linux x86_64 (glibc)'], Platform::current());
        self::assertSame('libsharpapi_webhooks.so', Platform::libraryName(PHP_OS_FAMILY));
        self::assertSame('libsharpapi_webhooks.dylib', Platform::libraryName('Darwin'));
        self::assertSame('sharpapi_webhooks.dll', Platform::libraryName('Windows'));
    }

    public function testThePackagesOwnLibraryIsLoadedWithoutAnyVariable(): void
    {
        $script = 'require "autoload.php"; new SharpApi\Webhooks\Verifier("whsec_x");'
            . ' foreach (file("/proc/self/maps") as $line) { if (str_contains($line, "sharpapi_webhooks")) {'
            . ' echo substr(trim($line), strpos($line, "/")), "\n"; } }';
        $environment = getenv();
        unset($environment[Native::LIBRARY_ENV], $environment['LD_LIBRARY_PATH']);
        $process = proc_open(
            [PHP_BINARY, '-r', $script],
            [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['redirect', 1]],
            $pipes,
            Repository::package(),
            $environment,
        );
        $output = stream_get_contents($pipes[1]);
        fclose($pipes[1]);
        self::assertSame(0, proc_close($process), (string) $output);
        $mapped = array_values(array_unique(explode("\n", trim((string) $output))));
        self::assertSame([realpath(Platform::nativeDirectory() . '/linux-x64/libsharpapi_webhooks.so')], $mapped);
    }

    public function testAPlatformWithoutALibraryIsNamedInTheError(): void
    {
        $platform = Platform::describe('Linux', 'armv7l', true, 8);
        self::assertSame('Linux armv7l (musl libc)', $platform);
        self::assertSame('Linux x86_64 (glibc), 32-bit PHP', Platform::describe('Linux', 'x86_64', false, 4));
        self::assertSame('BSD amd64', Platform::describe('BSD', 'amd64', false, 8));
        self::assertSame(
            'sharpapi-webhooks has no native library for this platform, Linux armv7l (musl libc): the package'
            . ' ships one for linux-x64, linux-arm64, linux-musl-x64, linux-musl-arm64, osx-x64, osx-arm64,'
            . ' win-x64. Build the library for this platform (scripts/install_c.sh in the project\'s'
            . ' repository) and set SHARPAPI_WEBHOOKS_LIBRARY to its path',
            Platform::noLibraryMessage($platform),
        );
    }
}
