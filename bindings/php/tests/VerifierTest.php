<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests;

use PHPUnit\Framework\TestCase;
use SharpApi\Webhooks\Internal\Native;
use SharpApi\Webhooks\InvalidPayloadException;
use SharpApi\Webhooks\InvalidSecretException;
use SharpApi\Webhooks\InvalidSignatureException;
use SharpApi\Webhooks\JobStatus;
use SharpApi\Webhooks\JobType;
use SharpApi\Webhooks\MalformedSignatureException;
use SharpApi\Webhooks\MissingSignatureException;
use SharpApi\Webhooks\Verifier;
use SharpApi\Webhooks\WebhookEvent;
use SharpApi\Webhooks\WebhookException;

/** Bad input at every parameter, and what the vectors cannot show: PHP's own types and values. */
final class VerifierTest extends TestCase
{
    private const SECRET = 'whsec_php_test_secret';

    private const BODY = '{"id":"bf683177-3a48-47d1-9c4e-0b4de39517fa","status":"success",'
        . '"type":"content_translate","result":{"content":"ciao"}}';

    public function testSignIsHmacSha256OfEveryByte(): void
    {
        $everyByte = implode('', array_map('chr', range(0, 255)));
        foreach (['', "a\0b", $everyByte, str_repeat($everyByte, 4096)] as $payload) {
            self::assertSame(hash_hmac('sha256', $payload, self::SECRET), Verifier::sign($payload, self::SECRET));
        }
    }

    public function testBodyIsPassedWithItsLengthNotUpToANul(): void
    {
        $verifier = new Verifier([self::SECRET]);
        $signature = hash_hmac('sha256', "a\0b", self::SECRET);
        self::assertTrue($verifier->isValid("a\0b", $signature));
        self::assertFalse($verifier->isValid("a\0c", $signature));
        self::assertFalse($verifier->isValid('a', $signature));
    }

    public function testSignatureHoldingANulIsMalformedEvenWithAValidPrefix(): void
    {
        $verifier = new Verifier([self::SECRET]);
        $cut = hash_hmac('sha256', self::BODY, self::SECRET) . "\0 trailing";
        self::assertFalse($verifier->isValid(self::BODY, $cut));
        self::assertThrows(MalformedSignatureException::class, fn () => $verifier->verify(self::BODY, $cut));
        self::assertThrows(MalformedSignatureException::class, fn () => $verifier->constructEvent(self::BODY, $cut));
        self::assertThrows(MalformedSignatureException::class, fn () => $verifier->verify(self::BODY, "\0"));
    }

    public function testSignatureThatIsNotUtf8IsMalformed(): void
    {
        $verifier = new Verifier([self::SECRET]);
        self::assertThrows(
            MalformedSignatureException::class,
            fn () => $verifier->verify(self::BODY, str_repeat("\xff", 64)),
        );
    }

    public function testAbsentOrBlankSignatureIsMissing(): void
    {
        $verifier = new Verifier([self::SECRET]);
        foreach ([null, '', " \t "] as $signature) {
            self::assertFalse($verifier->isValid(self::BODY, $signature));
            self::assertThrows(
                MissingSignatureException::class,
                fn () => $verifier->constructEvent(self::BODY, $signature),
            );
        }
    }

    public function testSignedBodyThatIsNotAnEventIsInvalidPayload(): void
    {
        $verifier = new Verifier([self::SECRET]);
        foreach (['', "\0", '[]', '{"id":"x"}'] as $rawBody) {
            $signature = hash_hmac('sha256', $rawBody, self::SECRET);
            $verifier->verify($rawBody, $signature);
            $error = self::assertThrows(
                InvalidPayloadException::class,
                fn () => $verifier->constructEvent($rawBody, $signature),
            );
            self::assertSame(5, $error->getCode());
        }
    }

