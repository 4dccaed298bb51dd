<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests\Integrations;

use Illuminate\Contracts\Console\Kernel as ConsoleKernel;
use Illuminate\Foundation\Testing\TestCase;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\Route;
use Illuminate\Testing\TestResponse;
use SharpApi\Webhooks\Cause;
use SharpApi\Webhooks\Inbox\AcknowledgeMode;
use SharpApi\Webhooks\Inbox\DeliveryLog;
use SharpApi\Webhooks\Inbox\InboxItem;
use SharpApi\Webhooks\Inbox\InboxWorker;
use SharpApi\Webhooks\Inbox\SqliteInbox;
use SharpApi\Webhooks\Laravel\ProcessDelivery;
use SharpApi\Webhooks\Laravel\VerifySharpApiWebhook;
use SharpApi\Webhooks\Tests\Repository;
use SharpApi\Webhooks\Tests\Support\Frameworks;
use SharpApi\Webhooks\TestDelivery;
use SharpApi\Webhooks\Verifier;
use SharpApi\Webhooks\WebhookEvent;

Frameworks::laravel();

/**
 * The Laravel integration in the Laravel application of tests/apps/laravel (Debian's Laravel 8),
 * through Laravel's own test client: the kernel, its global middleware and the exception handler
 * run as they do for a request over HTTP (which the sender suite sends the same application).
 */
final class LaravelTest extends TestCase
{
    private const SECRET = 'whsec_laravel_test_current';

    private const PREVIOUS_SECRET = 'whsec_laravel_test_previous';

    private static string $state;

    /** @var array<string, array{string|false, mixed, mixed}> each variable's value before, to restore */
    private static array $saved = [];

    public static function setUpBeforeClass(): void
    {
        self::$state = sys_get_temp_dir() . '/sharpapi-php-laravel-' . bin2hex(random_bytes(6));
        self::setEnvironment([
            'SHARPAPI_APP_STATE' => self::$state,
            'SHARPAPI_WEBHOOK_SECRET' => self::SECRET,
            'SHARPAPI_WEBHOOK_PREVIOUS_SECRET' => self::PREVIOUS_SECRET,
            'SHARPAPI_HANDLED_LOG' => null,
            'LOG_CHANNEL' => 'single',
        ]);
    }

    public static function tearDownAfterClass(): void
    {
        exec('rm -rf ' . escapeshellarg(self::$state));
        foreach (self::$saved as $name => [$variable, $server, $env]) {
            $variable === false ? putenv($name) : putenv("$name=$variable");
            self::restore($_SERVER, $name, $server);
            self::restore($_ENV, $name, $env);
        }
        self::$saved = [];
    }

    /**
     * Sets variables where Laravel's env() and getenv() both read them: the process environment,
     * $_SERVER and $_ENV (scripts/test_php.sh's SHARPAPI_WEBHOOK_SECRET is in all three).
     *
     * @param array<string, ?string> $variables null unsets
     */
    private static function setEnvironment(array $variables): void
    {
        foreach ($variables as $name => $value) {
            self::$saved[$name] ??= [getenv($name), $_SERVER[$name] ?? null, $_ENV[$name] ?? null];
            $value === null ? putenv($name) : putenv("$name=$value");
            self::restore($_SERVER, $name, $value);
            self::restore($_ENV, $name, $value);
        }
    }

    /** @param array<string, mixed> $array */
    private static function restore(array &$array, string $name, mixed $value): void
    {
        if ($value === null) {
            unset($array[$name]);
        } else {
            $array[$name] = $value;
        }
    }

    public function createApplication()
    {
        $app = require Repository::package() . '/tests/apps/laravel/bootstrap/app.php';
        $app->make(ConsoleKernel::class)->bootstrap();
        return $app;
    }

