<?php

declare(strict_types=1);

namespace App\Http\Controllers;

use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use SharpApi\Webhooks\Laravel\VerifySharpApiWebhook;
use SharpApi\Webhooks\Tests\Apps\SenderContract;

final class WebhookController
{
    public function __invoke(Request $request): JsonResponse
    {
        $event = VerifySharpApiWebhook::event($request);  // verified by the sharpapi.webhook middleware
        SenderContract::handle($event);
        return new JsonResponse(['id' => $event->id, 'outcome' => 'handled']);
    }
}
