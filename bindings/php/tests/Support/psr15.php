<?php

// PSR-15's two interfaces, for the tests where no package declares them: Debian 12 packages
// psr/http-message and psr/http-factory, and Slim 3, but not psr/http-server-handler or
// psr/http-server-middleware. Declared here as the PSR-15 standard (www.php-fig.org/psr/psr-15)
// defines them, only when they are missing; an application gets them from Composer with
// Slim 4, Mezzio or any PSR-15 dispatcher.

declare(strict_types=1);

namespace Psr\Http\Server;

use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;

if (!interface_exists(RequestHandlerInterface::class, false)) {
    interface RequestHandlerInterface
    {
        public function handle(ServerRequestInterface $request): ResponseInterface;
    }
}

if (!interface_exists(MiddlewareInterface::class, false)) {
    interface MiddlewareInterface
    {
        public function process(ServerRequestInterface $request, RequestHandlerInterface $handler): ResponseInterface;
    }
}