    public function testLargeBodyIsVerifiedWhole(): void
    {
        $rawBody = str_replace('ciao', str_repeat('x', 4 << 20), self::BODY);
        $verifier = new Verifier([self::SECRET]);
        $event = $verifier->constructEvent($rawBody, hash_hmac('sha256', $rawBody, self::SECRET));
        self::assertSame(4 << 20, strlen($event->result()['content']));
        self::assertFalse($verifier->isValid($rawBody . ' ', hash_hmac('sha256', $rawBody, self::SECRET)));
    }

    public function testBadSecretsAreRefused(): void
    {
        $refused = [
            'no secret' => [],
            'an empty secret' => [''],
            'an empty second secret' => [self::SECRET, ''],
            'bytes that are not UTF-8' => ["whsec_\xc3\x28"],
            'a lone surrogate, as WTF-8' => ["whsec_\xed\xa0\x80"],
        ];
        foreach ($refused as $what => $secrets) {
            $error = self::assertThrows(InvalidSecretException::class, fn () => new Verifier($secrets), $what);
            self::assertSame(1, $error->getCode(), $what);
            if ($secrets !== []) {
                self::assertThrows(InvalidSecretException::class, fn () => Verifier::sign('{}', end($secrets)), $what);
            }
        }
    }

    public function testSecretThatIsNotAStringIsAnInvalidSecretNotATypeError(): void
    {
        $refused = [
            'null' => null,
            'a null in the list' => [self::SECRET, null],
            "an unset setting's false" => [false],
            'a number' => [42],
            'a list' => [[self::SECRET]],
        ];
        foreach ($refused as $what => $secrets) {
            $error = self::assertThrows(InvalidSecretException::class, fn () => new Verifier($secrets), $what);
            self::assertSame(1, $error->getCode(), $what);
            self::assertStringNotContainsString(self::SECRET, $error->getMessage(), $what);
        }
    }

    public function testSecretHoldingANulIsUsedWhole(): void
    {
        $secret = "whsec_a\0b";
        $signature = hash_hmac('sha256', self::BODY, $secret);
        self::assertSame($signature, Verifier::sign(self::BODY, $secret));
        self::assertTrue((new Verifier([$secret]))->isValid(self::BODY, $signature));
        // Not the secret cut at the NUL, as C would have read it before 0.2.0.
        self::assertFalse((new Verifier(['whsec_a']))->isValid(self::BODY, $signature));
        self::assertFalse((new Verifier([$secret]))->isValid(self::BODY, hash_hmac('sha256', self::BODY, 'whsec_a')));
    }

    public function testSecretIsUsedExactly(): void
    {
        foreach ([' ' . self::SECRET, self::SECRET . "\n", "caf\u{e9}", "cafe\u{301}"] as $secret) {
            self::assertSame(hash_hmac('sha256', self::BODY, $secret), Verifier::sign(self::BODY, $secret));
            self::assertTrue((new Verifier($secret))->isValid(self::BODY, hash_hmac('sha256', self::BODY, $secret)));
        }
    }

