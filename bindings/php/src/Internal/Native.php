<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Internal;

use FFI\CData;
use SharpApi\Webhooks\InvalidPayloadException;
use SharpApi\Webhooks\InvalidSecretException;
use SharpApi\Webhooks\InvalidSignatureException;
use SharpApi\Webhooks\MalformedSignatureException;
use SharpApi\Webhooks\MissingSignatureException;
use SharpApi\Webhooks\WebhookEvent;
use SharpApi\Webhooks\WebhookException;

/**
 * The native library through FFI: loading it, and what every call shares (secrets, signatures,
 * events, statuses). Nothing native leaves the package's classes.
 *
 * @internal
 */
final class Native
{
    /** The environment variable that names the library's path, when the loader cannot find it. */
    public const LIBRARY_ENV = 'SHARPAPI_WEBHOOKS_LIBRARY';

    public const OK = 0;

    private const INVALID_UTF8 = 101;

    private const ERRORS = [
        InvalidSecretException::CODE => InvalidSecretException::class,
        MissingSignatureException::CODE => MissingSignatureException::class,
        MalformedSignatureException::CODE => MalformedSignatureException::class,
        InvalidSignatureException::CODE => InvalidSignatureException::class,
        InvalidPayloadException::CODE => InvalidPayloadException::class,
    ];

    private static ?\FFI $ffi = null;

    /** @var array<string, \FFI\CType> parsed once: FFI parses a type given as text on every use */
    private static array $types = [];

    /** The library, loaded and checked on first use. */
    public static function ffi(): \FFI
    {
        return self::$ffi ??= self::load();
    }

    /** Throws the exception of a status; OK passes. */
    public static function check(int $status): void
    {
        if ($status !== self::OK) {
            throw self::exception($status);
        }
    }

    /**
     * The exception of a status other than OK: a WebhookException for the project's codes, a
     * LogicException for an argument error of the C ABI, which only a bug of this package causes.
     */
    public static function exception(int $status): \Throwable
    {
        $message = self::ffi()->sharpapi_error_message($status);
        $error = self::ERRORS[$status] ?? null;
        if ($error === null) {
            return new \LogicException(
                "sharpapi-webhooks: unexpected status $status from the native library: $message",
            );
        }
        return new $error($message);
    }

    /**
     * Whether C would read only part of a signature: one holding a NUL byte could otherwise pass
     * with a valid prefix, so it is malformed without asking the library.
     */
    public static function signatureIsCut(?string $signature): bool
    {
        return $signature !== null && str_contains($signature, "\0");
    }

