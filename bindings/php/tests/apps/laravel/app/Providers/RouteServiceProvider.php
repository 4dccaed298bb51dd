<?php

declare(strict_types=1);

namespace App\Providers;

use Illuminate\Foundation\Support\Providers\RouteServiceProvider as ServiceProvider;
use Illuminate\Support\Facades\Route;

final class RouteServiceProvider extends ServiceProvider
{
    public function boot(): void
    {
        // routes/api.php in the api group, without `laravel new`'s /api prefix: the sender posts
        // to /webhooks/sharpapi.
        $this->routes(static function (): void {
            Route::middleware('api')->group(base_path('routes/api.php'));
        });
    }
}
