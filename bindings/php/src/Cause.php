<?php

// Generated from bindings/vocabulary.json by bindings/php/generate_vocabulary.php; do not edit.

declare(strict_types=1);

namespace SharpApi\Webhooks;

/**
 * What Verifier::explain() finds: one change between a delivery as SharpAPI signed it and as it
 * was verified. A case's value is its name in data, the same in every language
 * ("json_whitespace"); code() is the C ABI's SHARPAPI_CAUSE_* number; description() is its
 * sentence for the endpoint's owner.
 */
enum Cause: string
{
    /**
     * "signature_matches": the signature matches the body as received
     */
    case SignatureMatches = 'signature_matches';

    /**
     * "missing_signature": the request has no X-Signature header: pass the request's headers as
     * received
     */
    case MissingSignature = 'missing_signature';

    /**
     * "malformed_signature": the X-Signature value is not 64 hex digits: pass the header's value
     * as received
     */
    case MalformedSignature = 'malformed_signature';

    /**
     * "signature_prefix": the signature has a prefix such as "sha256=": SharpAPI sends the bare
     * hex digest; pass the header's value as received
     */
    case SignaturePrefix = 'signature_prefix';

    /**
     * "secret_whitespace": a configured secret has whitespace around it: copy the secret again
     * without spaces or newlines
     */
    case SecretWhitespace = 'secret_whitespace';

    /**
     * "json_whitespace": the body was re-serialized with other whitespace (pretty-printed or
     * compacted): verify the raw request bytes, before any JSON parsing
     */
    case JsonWhitespace = 'json_whitespace';

    /**
     * "json_key_order": the body's JSON members were reordered (e.g. sorted keys): verify the raw
     * request bytes, before any JSON parsing
     */
    case JsonKeyOrder = 'json_key_order';

    /**
     * "json_escaping": the body's strings were escaped differently (SharpAPI writes \/ and \u00e9
     * as PHP does; a JSON parse and re-serialization changes them): verify the raw request bytes
     */
    case JsonEscaping = 'json_escaping';

    /**
     * "line_endings": the body's line endings were converted between CRLF and LF: read the body
     * as bytes, not as text
     */
    case LineEndings = 'line_endings';

    /**
     * "trailing_newline": a trailing newline was added to or removed from the body: read the body
     * as bytes, exactly as received
     */
    case TrailingNewline = 'trailing_newline';

    /**
     * "byte_order_mark": a byte order mark was added to or removed from the body: read the body
     * as bytes, exactly as received
     */
    case ByteOrderMark = 'byte_order_mark';

    /**
     * "unexplained": no usual change to the body or the secret explains it: most likely the
     * secret is not the one SharpAPI signs with (copy "Secret for Signature" again from the
     * dashboard), or the body was altered in another way
     */
    case Unexplained = 'unexplained';

    /** The cause's name in data, the same in every language: its value. */
    public function wireText(): string
    {
        return $this->value;
    }

    /** The C ABI's number of the cause (SHARPAPI_CAUSE_*); in a cause set, it is bit code() - 1. */
    public function code(): int
    {
        return match ($this) {
            self::SignatureMatches => 1,
            self::MissingSignature => 2,
            self::MalformedSignature => 3,
            self::SignaturePrefix => 4,
            self::SecretWhitespace => 5,
            self::JsonWhitespace => 6,
            self::JsonKeyOrder => 7,
            self::JsonEscaping => 8,
            self::LineEndings => 9,
            self::TrailingNewline => 10,
            self::ByteOrderMark => 11,
            self::Unexplained => 12,
        };
    }

    /** One sentence for the endpoint's owner: what happened and what to do. */
    public function description(): string
    {
        return match ($this) {
            self::SignatureMatches => 'the signature matches the body as received',
            self::MissingSignature => 'the request has no X-Signature header: pass the request\'s headers as received',
            self::MalformedSignature => 'the X-Signature value is not 64 hex digits: pass the header\'s value as received',
            self::SignaturePrefix => 'the signature has a prefix such as "sha256=": SharpAPI sends the bare hex digest; pass the header\'s value as received',
            self::SecretWhitespace => 'a configured secret has whitespace around it: copy the secret again without spaces or newlines',
            self::JsonWhitespace => 'the body was re-serialized with other whitespace (pretty-printed or compacted): verify the raw request bytes, before any JSON parsing',
            self::JsonKeyOrder => 'the body\'s JSON members were reordered (e.g. sorted keys): verify the raw request bytes, before any JSON parsing',
            self::JsonEscaping => 'the body\'s strings were escaped differently (SharpAPI writes \\/ and \\u00e9 as PHP does; a JSON parse and re-serialization changes them): verify the raw request bytes',
            self::LineEndings => 'the body\'s line endings were converted between CRLF and LF: read the body as bytes, not as text',
            self::TrailingNewline => 'a trailing newline was added to or removed from the body: read the body as bytes, exactly as received',
            self::ByteOrderMark => 'a byte order mark was added to or removed from the body: read the body as bytes, exactly as received',
            self::Unexplained => 'no usual change to the body or the secret explains it: most likely the secret is not the one SharpAPI signs with (copy "Secret for Signature" again from the dashboard), or the body was altered in another way',
        };
    }
}