    public function testConstructEventFromHeadersTakesPsr7HeadersOrPairs(): void
    {
        $verifier = new Verifier([self::SECRET]);
        $signature = hash_hmac('sha256', self::BODY, self::SECRET);
        $accepted = [
            'PSR-7, one value' => ['Content-Type' => ['application/json'], 'X-Signature' => [$signature]],
            'a plain map' => ['Content-Type' => 'application/json', 'X-Signature' => $signature],
            'pairs' => [['Content-Type', 'application/json'], ['X-Signature', $signature]],
            'odd case' => [['x-SiGnAtUrE', $signature]],
            'the same value twice, as a list' => ['X-Signature' => [$signature, $signature]],
            'the same value twice, as pairs in two cases' => [['X-Signature', $signature], ['x-signature', " $signature\t"]],
            'a numeric header name' => ['123' => 'x', 'x-signature' => $signature],
        ];
        foreach ($accepted as $what => $headers) {
            $event = $verifier->constructEventFromHeaders(self::BODY, $headers);
            self::assertSame('bf683177-3a48-47d1-9c4e-0b4de39517fa', $event->id, $what);
        }

        $refused = [
            'no header' => [[], MissingSignatureException::class],
            'another header' => [['X-Signature-256' => $signature], MissingSignatureException::class],
            'a name with space around it' => [[[' X-Signature', $signature]], MissingSignatureException::class],
            'an empty value' => [['X-Signature' => ''], MissingSignatureException::class],
            'no value' => [['X-Signature' => []], MissingSignatureException::class],
            'two different values' => [['X-Signature' => [$signature, str_repeat('0', 64)]], MalformedSignatureException::class],
            'two different values, as pairs' => [[['X-Signature', $signature], ['X-SIGNATURE', str_repeat('0', 64)]], MalformedSignatureException::class],
            'values joined with a comma' => [['X-Signature' => "$signature, $signature"], MalformedSignatureException::class],
            'a NUL after a valid value' => [['X-Signature' => "$signature\0junk"], MalformedSignatureException::class],
            'bytes that are not UTF-8' => [['X-Signature' => "\xff$signature"], MalformedSignatureException::class],
            'a wrong value' => [['X-Signature' => str_repeat('0', 64)], InvalidSignatureException::class],
        ];
        foreach ($refused as $what => [$headers, $class]) {
            self::assertThrows($class, fn () => $verifier->constructEventFromHeaders(self::BODY, $headers), $what);
        }
        // A name that is not UTF-8 is no match, and a NUL in a name is not cut at.
        self::assertThrows(MissingSignatureException::class, fn () => $verifier->constructEventFromHeaders(
            self::BODY,
            [["X-Signature\xff", $signature], ["X-Signature\0", $signature]],
        ));

        $misshapen = [
            'a pair of one string' => [['X-Signature']],
            'a pair of three strings' => [['X-Signature', $signature, 'x']],
            'a pair with a number' => [['X-Signature', 42]],
            'a string in a list' => ["X-Signature: $signature"],
            'a null value' => ['X-Signature' => null],
            'a null in the values' => ['X-Signature' => [$signature, null]],
        ];
        foreach ($misshapen as $what => $headers) {
            self::assertThrows(\TypeError::class, fn () => $verifier->constructEventFromHeaders(self::BODY, $headers), $what);
        }
    }

    public function testInvalidPayloadSaysAtWhichLineAndColumn(): void
    {
        $verifier = new Verifier([self::SECRET]);
        $rawBody = "{\n  \"id\": 5\n}";
        $error = self::assertThrows(
            InvalidPayloadException::class,
            fn () => $verifier->constructEvent($rawBody, hash_hmac('sha256', $rawBody, self::SECRET)),
        );
        self::assertStringContainsString('line 2 column', $error->getMessage());
        $error = self::assertThrows(InvalidPayloadException::class, fn () => WebhookEvent::parseUnverified('{"id": "x",'));
        self::assertMatchesRegularExpression('/ at line 1 column \d+$/', $error->getMessage());
    }

    public function testNestingIsRefusedPast128Levels(): void
    {
        $verifier = new Verifier([self::SECRET]);
        // The event object is level 1, so "result" may hold 127 more levels.
        $nested = static fn (int $levels): string => '{"id":"job","status":"success","type":"content_translate",'
            . '"result":' . str_repeat('[', $levels - 1) . str_repeat(']', $levels - 1) . '}';
        $deepest = $nested(128);
        $event = $verifier->constructEvent($deepest, hash_hmac('sha256', $deepest, self::SECRET));
        self::assertSame('job', $event->id);
        $tooDeep = $nested(129);
        $error = self::assertThrows(
            InvalidPayloadException::class,
            fn () => $verifier->constructEvent($tooDeep, hash_hmac('sha256', $tooDeep, self::SECRET)),
        );
        self::assertStringContainsString('nested deeper than 128 levels at line 1 column', $error->getMessage());
        self::assertThrows(InvalidPayloadException::class, fn () => WebhookEvent::parseUnverified($tooDeep));
    }

