<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Internal;

use FFI\CData;
use SharpApi\Webhooks\InvalidSecretException;
use SharpApi\Webhooks\WebhookEvent;

/**
 * The native library through FFI: loading it, and what every call shares (secrets, headers,
 * events, statuses). Nothing native leaves the package's classes.
 *
 * Every text goes to the library as bytes and a length, exactly as the PHP string holds them: a
 * NUL or a byte that is not UTF-8 is passed as is, and the library decides what it means where it
 * stands. Nothing here re-decides what is valid.
 *
 * @internal
 */
final class Native
{
    /** The environment variable that names the library file to load instead of the package's own. */
    public const LIBRARY_ENV = 'SHARPAPI_WEBHOOKS_LIBRARY';

    public const OK = NativeHeader::OK;

    /** pack()'s code for a pointer or a size_t, in the machine's order; load() checks the size. */
    private const WORD = PHP_INT_SIZE === 8 ? 'Q' : 'L';

    private static ?\FFI $ffi = null;

    /** @var array<string, \FFI\CType> parsed once: FFI parses a type given as text on every use */
    private static array $types = [];

    /** The library, loaded and checked on first use. */
    public static function ffi(): \FFI
    {
        return self::$ffi ??= self::load();
    }

    /** Throws the exception of a status that a call has just returned; OK passes. */
    public static function check(int $status): void
    {
        if ($status !== self::OK) {
            throw self::exception($status);
        }
    }

    /**
     * The exception of a status other than OK that the last call into the library returned, with
     * the library's full message for it (an InvalidPayload's says at which line and column): call
     * it right after that call. A WebhookException for the project's codes; a LogicException for
     * an argument error of the C ABI, which only a bug of this package causes.
     */
    public static function exception(int $status): \Throwable
    {
        $ffi = self::ffi();
        // The message of the last failed call on this thread; empty when none failed (a status
        // that no call returned), then the status's static text.
        $message = $ffi->sharpapi_last_error_message(null);
        if ($message === '') {
            $message = $ffi->sharpapi_error_message($status);
        }
        $error = Vocabulary::EXCEPTIONS[$status] ?? null;
        if ($error === null) {
            return new \LogicException(
                "sharpapi-webhooks: unexpected status $status from the native library: $message",
            );
        }
        return new $error($message);
    }