    /** @param list<mixed> $secrets */
    public static function newVerifier(#[\SensitiveParameter] array $secrets): CData
    {
        $ffi = self::ffi();
        $count = count($secrets);
        // FFI refuses an array of no elements; with no secret the library reads none.
        $pointers = $ffi->new('const char *[' . max($count, 1) . ']');
        $copies = [];
        try {
            foreach ($secrets as $index => $secret) {
                if (!is_string($secret)) {
                    throw new \TypeError(
                        'a webhook secret must be a string, not ' . get_debug_type($secret),
                    );
                }
                self::refuseNul($secret);
                // Zeroed when made, so the copy ends with the NUL that C needs.
                $copy = $ffi->new('char[' . (strlen($secret) + 1) . ']');
                \FFI::memcpy($copy, $secret, strlen($secret));
                $pointers[$index] = $ffi->cast('const char *', $copy);
                $copies[] = $copy;
            }
            $handle = $ffi->new(self::type('sharpapi_verifier_t *'));
            $status = $ffi->sharpapi_verifier_new($pointers, $count, \FFI::addr($handle));
            self::checkSecretStatus($status);
            return $handle;
        } finally {
            // The library keeps only the keyed state; no copy of a secret should outlive the call.
            foreach ($copies as $copy) {
                \FFI::memset($copy, 0, \FFI::sizeof($copy));
            }
        }
    }

    public static function sign(string $payload, #[\SensitiveParameter] string $secret): string
    {
        $ffi = self::ffi();
        self::refuseNul($secret);
        $signature = $ffi->new(self::type('char[' . NativeHeader::SIGNATURE_BUFFER_LEN . ']'));
        self::checkSecretStatus($ffi->sharpapi_sign(
            $payload,
            strlen($payload),
            $secret,
            $signature,
            NativeHeader::SIGNATURE_BUFFER_LEN,
        ));
        return \FFI::string($signature);
    }

    public static function parseEventUnverified(string $rawBody): WebhookEvent
    {
        $event = self::newEventHandle();
        $status = self::ffi()->sharpapi_parse_event_unverified(
            $rawBody,
            strlen($rawBody),
            \FFI::addr($event),
        );
        self::check($status);
        return self::takeEvent($event);
    }

    /** An empty `sharpapi_event_t *`, for a call to fill. */
    public static function newEventHandle(): CData
    {
        return self::ffi()->new(self::type('sharpapi_event_t *'));
    }

    /** Copies a native event into a WebhookEvent, and releases it. */
    public static function takeEvent(CData $event): WebhookEvent
    {
        $ffi = self::ffi();
        try {
            $fields = $ffi->new(self::type('sharpapi_event_fields_t'));
            self::check($ffi->sharpapi_event_fields($event, \FFI::addr($fields)));
            return new WebhookEvent(
                \FFI::string($fields->id, $fields->id_len),
                \FFI::string($fields->status, $fields->status_len),
                \FFI::string($fields->job_type, $fields->job_type_len),
                $fields->result === null
                    ? null
                    : \FFI::string($fields->result, $fields->result_len),
            );
        } finally {
            $ffi->sharpapi_event_free($event);
        }
    }

    private static function load(): \FFI
    {
        if (!extension_loaded('ffi')) {
            throw new \RuntimeException(
                "sharpapi-webhooks needs PHP's FFI extension (ext-ffi): install or enable it",
            );
        }
        try {
            // Declared by php.ini's ffi.preload, the one way FFI works in a web server under the
            // default ffi.enable=preload.
            $ffi = \FFI::scope(NativeHeader::SCOPE);
        } catch (\FFI\Exception) {
            $library = getenv(self::LIBRARY_ENV) ?: NativeHeader::SONAME;
            try {
                $ffi = \FFI::cdef(NativeHeader::CDEF, $library);
            } catch (\FFI\Exception $error) {
                throw new \RuntimeException(sprintf(
                    'sharpapi-webhooks: cannot load the native library %s: %s. Install it '
                    . '(scripts/install_c.sh, then ldconfig) or set %s to its path; where '
                    . 'ffi.enable is "preload", preload this package (README.md)',
                    $library,
                    $error->getMessage(),
                    self::LIBRARY_ENV,
                ), 0, $error);
            }
        }
        $version = $ffi->sharpapi_version();
        if ($version !== NativeHeader::VERSION) {
            throw new \RuntimeException(sprintf(
                'sharpapi-webhooks: the native library is version %s, this package needs %s',
                $version,
                NativeHeader::VERSION,
            ));
        }
        return $ffi;
    }

    private static function type(string $declaration): \FFI\CType
    {
        return self::$types[$declaration] ??= self::ffi()->type($declaration);
    }

    private static function refuseNul(#[\SensitiveParameter] string $secret): void
    {
        // C would read the secret only up to the NUL, and check against another secret.
        if (str_contains($secret, "\0")) {
            throw new InvalidSecretException(
                'invalid secret: a webhook secret cannot hold a NUL byte',
            );
        }
    }

    private static function checkSecretStatus(int $status): void
    {
        // Only a secret is checked for UTF-8 here; PHP strings are bytes, so it is the caller's.
        if ($status === self::INVALID_UTF8) {
            throw new InvalidSecretException(
                'invalid secret: a webhook secret must be UTF-8 text; copy the "Secret for '
                . 'Signature" from the SharpAPI webhooks dashboard',
            );
        }
        self::check($status);
    }
}