    public function testMessagesAreTheLibrarysForTheCallThatFailed(): void
    {
        $verifier = new Verifier([self::SECRET]);
        $ffi = Native::ffi();
        $error = self::assertThrows(MissingSignatureException::class, fn () => $verifier->verify(self::BODY, null));
        self::assertSame($ffi->sharpapi_error_message(MissingSignatureException::CODE), $error->getMessage());
        // A payload error first, then another status: each message is its own call's.
        self::assertThrows(InvalidPayloadException::class, fn () => WebhookEvent::parseUnverified('[]'));
        $error = self::assertThrows(MalformedSignatureException::class, fn () => $verifier->verify(self::BODY, 'abc'));
        self::assertSame($ffi->sharpapi_error_message(MalformedSignatureException::CODE), $error->getMessage());
    }

    public function testOneSecretMayBeGivenAlone(): void
    {
        $signature = hash_hmac('sha256', self::BODY, self::SECRET);
        self::assertTrue((new Verifier(self::SECRET))->isValid(self::BODY, $signature));
        self::assertFalse((new Verifier('whsec_other'))->isValid(self::BODY, $signature));
    }

    public function testSecretIsNeverShown(): void
    {
        $verifier = new Verifier([self::SECRET, 'whsec_previous']);
        $shown = print_r($verifier, true) . var_export($verifier, true);
        ob_start();
        var_dump($verifier);
        $shown .= ob_get_clean();
        self::assertStringContainsString('[REDACTED; 2]', $shown);
        foreach (['verify', 'constructEvent'] as $method) {
            $shown .= self::assertThrows(
                InvalidSignatureException::class,
                fn () => $verifier->$method(self::BODY, str_repeat('0', 64)),
            )->getMessage();
        }
        // #[\SensitiveParameter] keeps the secrets out of the arguments that a trace records, which
        // an error tracker may send away whole.
        $traces = '';
        $refusals = [
            fn () => new Verifier([self::SECRET, '']),
            fn () => new Verifier([self::SECRET, null]),
            fn () => new Verifier(["\xc3\x28" . self::SECRET]),
            fn () => Verifier::sign('{}', "\xed\xa0\x80" . self::SECRET),
        ];
        foreach ($refusals as $refusal) {
            $error = self::assertThrows(InvalidSecretException::class, $refusal);
            $shown .= $error->getMessage();
            // The package's frames, which received the secrets; PHPUnit's would print every test.
            $frames = array_filter(
                $error->getTrace(),
                static fn (array $frame) => str_starts_with($frame['class'] ?? '', 'SharpApi\\Webhooks\\')
                    && !str_starts_with($frame['class'], 'SharpApi\\Webhooks\\Tests\\'),
            );
            self::assertNotEmpty($frames);
            $traces .= $error->getTraceAsString() . print_r($frames, true);
        }
        // Every other error, each with the verifier's secrets in play.
        $shown .= self::assertThrows(MissingSignatureException::class, fn () => $verifier->verify(self::BODY, ''))->getMessage();
        $shown .= self::assertThrows(MalformedSignatureException::class, fn () => $verifier->verify(self::BODY, self::SECRET))->getMessage();
        $shown .= self::assertThrows(
            InvalidPayloadException::class,
            fn () => $verifier->constructEvent('{"id": 5}', hash_hmac('sha256', '{"id": 5}', self::SECRET)),
        )->getMessage();
        self::assertStringContainsString('SensitiveParameterValue', $traces);
        self::assertStringNotContainsString(substr(self::SECRET, 0, 8), $shown . $traces);
    }

    public function testVerifierCannotBeCopied(): void
    {
        $verifier = new Verifier([self::SECRET]);
        // A copy would release the native verifier twice.
        self::assertThrows(\Error::class, fn () => clone $verifier);
        self::assertThrows(\Exception::class, fn () => serialize($verifier));
    }