    /**
     * A new native verifier of $secrets. Each secret is a string of bytes passed as it is; any
     * other value (null, an unset setting's false, a number) is an InvalidSecretException, never
     * a TypeError, and is never shown.
     *
     * @param list<mixed> $secrets
     */
    public static function newVerifier(#[\SensitiveParameter] array $secrets): CData
    {
        foreach ($secrets as $index => $secret) {
            if (!is_string($secret)) {
                throw new InvalidSecretException(sprintf(
                    'invalid secret: webhook secret #%d is %s, not a string; copy the "Secret for '
                    . 'Signature" from the SharpAPI webhooks dashboard',
                    $index,
                    get_debug_type($secret),
                ));
            }
        }
        $ffi = self::ffi();
        [$strings, $buffer] = self::stringArray('sharpapi_str_t', $secrets, true);
        try {
            $handle = $ffi->new(self::type('sharpapi_verifier_t *'));
            self::check($ffi->sharpapi_verifier_new($strings, count($secrets), \FFI::addr($handle)));
            return $handle;
        } finally {
            // The library keeps only the keyed state; no copy of a secret should outlive the call.
            self::wipe($buffer);
        }
    }

    /** Zeroes the native bytes that held secrets for a call (null: there were none). */
    private static function wipe(?CData $buffer): void
    {
        if ($buffer !== null) {
            \FFI::memset($buffer, 0, \FFI::sizeof($buffer));
        }
    }

    /**
     * A native array of sharpapi_header_t, one per pair of $texts (name, value, name, value...),
     * and the buffer that holds their bytes: keep both alive while the library reads them.
     *
     * @param list<string> $texts
     * @return array{CData|null, CData|null} null for no header
     */
    public static function headers(array $texts): array
    {
        return self::stringArray('sharpapi_header_t', $texts, false);
    }

    public static function sign(string $payload, #[\SensitiveParameter] string $secret): string
    {
        $ffi = self::ffi();
        $signature = $ffi->new(self::type('char[' . NativeHeader::SIGNATURE_BUFFER_LEN . ']'));
        self::check($ffi->sharpapi_sign(
            $payload,
            strlen($payload),
            $secret,
            strlen($secret),
            $signature,
            NativeHeader::SIGNATURE_BUFFER_LEN,
        ));
        return \FFI::string($signature);
    }

    /**
     * The causes that sharpapi_explain finds, as its cause set: bit n - 1 for cause n. A secret
     * the library cannot use (empty, not UTF-8) is skipped there, not refused.
     *
     * @param list<string> $secrets
     */
    public static function explain(string $rawBody, ?string $signature, #[\SensitiveParameter] array $secrets): int
    {
        $ffi = self::ffi();
        [$strings, $buffer] = self::stringArray('sharpapi_str_t', $secrets, true);
        $causes = $ffi->new(self::type('uint32_t'));
        try {
            self::check($ffi->sharpapi_explain(
                $rawBody,
                strlen($rawBody),
                $signature,
                $signature === null ? 0 : strlen($signature),
                $strings,
                count($secrets),
                \FFI::addr($causes),
            ));
        } finally {
            self::wipe($buffer);
        }
        return $causes->cdata;
    }

    /**
     * explain() with the signature looked up among $headers as the library finds it.
     *
     * @param array<array-key, mixed> $headers in a shape that Verifier::constructEventFromHeaders() takes
     * @param list<string> $secrets
     */
    public static function explainFromHeaders(string $rawBody, array $headers, #[\SensitiveParameter] array $secrets): int
    {
        $ffi = self::ffi();
        $texts = self::headerTexts($headers);
        [$native, $headerBuffer] = self::headers($texts);
        [$strings, $buffer] = self::stringArray('sharpapi_str_t', $secrets, true);
        $causes = $ffi->new(self::type('uint32_t'));
        try {
            self::check($ffi->sharpapi_explain_from_headers(
                $rawBody,
                strlen($rawBody),
                $native,
                intdiv(count($texts), 2),
                $strings,
                count($secrets),
                \FFI::addr($causes),
            ));
        } finally {
            self::wipe($buffer);
        }
        unset($headerBuffer);
        return $causes->cdata;
    }

    /**
     * A delivery that the library writes and signs: its body and its X-Signature value.
     *
     * @return array{string, string}
     */
    public static function testDelivery(
        #[\SensitiveParameter] string $secret,
        string $id,
        string $status,
        string $type,
        ?string $resultJson,
    ): array {
        $ffi = self::ffi();
        $texts = $resultJson === null ? [$secret, $id, $status, $type] : [$secret, $id, $status, $type, $resultJson];
        [$strings, $buffer] = self::stringArray('sharpapi_str_t', $texts, true);
        // NULL with a length of 0 is no result; an empty result is text, at a pointer that is not NULL.
        $result = $resultJson === null ? $ffi->new(self::type('sharpapi_str_t')) : $strings[4];
        $emptyResult = $ffi->new('char[1]');
        if ($resultJson === '') {
            $result->ptr = $ffi->cast(self::type('const char *'), $emptyResult);
        }
        $delivery = $ffi->new(self::type('sharpapi_test_delivery_t *'));
        try {
            $made = $ffi->sharpapi_test_delivery_new(
                $strings[0],
                $strings[1],
                $strings[2],
                $strings[3],
                $result,
                \FFI::addr($delivery),
            );
        } finally {
            self::wipe($buffer);
        }
        self::check($made);
        try {
            $text = $ffi->new(self::type('const char *'));
            $length = $ffi->new(self::type('size_t'));
            self::check($ffi->sharpapi_test_delivery_body($delivery, \FFI::addr($text), \FFI::addr($length)));
            $body = \FFI::string($text, $length->cdata);
            self::check($ffi->sharpapi_test_delivery_signature($delivery, \FFI::addr($text), \FFI::addr($length)));
            return [$body, \FFI::string($text, $length->cdata)];
        } finally {
            $ffi->sharpapi_test_delivery_free($delivery);
        }
    }

    /**
     * The names and values of $headers, in order: name, value, name, value... A list is taken as
     * [name, value] pairs; any other array as names mapped to a value or a list of values, each
     * value a header of its own.
     *
     * @param array<array-key, mixed> $headers
     * @return list<string>
     * @throws \TypeError when $headers has another shape, or a name or value is not a string
     */
    public static function headerTexts(array $headers): array
    {
        $texts = [];
        if (array_is_list($headers)) {
            foreach ($headers as $index => $pair) {
                if (!is_array($pair) || count($pair) !== 2 || !array_is_list($pair)
                    || !is_string($pair[0]) || !is_string($pair[1])) {
                    throw new \TypeError(sprintf(
                        'header #%d must be a [name, value] pair of two strings, not %s',
                        $index,
                        get_debug_type($pair),
                    ));
                }
                $texts[] = $pair[0];
                $texts[] = $pair[1];
            }
            return $texts;
        }
        foreach ($headers as $name => $values) {
            // PHP turns a key such as "123" into an integer; it is still the header's name.
            $name = (string) $name;
            foreach (is_array($values) ? $values : [$values] as $value) {
                if (!is_string($value)) {
                    throw new \TypeError(sprintf(
                        'the value of header "%s" must be a string or a list of strings, not %s',
                        $name,
                        get_debug_type($value),
                    ));
                }
                $texts[] = $name;
                $texts[] = $value;
            }
        }
        return $texts;
    }

    public static function parseEventUnverified(string $rawBody): WebhookEvent
    {
        $event = self::newEventHandle();
        self::check(self::ffi()->sharpapi_parse_event_unverified(
            $rawBody,
            strlen($rawBody),
            \FFI::addr($event),
        ));
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

    /**
     * A native array of $type, sharpapi_str_t or sharpapi_header_t (two of them), filled with
     * $texts in order, each pointing at its bytes in one native buffer; an empty text is NULL
     * with a length of 0. The array is null when there is no text (FFI cannot make an array of
     * no element), the buffer when every text is empty.
     *
     * The array is written whole from the words PHP packs, pointer and length for each text: one
     * copy, where filling each member through FFI would cost more than the call itself. load()
     * checks that the two types are made of those words and nothing else. $sensitive texts (the
     * secrets) are copied one by one, never joined into a PHP string first.
     *
     * @param list<string> $texts
     * @return array{CData|null, CData|null} the array and the buffer, both to keep alive
     */
    private static function stringArray(string $type, #[\SensitiveParameter] array $texts, bool $sensitive): array
    {
        if ($texts === []) {
            return [null, null];
        }
        $ffi = self::ffi();
        $count = intdiv(count($texts), $type === 'sharpapi_header_t' ? 2 : 1);
        $array = $ffi->new(self::type("{$type}[$count]"));
        $joined = $sensitive ? null : implode('', $texts);
        $total = $joined === null ? array_sum(array_map('strlen', $texts)) : strlen($joined);
        if ($total === 0) {
            return [$array, null];
        }
        $buffer = $ffi->new("char[$total]");
        $start = $ffi->cast(self::type('char *'), $buffer);
        if ($joined === null) {
            // Text by text: a joined PHP string would leave a copy of the secrets in PHP's heap,
            // where nothing zeroes it.
            $offset = 0;
            foreach ($texts as $text) {
                \FFI::memcpy($start + $offset, $text, strlen($text));
                $offset += strlen($text);
            }
        } else {
            \FFI::memcpy($buffer, $joined, $total);
        }
        $address = $ffi->cast(self::type('uintptr_t'), $start)->cdata;
        $words = [];
        foreach ($texts as $text) {
            $length = strlen($text);
            $words[] = $length === 0 ? 0 : $address;
            $words[] = $length;
            $address += $length;
        }
        $packed = pack(self::WORD . '*', ...$words);
        \FFI::memcpy($array, $packed, strlen($packed));
        return [$array, $buffer];
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
            // The file SHARPAPI_WEBHOOKS_LIBRARY names, else the package's native/<rid>/ one for
            // this platform, else (none shipped for it) the library by name, as the dynamic
            // loader finds an installed one.
            [$rid, $platform] = Platform::current();
            $library = getenv(self::LIBRARY_ENV)
                ?: Platform::packagedLibrary($rid)
                ?? Platform::libraryName(PHP_OS_FAMILY);
            try {
                $ffi = \FFI::cdef(NativeHeader::CDEF, $library);
            } catch (\FFI\Exception $error) {
                throw new \RuntimeException(self::cannotLoad($library, $error, $rid, $platform), 0, $error);
            }
        }
        $word = PHP_INT_SIZE;
        $sizes = [
            'uintptr_t' => $word,
            'size_t' => $word,
            'char *' => $word,
            'sharpapi_str_t' => 2 * $word,
            'sharpapi_header_t' => 4 * $word,
        ];
        foreach ($sizes as $type => $size) {
            if (\FFI::sizeof($ffi->type($type)) !== $size) {
                throw new \RuntimeException(
                    "sharpapi-webhooks: $type is not $size bytes here, as this package needs",
                );
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

    /**
     * Why FFI::cdef failed, and what to do: allow FFI here, build the library for a platform the
     * package has none for, or install it.
     */
    private static function cannotLoad(string $library, \FFI\Exception $error, ?string $rid, string $platform): string
    {
        // ffi.enable restricts FFI before any library is looked for: off, or "preload" (the
        // default) outside the command line for code that was not preloaded, as under a plain
        // `php -S`. FFI::new applies the same rule to this same caller, so it tells which.
        try {
            \FFI::new('char');
        } catch (\FFI\Exception) {
            return sprintf(
                'sharpapi-webhooks: FFI is restricted here by the php.ini directive ffi.enable '
                . '(it is "%s"), so the native library cannot be loaded: %s. Set ffi.enable=1 '
                . '(`php -d ffi.enable=1`), or keep ffi.enable=preload and preload this package '
                . 'with ffi.preload=.../ffi/sharpapi_webhooks.h and opcache.preload=.../preload.php '
                . '(README.md, "Install")',
                (string) ini_get('ffi.enable'),
                $error->getMessage(),
            );
        }
        if ($rid === null && !getenv(self::LIBRARY_ENV)) {
            return Platform::noLibraryMessage($platform) . ' (' . $error->getMessage() . ')';
        }
        $missing = '';
        if ($rid !== null && $library === Platform::libraryName(PHP_OS_FAMILY)) {
            $missing = sprintf(
                ' The package\'s native/%s/ folder has no library (bindings/php/build.sh in the clone fills it).',
                $rid,
            );
        }
        return sprintf(
            'sharpapi-webhooks: cannot load the native library %s on %s: %s.%s Set %s to the '
            . 'library\'s path, or install it (scripts/install_c.sh, then ldconfig)',
            $library,
            $platform,
            $error->getMessage(),
            $missing,
            self::LIBRARY_ENV,
        );
    }

    private static function type(string $declaration): \FFI\CType
    {
        return self::$types[$declaration] ??= self::ffi()->type($declaration);
    }
}
