<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Http;

use SharpApi\Webhooks\Cause;
use SharpApi\Webhooks\Idempotency\ClaimState;
use SharpApi\Webhooks\Idempotency\IdempotencyStore;
use SharpApi\Webhooks\Inbox\AcknowledgeMode;
use SharpApi\Webhooks\Internal\Vocabulary;
use SharpApi\Webhooks\InvalidSignatureException;
use SharpApi\Webhooks\MalformedSignatureException;
use SharpApi\Webhooks\MissingSignatureException;
use SharpApi\Webhooks\Verifier;
use SharpApi\Webhooks\WebhookEvent;
use SharpApi\Webhooks\WebhookException;

/**
 * What every framework integration does with a request, apart from the framework's types: the
 * method, the body limit, verification, and the handler run once per event id. The Laravel and
 * PSR-15 middlewares are thin layers over it; another framework's can be too.
 *
 *   $answer = $endpoint->admit($method, $contentLength, $readBody, $headers);
 *   // an Answer: send it. A WebhookEvent: run the handler through run().
 */
final class WebhookEndpoint
{
    /** The default body limit, 16 MiB, from the core's vocabulary. */
    public const DEFAULT_MAX_BODY_BYTES = Vocabulary::DEFAULT_MAX_BODY_BYTES;

    /** The header that carries the signature, as SharpAPI spells it (found in any case). */
    public const SIGNATURE_HEADER = Vocabulary::SIGNATURE_HEADER;

    /** The User-Agent of SharpAPI's deliveries. */
    public const USER_AGENT = Vocabulary::USER_AGENT;

    public readonly int $maxBodyBytes;

    /** @var \Closure(string, \Throwable): void */
    private readonly \Closure $log;

    /** @var list<string>|null the secrets' text, kept only while refusals are explained */
    private readonly ?array $explainFailuresWith;

    /** @var \Closure(string, array<string, mixed>): void */
    private readonly \Closure $logRefusal;

    /**
     * @param IdempotencyStore|null $idempotency claims on event ids, so that each is handled
     *     once; null runs the handler for every verified delivery
     * @param int|null $maxBodyBytes larger bodies get 413; null for DEFAULT_MAX_BODY_BYTES
     * @param (callable(string, \Throwable): void)|null $log where a failed handler or store is
     *     reported (the answer never says more than HANDLER_FAILED); null for error_log()
     * @param list<string>|null $explainFailuresWith a debugging aid, off unless given: the
     *     verifier's secrets once more, so that each refused signature (a missing, malformed or
     *     wrong one) is explained by Verifier::explain() into $logRefusal, never into the answer,
     *     which stays the same. It costs a few dozen HMACs per refusal, and keeps the secrets'
     *     text in this object: turn it on while you look for the cause, then off
     * @param (callable(string, array<string, mixed>): void)|null $logRefusal where an explained
     *     refusal goes: a message that names each cause, and a PSR-3 style context with the
     *     refusal's `error` name and the causes' wire names (`causes`); null for error_log()
     */
    public function __construct(
        public readonly Verifier $verifier,
        public readonly ?IdempotencyStore $idempotency = null,
        ?int $maxBodyBytes = null,
        ?callable $log = null,
        #[\SensitiveParameter] ?array $explainFailuresWith = null,
        ?callable $logRefusal = null,
    ) {
        $maxBodyBytes ??= self::DEFAULT_MAX_BODY_BYTES;
        if ($maxBodyBytes < 0) {
            throw new \InvalidArgumentException("maxBodyBytes must be a number of bytes, not $maxBodyBytes");
        }
        $this->maxBodyBytes = $maxBodyBytes;
        $this->log = $log === null
            ? static function (string $message, \Throwable $error): void {
                error_log("sharpapi-webhooks: $message: $error");
            }
            : \Closure::fromCallable($log);
        if ($explainFailuresWith !== null) {
            foreach ($explainFailuresWith as $index => $secret) {
                if (!is_string($secret)) {
                    throw new \TypeError(sprintf(
                        'explainFailuresWith #%s must be a secret, a string, not %s',
                        $index,
                        get_debug_type($secret),
                    ));
                }
            }
            $explainFailuresWith = array_values($explainFailuresWith);
        }
        $this->explainFailuresWith = $explainFailuresWith;
        $this->logRefusal = $logRefusal === null
            ? static function (string $message, array $context): void {
                error_log("sharpapi-webhooks: $message");
            }
            : \Closure::fromCallable($logRefusal);
    }

