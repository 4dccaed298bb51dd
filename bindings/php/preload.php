<?php

// For php.ini's opcache.preload. Under ffi.enable=preload, the default outside the command line,
// only preloaded code may use FFI, so every class of the package is compiled here, once, when the
// server starts; the library's declarations come from ffi.preload=.../ffi/sharpapi_webhooks.h.
// See README.md, "Install". The framework integrations (src/Laravel, src/Psr15) are left out:
// they extend their framework's types, which are not loaded here, and call FFI only through the
// preloaded Verifier, as the default ffi.enable=preload allows.

declare(strict_types=1);

require __DIR__ . '/autoload.php';

$sources = new RecursiveIteratorIterator(
    new RecursiveDirectoryIterator(__DIR__ . '/src', FilesystemIterator::SKIP_DOTS),
);
foreach ($sources as $source) {
    $relative = substr($source->getPathname(), strlen(__DIR__ . '/src/'), -strlen('.php'));
    if (str_starts_with($relative, 'Laravel/') || str_starts_with($relative, 'Psr15/')) {
        continue;
    }
    $class = 'SharpApi\\Webhooks\\' . str_replace('/', '\\', $relative);
    // Loading a class loads what it extends first, as preloading requires.
    class_exists($class) || interface_exists($class) || throw new LogicException("preload: $source declares no $class");
}