    public function testTheProviderRegistersTheAliasAndMergesTheDefaults(): void
    {
        self::assertSame(VerifySharpApiWebhook::class, $this->app->make('router')->getMiddleware()['sharpapi.webhook']);
        self::assertSame(self::SECRET, config('services.sharpapi.webhook_secret'), 'not from SHARPAPI_WEBHOOK_SECRET');
        self::assertSame([self::SECRET, self::PREVIOUS_SECRET], config('services.sharpapi.webhook_secrets'));
        self::assertSame('file', config('services.sharpapi.idempotency_store'));
    }

    public function testADeliveryIsHandledOnceAndItsRetriesAreDuplicates(): void
    {
        [$id, $body] = self::delivery();
        $this->deliver($body, Verifier::sign($body, self::SECRET))
            ->assertStatus(200)->assertExactJson(['id' => $id, 'outcome' => 'handled']);
        $this->deliver($body, Verifier::sign($body, self::SECRET))
            ->assertStatus(200)->assertExactJson(['id' => $id, 'outcome' => 'duplicate']);
    }

    public function testThePreviousSecretIsAcceptedWhileRotating(): void
    {
        [, $body] = self::delivery();
        $this->deliver($body, Verifier::sign($body, self::PREVIOUS_SECRET))->assertStatus(200);
    }

    public function testRefusalsAreTheCoresErrorsInJson(): void
    {
        [, $body] = self::delivery();
        $this->deliver(str_replace('Hallo', 'Hello', $body), Verifier::sign($body, self::SECRET))
            ->assertStatus(401)->assertJson(['error' => 'InvalidSignature', 'code' => 4]);
        $this->deliver($body, null)->assertStatus(401)->assertJson(['error' => 'MissingSignature', 'code' => 2]);
        $this->deliver('[]', Verifier::sign('[]', self::SECRET))->assertStatus(400)->assertJson(['error' => 'InvalidPayload']);
    }

    public function testGetIs405JsonWithAllow(): void
    {
        $this->call('GET', '/webhooks/sharpapi')
            ->assertStatus(405)->assertHeader('Allow', 'POST')->assertJson(['error' => 'MethodNotAllowed']);
        // A POST that asks for another method with _method is still a POST.
        [$id, $body] = self::delivery();
        $this->call('POST', '/webhooks/sharpapi?_method=PUT', [], [], [], self::server($body, Verifier::sign($body, self::SECRET)), $body)
            ->assertStatus(200)->assertJson(['id' => $id]);
    }

    public function testAContentLengthOverTheLimitIs413BeforeAnyMiddlewareReadsTheBody(): void
    {
        config(['services.sharpapi.max_body_bytes' => 100]);
        [, $body] = self::delivery(str_repeat('x', 200));
        $this->deliver($body, Verifier::sign($body, self::SECRET))
            ->assertStatus(413)->assertHeader('Content-Type', 'application/json')
            ->assertExactJson(['error' => 'PayloadTooLarge', 'message' => "the request body is larger than the webhook's limit of 100 bytes"]);
    }

    public function testAContentLengthOverPostMaxSizeIs413JsonRatherThanLaravelsPage(): void
    {
        $postMaxSize = 8 * 1024 * 1024;
        self::assertSame('8M', ini_get('post_max_size'), 'this test expects the CLI default post_max_size');
        [, $body] = self::delivery();
        $server = ['CONTENT_LENGTH' => (string) ($postMaxSize + 1)] + self::server($body, Verifier::sign($body, self::SECRET));
        $this->call('POST', '/webhooks/sharpapi', [], [], [], $server, $body)
            ->assertStatus(413)
            ->assertExactJson(['error' => 'PayloadTooLarge', 'message' => "the request body is larger than PHP's post_max_size of $postMaxSize bytes"]);
        // Another route is left to Laravel (ValidatePostSize's PostTooLargeException).
        Route::post('/elsewhere', static fn (): string => 'elsewhere');
        $other = $this->call('POST', '/elsewhere', [], [], [], $server, $body);
        $other->assertStatus(413);
        self::assertStringNotContainsString('PayloadTooLarge', (string) $other->getContent());
    }