    /** @return array<string, mixed> what var_dump shows: never the secrets kept to explain refusals */
    public function __debugInfo(): array
    {
        return [
            'verifier' => $this->verifier,
            'idempotency' => $this->idempotency,
            'maxBodyBytes' => $this->maxBodyBytes,
            'explainFailuresWith' => $this->explainFailuresWith === null
                ? null
                : '[REDACTED; ' . count($this->explainFailuresWith) . ']',
        ];
    }

    /**
     * The 413 answer for a request whose Content-Length is over the limit, decided before the body
     * is read; null when the body may be read (no Content-Length, as with a chunked body, counts
     * while reading).
     */
    public function refuseByLength(?string $contentLength): ?Answer
    {
        if ($contentLength === null || !ctype_digit($contentLength)) {
            return null;
        }
        // A length beyond PHP_INT_MAX reads as a float, still over any limit.
        return $contentLength + 0 > $this->maxBodyBytes ? Answer::payloadTooLarge($this->maxBodyBytes) : null;
    }

    /**
     * Checks a request: the method, the body's length (by Content-Length before the body is read,
     * then by what was read), the signature and the event. Gives the Answer to send when the
     * request is refused, or the verified event.
     *
     * @param callable(int): ?string $readBody reads the raw body, exactly as received; it may
     *     stop once it has more than the int it is given (the limit), which is then refused; null
     *     when something read the body before and it cannot be read again (answered 500)
     * @param array<array-key, mixed> $headers every header as received, in a shape that
     *     Verifier::constructEventFromHeaders() takes
     */
    public function admit(string $method, ?string $contentLength, callable $readBody, array $headers): Answer|WebhookEvent
    {
        return $this->admitWithBody($method, $contentLength, $readBody, $headers)[0];
    }

    /**
     * The acknowledge-then-process mode: admit() → the inbox's accept() → 202 accepted, or 200
     * duplicate for an id accepted before, or 503 StoreUnavailable when the inbox failed; refusals
     * as admit() answers them. Each delivery is one log line and counted in the mode's metrics;
     * an accepted one is handed to the mode's enqueue. The handler runs later, in a worker.
     *
     * @param callable(int): ?string $readBody as admit()'s
     * @param array<array-key, mixed> $headers as admit()'s
     * @param float|null $startedAt when the request started (microtime(true)), for the
     *     acknowledge histogram; null for now
     */
    public function acknowledge(
        AcknowledgeMode $mode,
        string $method,
        ?string $contentLength,
        callable $readBody,
        array $headers,
        ?float $startedAt = null,
    ): Answer {
        $startedAt ??= microtime(true);
        [$admitted, $rawBody] = $this->admitWithBody($method, $contentLength, $readBody, $headers);
        if ($admitted instanceof Answer) {
            $error = $admitted->body['error'] ?? null;
            $this->record($mode, 'refused', is_string($error) ? $error : null, [], $rawBody, $startedAt);
            return $admitted;
        }
        $fields = ['job_id' => $admitted->id, 'type' => $admitted->type, 'status' => $admitted->status];
        try {
            $outcome = $mode->inbox->accept($admitted, (string) $rawBody);
        } catch (\Throwable $error) {
            ($this->log)("the inbox failed to accept event {$admitted->id}", $error);
            // Not a delivery that was answered: one log line, no count (SharpAPI sends it again).
            $mode->log->write('store_unavailable', $fields + [
                'error_code' => 'StoreUnavailable',
                'duration_ms' => (microtime(true) - $startedAt) * 1000,
            ], $rawBody);
            return Answer::storeUnavailable();
        }
        if ($outcome === 'accepted' && $mode->enqueue !== null) {
            try {
                ($mode->enqueue)($admitted->id);
            } catch (\Throwable $error) {
                ($this->log)("event {$admitted->id} is in the inbox, but could not be queued (a sweeper will)", $error);
            }
        }
        $this->record($mode, $outcome, null, $fields, $rawBody, $startedAt);
        return $outcome === 'accepted' ? Answer::accepted($admitted->id) : Answer::duplicate($admitted->id);
    }

    /** @param array<string, string> $fields */
    private function record(AcknowledgeMode $mode, string $outcome, ?string $error, array $fields, ?string $rawBody, float $startedAt): void
    {
        $seconds = microtime(true) - $startedAt;
        $mode->log->write($outcome, $fields + ['error_code' => $error, 'duration_ms' => $seconds * 1000], $rawBody);
        try {
            $mode->metrics?->delivery($outcome, $error, $seconds);
        } catch (\Throwable $failure) {
            ($this->log)('the webhook metrics could not be recorded', $failure);
        }
    }