    public function testErrorsAreWebhookExceptionsWithTheProjectCodes(): void
    {
        $verifier = new Verifier([self::SECRET]);
        $errors = [
            2 => fn () => $verifier->verify(self::BODY, null),
            3 => fn () => $verifier->verify(self::BODY, 'abc'),
            4 => fn () => $verifier->verify(self::BODY, str_repeat('0', 64)),
            5 => fn () => $verifier->constructEvent('[]', hash_hmac('sha256', '[]', self::SECRET)),
            1 => fn () => new Verifier(''),
        ];
        foreach ($errors as $code => $call) {
            $error = self::assertThrows(WebhookException::class, $call);
            self::assertSame($code, $error->getCode());
            self::assertSame($code, $error::CODE);
            self::assertSame($error::NAME . 'Exception', (new \ReflectionClass($error))->getShortName());
        }
    }

    public function testEventKeepsTheTextOfUnknownValues(): void
    {
        $known = new WebhookEvent('job-1', 'success', 'hr_parse_resume');
        self::assertSame(JobStatus::Success, $known->knownStatus);
        self::assertSame(JobType::HrParseResume, $known->knownType);
        self::assertTrue($known->isSuccess());

        $unknown = new WebhookEvent('job-2', 'Success', 'content_generate_poem');
        self::assertNull($unknown->knownStatus);
        self::assertNull($unknown->knownType);
        self::assertSame(['Success', 'content_generate_poem'], [$unknown->status, $unknown->type]);
        self::assertFalse($unknown->isSuccess());
    }

    public function testResultIsDecodedOnFirstUseAndKept(): void
    {
        $verifier = new Verifier([self::SECRET]);
        $event = $verifier->constructEvent(self::BODY, hash_hmac('sha256', self::BODY, self::SECRET));
        self::assertSame('{"content":"ciao"}', $event->resultJson);
        $result = $event->result();
        self::assertSame(['content' => 'ciao'], $result);
        self::assertSame($result, $event->result());
        self::assertNull((new WebhookEvent('job-3', 'failed', 'content_translate'))->result());
        self::assertFalse((new WebhookEvent('job-4', 'success', 'content_detect_spam', 'false'))->result());
    }

    public function testNativeEventsAreReleased(): void
    {
        $rawBody = str_replace('ciao', str_repeat('x', 10240), self::BODY);
        $signature = hash_hmac('sha256', $rawBody, self::SECRET);
        $verifier = new Verifier([self::SECRET]);
        $residentKib = static function (): int {
            preg_match('/^VmRSS:\s+(\d+) kB$/m', (string) file_get_contents('/proc/self/status'), $match);
            return (int) $match[1];
        };
        $before = $residentKib();
        // Every event holds a copy of its 10 KiB result in native memory: 20,000 kept would be 200 MiB.
        for ($i = 0; $i < 10000; $i++) {
            $verifier->constructEvent($rawBody, $signature);
            WebhookEvent::parseUnverified($rawBody);
        }
        self::assertLessThan(16 * 1024, $residentKib() - $before);
    }

    /**
     * @template T of \Throwable
     * @param class-string<T> $class
     * @return T
     */
    private static function assertThrows(string $class, callable $call, string $message = ''): \Throwable
    {
        try {
            $call();
        } catch (\Throwable $error) {
            self::assertInstanceOf($class, $error, $message);
            return $error;
        }
        self::fail("no $class was thrown" . ($message === '' ? '' : ": $message"));
    }

    public function testAnUnsetEnvironmentVariableGivenAloneIsAnInvalidSecret(): void
    {
        $unset = getenv('SHARPAPI_WEBHOOKS_TEST_SURELY_UNSET');
        self::assertFalse($unset);
        $this->expectException(InvalidSecretException::class);
        new Verifier($unset);
    }
}
