<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests;

use PHPUnit\Framework\TestCase;

/**
 * composer.json, which no Composer checks here (Packagist is out of reach), against the files:
 * what a user's `composer require` would autoload must be what these tests load.
 */
final class PackageTest extends TestCase
{
    /** @return array<string, mixed> */
    private static function composer(): array
    {
        $text = (string) file_get_contents(Repository::package() . '/composer.json');
        return json_decode($text, true, 512, JSON_THROW_ON_ERROR);
    }

    public function testComposerJsonRequiresWhatThePackageUses(): void
    {
        $composer = self::composer();
        self::assertSame('sharpapi/webhooks', $composer['name']);
        // generate_vocabulary.php writes it; the one source is the workspace's version.
        self::assertSame(Repository::vocabulary()['version'], $composer['version']);
        self::assertSame('>=8.1', $composer['require']['php']);
        self::assertArrayHasKey('ext-ffi', $composer['require']);
        self::assertSame(['SharpApi\\Webhooks\\' => 'src/'], $composer['autoload']['psr-4']);
        self::assertSame(['SharpApi\\Webhooks\\Tests\\' => 'tests/'], $composer['autoload-dev']['psr-4']);
    }

    public function testEveryFileDeclaresTheClassItsPsr4PathNames(): void
    {
        $composer = self::composer();
        $checked = 0;
        foreach ($composer['autoload']['psr-4'] + $composer['autoload-dev']['psr-4'] as $prefix => $directory) {
            $root = Repository::package() . '/' . $directory;
            $files = new \RecursiveIteratorIterator(
                new \RecursiveDirectoryIterator($root, \FilesystemIterator::SKIP_DOTS),
            );
            foreach ($files as $file) {
                $relative = substr($file->getPathname(), strlen($root));
                // Not classes for an autoloader: the tests' bootstrap, the test applications (each
                // with its own namespace and entry scripts), and PSR-15's interfaces, declared in
                // PSR's namespace where no package brings them.
                if ($relative === 'bootstrap.php' || str_starts_with($relative, 'apps/') || $relative === 'Support/psr15.php') {
                    continue;
                }
                $source = (string) file_get_contents($file->getPathname());
                self::assertSame(1, preg_match('/^namespace ([\w\\\\]+);$/m', $source, $namespace), $relative);
                $declared = preg_match('/^(?:final |abstract )?(?:class|enum|interface|trait) (\w+)/m', $source, $class);
                self::assertSame(1, $declared, $relative);
                self::assertSame(
                    $prefix . str_replace('/', '\\', substr($relative, 0, -strlen('.php'))),
                    $namespace[1] . '\\' . $class[1],
                );
                $checked++;
            }
        }
        self::assertGreaterThan(10, $checked);
    }
}