    public function testAFailingControllerIs500HandlerFailedWithoutATraceAndItsRetryRuns(): void
    {
        config(['app.debug' => true]);  // Laravel's own page would show the trace
        [$id, $body] = self::delivery('fails once', ['fail_attempts' => 1]);
        $failed = $this->deliver($body, Verifier::sign($body, self::SECRET));
        $failed->assertStatus(500)->assertExactJson(['error' => 'HandlerFailed', 'message' => 'the webhook handler failed; SharpAPI will retry']);
        self::assertStringNotContainsString('fails on purpose', (string) $failed->getContent());
        // Reported by Laravel's exception handler, to the application's log.
        self::assertStringContainsString("the test handler fails on purpose for event $id", self::log());
        $this->deliver($body, Verifier::sign($body, self::SECRET))->assertStatus(200)->assertExactJson(['id' => $id, 'outcome' => 'handled']);
    }

    public function testNoUsableSecretIs500InvalidSecret(): void
    {
        config(['services.sharpapi.webhook_secrets' => [], 'services.sharpapi.webhook_secret' => null]);
        [, $body] = self::delivery();
        $this->deliver($body, Verifier::sign($body, self::SECRET))
            ->assertStatus(500)->assertJson(['error' => 'InvalidSecret', 'code' => 1]);
        self::assertStringContainsString('services.sharpapi has no usable webhook secret', self::log());
    }

    public function testWithoutAStoreEveryDeliveryIsHandled(): void
    {
        config(['services.sharpapi.idempotency_store' => null]);
        [$id, $body] = self::delivery();
        for ($i = 0; $i < 2; $i++) {
            $this->deliver($body, Verifier::sign($body, self::SECRET))->assertExactJson(['id' => $id, 'outcome' => 'handled']);
        }
    }

    public function testATestDeliveryPostedThroughLaravelsTestClientIsHandled(): void
    {
        $delivery = TestDelivery::create(self::SECRET, resultJson: '{"content":"Hallo"}');
        $id = WebhookEvent::parseUnverified($delivery->body)->id;
        // call() takes the headers as server variables (HTTP_X_SIGNATURE...), as post() makes them.
        $this->call('POST', '/webhooks/sharpapi', [], [], [], $this->transformHeadersToServerVars($delivery->headers), $delivery->body)
            ->assertStatus(200)->assertExactJson(['id' => $id, 'outcome' => 'handled']);
    }

    public function testExplainFailuresLogsTheCauseAndTheAnswerIsUnchanged(): void
    {
        $delivery = TestDelivery::create(self::SECRET, resultJson: '{"content":"Hallo"}');
        $withNewline = $delivery->body . "\n";  // as a test client or a logging layer may add
        $server = $this->transformHeadersToServerVars($delivery->headers);
        $plain = $this->call('POST', '/webhooks/sharpapi', [], [], [], $server, $withNewline);
        $plain->assertStatus(401);

        $this->refreshApplication();
        config(['services.sharpapi.explain_failures' => true]);
        $explained = $this->call('POST', '/webhooks/sharpapi', [], [], [], $server, $withNewline);
        $explained->assertStatus(401);
        self::assertSame($plain->getContent(), $explained->getContent());
        self::assertStringNotContainsString('trailing_newline', (string) $explained->getContent());
        // One warning in the log: the second request's, none for the first.
        self::assertSame(1, preg_match_all('/^\[[^]]+\] \w+\.WARNING: sharpapi-webhooks: .*$/m', self::log(), $warnings));
        self::assertStringEndsWith(
            '.WARNING: sharpapi-webhooks: a delivery was refused with InvalidSignature; explained: trailing_newline: '
            . Cause::TrailingNewline->description() . ' {"error":"InvalidSignature","causes":["trailing_newline"]} ',
            $warnings[0][0],
        );
    }

