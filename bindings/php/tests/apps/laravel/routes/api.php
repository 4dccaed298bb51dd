<?php

declare(strict_types=1);

use Illuminate\Support\Facades\Route;
use App\Http\Controllers\WebhookController;

// Every method, so that the middleware answers a GET 405 in JSON (Route::post would leave it to
// the router's HTML page).
Route::any('/webhooks/sharpapi', WebhookController::class)->middleware('sharpapi.webhook');
