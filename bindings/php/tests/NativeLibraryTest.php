<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests;

use PHPUnit\Framework\TestCase;
use SharpApi\Webhooks\InvalidPayloadException;
use SharpApi\Webhooks\InvalidSecretException;
use SharpApi\Webhooks\InvalidSignatureException;
use SharpApi\Webhooks\Internal\Native;
use SharpApi\Webhooks\Internal\NativeHeader;
use SharpApi\Webhooks\JobStatus;
use SharpApi\Webhooks\JobType;
use SharpApi\Webhooks\MalformedSignatureException;
use SharpApi\Webhooks\MissingSignatureException;

/** The package against the C header and the library it loads, and each way loading can fail. */
final class NativeLibraryTest extends TestCase
{
    private const NEW_VERIFIER = 'require "autoload.php"; new SharpApi\Webhooks\Verifier("whsec_x"); echo "loaded";';

    public function testGeneratedDeclarationsMatchTheCommittedHeader(): void
    {
        [$status, $output] = Repository::runPhp(['tools/generate_native_header.php', '--check']);
        self::assertSame(0, $status, $output);
    }

    public function testEnumsListTheHeadersValuesInItsOrder(): void
    {
        $enums = [JobStatus::class => NativeHeader::JOB_STATUSES, JobType::class => NativeHeader::JOB_TYPES];
        foreach ($enums as $enum => $header) {
            $cases = $enum::cases();
            self::assertSame(array_values($header), array_column($cases, 'value'), $enum);
            foreach ($cases as $case) {
                self::assertSame(str_replace('_', '', ucwords($case->value, '_')), $case->name);
            }
        }
    }

    public function testExceptionsAreTheStatusesOfTheCAbi(): void
    {
        $ffi = Native::ffi();
        $statuses = [
            'SHARPAPI_INVALID_SECRET' => InvalidSecretException::class,
            'SHARPAPI_MISSING_SIGNATURE' => MissingSignatureException::class,
            'SHARPAPI_MALFORMED_SIGNATURE' => MalformedSignatureException::class,
            'SHARPAPI_INVALID_SIGNATURE' => InvalidSignatureException::class,
            'SHARPAPI_INVALID_PAYLOAD' => InvalidPayloadException::class,
        ];
        foreach ($statuses as $status => $class) {
            $error = Native::exception($ffi->$status);
            self::assertSame($class, $error::class);
            self::assertSame($ffi->$status, $error->getCode());
            self::assertSame($ffi->sharpapi_error_message($ffi->$status), $error->getMessage());
        }
        // An argument error of the C ABI is a bug of this package, never a refused delivery.
        self::assertInstanceOf(\LogicException::class, Native::exception($ffi->SHARPAPI_NULL_ARGUMENT));
    }

    public function testLibraryIsTheWorkspacesVersion(): void
    {
        $manifest = (string) file_get_contents(Repository::root() . '/Cargo.toml');
        self::assertSame(1, preg_match('/\[workspace\.package\]\nversion = "([^"]+)"/', $manifest, $match));
        self::assertSame($match[1], NativeHeader::VERSION);
        self::assertSame($match[1], Native::ffi()->sharpapi_version());
    }

    public function testMissingLibraryFailsClearly(): void
    {
        [$status, $output] = Repository::runPhp(
            ['-r', self::NEW_VERIFIER],
            [Native::LIBRARY_ENV => '/nonexistent/libsharpapi_webhooks.so'],
        );
        self::assertNotSame(0, $status);
        self::assertStringContainsString(
            'cannot load the native library /nonexistent/libsharpapi_webhooks.so',
            $output,
        );
    }

    public function testRestrictedFfiFailsClearly(): void
    {
        [$status, $output] = Repository::runPhp(['-d', 'ffi.enable=0', '-r', self::NEW_VERIFIER]);
        self::assertNotSame(0, $status);
        self::assertStringContainsString('"ffi.enable"', $output);
    }

    public function testLibraryOfAnotherVersionIsRefused(): void
    {
        // A library with every function of the header, whose version says 0.0.0.
        $directory = sys_get_temp_dir() . '/sharpapi-webhooks-php-' . getmypid();
        @mkdir($directory);
        file_put_contents(
            "$directory/stale.c",
            "const char *sharpapi_version(void) { return \"0.0.0\"; }\nvoid sharpapi_stub(void) {}\n",
        );
        preg_match_all('/\b(sharpapi_\w+)\(/', NativeHeader::CDEF, $functions);
        $aliases = array_map(
            fn (string $name) => "-Wl,--defsym=$name=sharpapi_stub",
            array_diff($functions[1], ['sharpapi_version']),
        );
        $library = "$directory/libsharpapi_webhooks.so";
        $command = ['gcc', '-shared', '-fPIC', '-o', $library, "$directory/stale.c", ...$aliases];
        exec(implode(' ', array_map('escapeshellarg', $command)) . ' 2>&1', $compilerOutput, $compiled);
        self::assertSame(0, $compiled, implode("\n", $compilerOutput));

        [$status, $output] = Repository::runPhp(['-r', self::NEW_VERIFIER], [Native::LIBRARY_ENV => $library]);
        array_map('unlink', glob("$directory/*"));
        rmdir($directory);
        self::assertNotSame(0, $status);
        self::assertStringContainsString(
            'the native library is version 0.0.0, this package needs ' . NativeHeader::VERSION,
            $output,
        );
    }

    public function testLibraryLoads(): void
    {
        // The three refusals above must not pass for a loader that never loads anything.
        [$status, $output] = Repository::runPhp(['-r', self::NEW_VERIFIER]);
        self::assertSame([0, 'loaded'], [$status, $output]);
    }
}