    public function testTheInboxModeAnswers202AndTheQueuedJobRunsTheHandlerOnce(): void
    {
        // Laravel's queue, its sync driver here (scripts/test_php.sh runs the same job on the
        // database and redis drivers under `php artisan queue:work`: tests/apps/inbox/laravel_queue_processes.py).
        $this->app->register(\Illuminate\Bus\BusServiceProvider::class);
        $this->app->register(\Illuminate\Queue\QueueServiceProvider::class);
        config(['queue.default' => 'sync', 'queue.connections.sync' => ['driver' => 'sync']]);
        $inbox = new SqliteInbox(self::$state . '/inbox-' . bin2hex(random_bytes(4)) . '.sqlite', backoffSeconds: 30.0);
        $log = new DeliveryLog($this->app->make('log'));
        $handled = new \ArrayObject();
        $this->app->instance(InboxWorker::class, new InboxWorker($inbox, static function (WebhookEvent $event, InboxItem $item) use ($handled): void {
            if (($event->result()['fail'] ?? false) === true) {
                throw new \RuntimeException("failing on purpose, attempt {$item->attempts}");
            }
            $handled[] = $event->id;
        }, log: $log));
        $this->app->instance(AcknowledgeMode::class, new AcknowledgeMode($inbox, static function (string $id): void {
            ProcessDelivery::dispatch($id);
        }, log: $log));

        [$id, $body] = self::delivery();
        $this->deliver($body, Verifier::sign($body, self::SECRET))
            ->assertStatus(202)->assertExactJson(['id' => $id, 'outcome' => 'accepted']);
        self::assertSame([$id], $handled->getArrayCopy());
        self::assertSame('done', $inbox->get($id)?->state);
        $this->deliver($body, Verifier::sign($body, self::SECRET))
            ->assertStatus(200)->assertExactJson(['id' => $id, 'outcome' => 'duplicate']);
        self::assertSame([$id], $handled->getArrayCopy());

        [$failing, $body] = self::delivery(result: ['fail' => true]);
        $this->deliver($body, Verifier::sign($body, self::SECRET))->assertStatus(202);
        $item = $inbox->get($failing);
        self::assertSame('pending', $item?->state, 'a retry after the backoff, not dead');
        self::assertSame(1, $item->attempts);
        self::assertSame('RuntimeException: failing on purpose, attempt 1', $item->lastError);
        self::assertSame(0, ProcessDelivery::sweep($inbox, 0.0), 'backing off: not due');
        self::assertSame([$id], $handled->getArrayCopy());

        $this->deliver($body, 'not-a-signature')->assertStatus(401);
        $lines = self::log();
        foreach (['accepted', 'handled', 'duplicate', 'handler_failed', 'refused'] as $outcome) {
            self::assertStringContainsString("sharpapi_webhooks delivery $outcome {", $lines);
        }
        self::assertStringContainsString('"error_code":"MalformedSignature"', $lines);
        self::assertStringNotContainsString(self::SECRET, $lines);
    }

    public function testTheEventOfARequestThatWasNotVerifiedIsALogicError(): void
    {
        $this->expectException(\LogicException::class);
        VerifySharpApiWebhook::event(Request::create('/webhooks/sharpapi', 'POST'));
    }

    private static function log(): string
    {
        return (string) @file_get_contents(self::$state . '/storage/logs/laravel.log');
    }

    private function deliver(string $body, ?string $signature): TestResponse
    {
        return $this->call('POST', '/webhooks/sharpapi', [], [], [], self::server($body, $signature), $body);
    }

    /** @return array<string, string> the request's headers as PHP's server variables */
    private static function server(string $body, ?string $signature): array
    {
        $server = ['CONTENT_TYPE' => 'application/json', 'CONTENT_LENGTH' => (string) strlen($body), 'HTTP_USER_AGENT' => 'SharpAPIWebhook/1.0'];
        return $signature === null ? $server : $server + ['HTTP_X_SIGNATURE' => $signature];
    }

    /**
     * @param array<string, mixed> $result
     * @return array{string, string} a new job's id and its delivery
     */
    private static function delivery(string $content = 'Hallo', array $result = []): array
    {
        $id = 'job-' . bin2hex(random_bytes(8));
        $body = json_encode(['id' => $id, 'status' => 'success', 'type' => 'content_translate', 'result' => ['content' => $content] + $result]);
        return [$id, (string) $body];
    }
}