    /**
     * @param array<array-key, mixed> $headers
     * @return array{Answer|WebhookEvent, ?string} the answer or event, and the body when it was read
     */
    private function admitWithBody(string $method, ?string $contentLength, callable $readBody, array $headers): array
    {
        if ($method !== 'POST') {
            return [Answer::methodNotAllowed($method), null];
        }
        $tooLarge = $this->refuseByLength($contentLength);
        if ($tooLarge !== null) {
            return [$tooLarge, null];
        }
        $rawBody = $readBody($this->maxBodyBytes);
        if ($rawBody === null) {
            return [Answer::bodyAlreadyRead(), null];
        }
        if (strlen($rawBody) > $this->maxBodyBytes) {
            return [Answer::payloadTooLarge($this->maxBodyBytes), null];
        }
        try {
            return [$this->verifier->constructEventFromHeaders($rawBody, $headers), $rawBody];
        } catch (WebhookException $error) {
            if ($this->explainFailuresWith !== null && ($error instanceof MissingSignatureException
                || $error instanceof MalformedSignatureException || $error instanceof InvalidSignatureException)) {
                $this->explainRefusal($rawBody, $headers, $error);
            }
            return [Answer::refused($error), $rawBody];
        }
    }

    /**
     * Writes to the log why a signature was refused, as Verifier::explain() finds it with the
     * secrets of $explainFailuresWith. Never changes the answer: a failure here is reported too.
     *
     * @param array<array-key, mixed> $headers
     */
    private function explainRefusal(string $rawBody, array $headers, WebhookException $error): void
    {
        $name = $error::NAME;
        $context = ['error' => $name];
        try {
            $causes = Verifier::explainFromHeaders($rawBody, $headers, ...(array) $this->explainFailuresWith)->causes;
            ($this->logRefusal)(
                "a delivery was refused with $name; explained: " . implode('; ', array_map(
                    static fn (Cause $cause): string => "{$cause->wireText()}: {$cause->description()}",
                    $causes,
                )),
                $context + ['causes' => array_map(static fn (Cause $cause): string => $cause->wireText(), $causes)],
            );
        } catch (\Throwable $failure) {
            ($this->log)('a refused delivery could not be explained', $failure);
        }
    }

    /**
     * Runs $handler for a verified event. With an idempotency store: claims the id first (an id
     * handled before is answered 200 duplicate, one held by another request 409, neither running
     * the handler), then completes the claim when the handler succeeded, or releases it when it
     * did not, so that SharpAPI's retry runs it again. A handler that throws is reported to the
     * log and answered 500 HandlerFailed; a store that fails to claim, 500 IdempotencyStoreFailed.
     * A store that fails to complete is reported and the handler's answer stands: the work is
     * done, and a retry must not be provoked into doing it again.
     *
     * @template T
     * @param callable(): T $handler
     * @param callable(T): bool $succeeded whether the handler's value is a success (a 2xx answer)
     * @return T|Answer the handler's value, or the integration's own answer
     */
    public function run(WebhookEvent $event, callable $handler, callable $succeeded): mixed
    {
        $token = null;
        if ($this->idempotency !== null) {
            try {
                $claim = $this->idempotency->claim($event->id);
            } catch (\Throwable $error) {
                ($this->log)("the idempotency store failed to claim event {$event->id}", $error);
                return Answer::storeFailed();
            }
            if ($claim->state === ClaimState::Done) {
                return Answer::duplicate($event->id);
            }
            if ($claim->state === ClaimState::InProgress) {
                return Answer::inProgress($event->id);
            }
            $token = $claim->token;
        }
        try {
            $value = $handler();
        } catch (\Throwable $error) {
            ($this->log)("the handler of event {$event->id} failed", $error);
            $this->release($event->id, $token);
            return Answer::handlerFailed();
        }
        if ($token !== null) {
            if ($succeeded($value)) {
                try {
                    $this->idempotency?->complete($event->id, $token);
                } catch (\Throwable $error) {
                    ($this->log)("event {$event->id} was handled, but the store failed to record it", $error);
                }
            } else {
                $this->release($event->id, $token);
            }
        }
        return $value;
    }

    /** Releases a claim; a store failure is reported (the claim then ends with its lease). */
    private function release(string $eventId, ?string $token): void
    {
        if ($token === null) {
            return;
        }
        try {
            $this->idempotency?->release($eventId, $token);
        } catch (\Throwable $error) {
            ($this->log)("the claim on event $eventId could not be released", $error);
        }
    }
}
