<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests;

use PHPUnit\Framework\TestCase;
use SharpApi\Webhooks\Internal\Native;
use SharpApi\Webhooks\Internal\NativeHeader;
use SharpApi\Webhooks\Internal\Vocabulary;
use SharpApi\Webhooks\JobStatus;
use SharpApi\Webhooks\JobType;

/** The package against the C header and the library it loads, and each way loading can fail. */
final class NativeLibraryTest extends TestCase
{
    private const NEW_VERIFIER = 'require "autoload.php"; new SharpApi\Webhooks\Verifier("whsec_x"); echo "loaded";';

    public function testGeneratedDeclarationsMatchTheCommittedHeader(): void
    {
        [$status, $output] = Repository::runPhp(['tools/generate_native_header.php', '--check']);
        self::assertSame(0, $status, $output);
    }

    public function testGeneratedVocabularyIsFresh(): void
    {
        [$status, $output] = Repository::runPhp(['generate_vocabulary.php', '--check']);
        self::assertSame(0, $status, $output);
    }

    public function testEnumsAreTheVocabularysValuesInItsOrder(): void
    {
        $vocabulary = Repository::vocabulary();
        $enums = [JobStatus::class => $vocabulary['job_statuses'], JobType::class => $vocabulary['job_types']];
        foreach ($enums as $enum => $values) {
            self::assertSame(
                array_map(fn (array $value) => [$value['name'], $value['wire']], $values),
                array_map(fn (\BackedEnum $case) => [$case->name, $case->value], $enum::cases()),
                $enum,
            );
        }
    }

    public function testExceptionsAreTheVocabularysErrorsAndTheStatusesOfTheCAbi(): void
    {
        $ffi = Native::ffi();
        $table = [];
        foreach (Repository::vocabulary()['errors'] as $error) {
            $class = Vocabulary::EXCEPTIONS[$error['code']];
            self::assertSame([$error['code'], $error['name']], [$class::CODE, $class::NAME]);
            // The C ABI's enum has the same number under the vocabulary's C name.
            self::assertSame($error['code'], $ffi->{$error['c_name']});
            $table[$error['code']] = $class;
        }
        self::assertSame($table, Vocabulary::EXCEPTIONS);
        // Every exception class of the package is in the table.
        foreach (glob(Repository::package() . '/src/*Exception.php') as $file) {
            $class = 'SharpApi\\Webhooks\\' . basename($file, '.php');
            if (!(new \ReflectionClass($class))->isAbstract()) {
                self::assertContains($class, Vocabulary::EXCEPTIONS);
            }
        }
        self::assertSame(NativeHeader::OK, $ffi->SHARPAPI_OK);
        // An argument error of the C ABI is a bug of this package, never a refused delivery.
        foreach (Repository::vocabulary()['abi_errors'] as $error) {
            self::assertInstanceOf(\LogicException::class, Native::exception($error['code']));
        }
    }

    public function testLibraryIsTheWorkspacesVersion(): void
    {
        $manifest = (string) file_get_contents(Repository::root() . '/Cargo.toml');
        self::assertSame(1, preg_match('/\[workspace\.package\]\nversion = "([^"]+)"/', $manifest, $match));
        self::assertSame($match[1], Repository::vocabulary()['version']);
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
        self::assertStringContainsString('restricted here by the php.ini directive ffi.enable', $output);
        self::assertStringNotContainsString('Install it', $output);
    }

    public function testPlainBuiltInServerSaysToSetFfiEnableNotToInstall(): void
    {
        // Issue 17: under `php -S` with the default ffi.enable=preload and nothing preloaded,
        // FFI refuses before any library is looked for.
        $directory = sys_get_temp_dir() . '/sharpapi-webhooks-php-server-' . getmypid();
        @mkdir($directory);
        $autoload = var_export(Repository::package() . '/autoload.php', true);
        file_put_contents("$directory/index.php", "<?php require $autoload;\n"
            . "try { new SharpApi\\Webhooks\\Verifier('whsec_x'); echo 'loaded'; }\n"
            . "catch (RuntimeException \$error) { echo \$error->getMessage(); }\n");
        $server = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int) substr((string) strrchr(stream_socket_get_name($server, false), ':'), 1);
        fclose($server);
        $process = proc_open(
            [PHP_BINARY, '-d', 'ffi.enable=preload', '-S', "127.0.0.1:$port", "$directory/index.php"],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']],
            $pipes,
        );
        try {
            $output = false;
            for ($attempt = 0; $attempt < 100 && $output === false; $attempt++) {
                usleep(50000);
                $output = @file_get_contents("http://127.0.0.1:$port/");
            }
        } finally {
            proc_terminate($process);
            proc_close($process);
            array_map('unlink', glob("$directory/*"));
            rmdir($directory);
        }
        self::assertIsString($output, 'the server did not answer');
        self::assertStringContainsString('ffi.enable', $output);
        self::assertStringContainsString('ffi.preload', $output);
        self::assertStringContainsString('opcache.preload', $output);
        self::assertStringNotContainsString('Install it', $output);
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
