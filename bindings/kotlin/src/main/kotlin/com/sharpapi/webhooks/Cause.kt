// Generated from bindings/vocabulary.json by bindings/kotlin/generate_vocabulary.py; do not edit.

package com.sharpapi.webhooks

import com.sharpapi.webhooks.ffi.Cause as NativeCause

/**
 * What [Explanation.of] finds: one change between a delivery as SharpAPI signed it and as it was
 * verified. [code] is the C ABI's number for it and [wireText] its name in data, the same in every
 * language; [description] is its sentence for the endpoint's owner.
 */
enum class Cause(
    /** The permanent number (the C ABI's `SHARPAPI_CAUSE_*`), from 1. */
    val code: Int,
    /** The name as data spells it, the same in every language (`"json_whitespace"`). */
    val wireText: String,
    /** One sentence for the endpoint's owner: what happened and what to do. */
    val description: String,
) {
    /** `signature_matches`: the signature matches the body as received */
    SignatureMatches(
        1,
        "signature_matches",
        "the signature matches the body as received",
    ),

    /**
     * `missing_signature`: the request has no X-Signature header: pass the request's headers as
     * received
     */
    MissingSignature(
        2,
        "missing_signature",
        "the request has no X-Signature header: pass the request's headers as received",
    ),

    /**
     * `malformed_signature`: the X-Signature value is not 64 hex digits: pass the header's value as
     * received
     */
    MalformedSignature(
        3,
        "malformed_signature",
        "the X-Signature value is not 64 hex digits: pass the header's value as received",
    ),

    /**
     * `signature_prefix`: the signature has a prefix such as "sha256=": SharpAPI sends the bare hex
     * digest; pass the header's value as received
     */
    SignaturePrefix(
        4,
        "signature_prefix",
        "the signature has a prefix such as \"sha256=\": SharpAPI sends the bare hex digest; pass the header's value as received",
    ),

    /**
     * `secret_whitespace`: a configured secret has whitespace around it: copy the secret again
     * without spaces or newlines
     */
    SecretWhitespace(
        5,
        "secret_whitespace",
        "a configured secret has whitespace around it: copy the secret again without spaces or newlines",
    ),

    /**
     * `json_whitespace`: the body was re-serialized with other whitespace (pretty-printed or
     * compacted): verify the raw request bytes, before any JSON parsing
     */
    JsonWhitespace(
        6,
        "json_whitespace",
        "the body was re-serialized with other whitespace (pretty-printed or compacted): verify the raw request bytes, before any JSON parsing",
    ),

    /**
     * `json_key_order`: the body's JSON members were reordered (e.g. sorted keys): verify the raw
     * request bytes, before any JSON parsing
     */
    JsonKeyOrder(
        7,
        "json_key_order",
        "the body's JSON members were reordered (e.g. sorted keys): verify the raw request bytes, before any JSON parsing",
    ),

    /**
     * `json_escaping`: the body's strings were escaped differently (SharpAPI writes \/ and \u00e9
     * as PHP does; a JSON parse and re-serialization changes them): verify the raw request bytes
     */
    JsonEscaping(
        8,
        "json_escaping",
        "the body's strings were escaped differently (SharpAPI writes \\/ and \\u00e9 as PHP does; a JSON parse and re-serialization changes them): verify the raw request bytes",
    ),

    /**
     * `line_endings`: the body's line endings were converted between CRLF and LF: read the body as
     * bytes, not as text
     */
    LineEndings(
        9,
        "line_endings",
        "the body's line endings were converted between CRLF and LF: read the body as bytes, not as text",
    ),

    /**
     * `trailing_newline`: a trailing newline was added to or removed from the body: read the body
     * as bytes, exactly as received
     */
    TrailingNewline(
        10,
        "trailing_newline",
        "a trailing newline was added to or removed from the body: read the body as bytes, exactly as received",
    ),

    /**
     * `byte_order_mark`: a byte order mark was added to or removed from the body: read the body as
     * bytes, exactly as received
     */
    ByteOrderMark(
        11,
        "byte_order_mark",
        "a byte order mark was added to or removed from the body: read the body as bytes, exactly as received",
    ),

    /**
     * `unexplained`: no usual change to the body or the secret explains it: most likely the secret
     * is not the one SharpAPI signs with (copy "Secret for Signature" again from the dashboard), or
     * the body was altered in another way
     */
    Unexplained(
        12,
        "unexplained",
        "no usual change to the body or the secret explains it: most likely the secret is not the one SharpAPI signs with (copy \"Secret for Signature\" again from the dashboard), or the body was altered in another way",
    );

    override fun toString(): String = wireText
}

// Exhaustive: the build fails when the library's enum and bindings/vocabulary.json disagree.
internal fun NativeCause.toCause(): Cause =
    when (this) {
        NativeCause.SIGNATURE_MATCHES -> Cause.SignatureMatches
        NativeCause.MISSING_SIGNATURE -> Cause.MissingSignature
        NativeCause.MALFORMED_SIGNATURE -> Cause.MalformedSignature
        NativeCause.SIGNATURE_PREFIX -> Cause.SignaturePrefix
        NativeCause.SECRET_WHITESPACE -> Cause.SecretWhitespace
        NativeCause.JSON_WHITESPACE -> Cause.JsonWhitespace
        NativeCause.JSON_KEY_ORDER -> Cause.JsonKeyOrder
        NativeCause.JSON_ESCAPING -> Cause.JsonEscaping
        NativeCause.LINE_ENDINGS -> Cause.LineEndings
        NativeCause.TRAILING_NEWLINE -> Cause.TrailingNewline
        NativeCause.BYTE_ORDER_MARK -> Cause.ByteOrderMark
        NativeCause.UNEXPLAINED -> Cause.Unexplained
    }
