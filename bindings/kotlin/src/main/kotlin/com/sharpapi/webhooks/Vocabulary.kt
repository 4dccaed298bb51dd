// Generated from bindings/vocabulary.json by bindings/kotlin/generate_vocabulary.py; do not edit.

package com.sharpapi.webhooks

/** This package's version; the native library it loads must report the same. */
internal const val PACKAGE_VERSION: String = "0.2.0"

/** The project's permanent error codes, the same in every language; WebhookException.code. */
internal object ErrorCodes {
    /**
     * InvalidSecret: invalid secret: a webhook secret is empty or is no Unicode text, or none was
     * given; copy the "Secret for Signature" from the SharpAPI webhooks dashboard
     */
    const val INVALID_SECRET: Int = 1

    /**
     * MissingSignature: missing signature: the request has no X-Signature header (or it is empty);
     * SharpAPI signs every webhook it sends
     */
    const val MISSING_SIGNATURE: Int = 2

    /**
     * MalformedSignature: malformed signature: X-Signature must be one value of exactly 64
     * hexadecimal digits (a hex HMAC-SHA256)
     */
    const val MALFORMED_SIGNATURE: Int = 3

    /**
     * InvalidSignature: invalid signature: X-Signature does not match the body; pass the raw
     * request body bytes exactly as received (not JSON parsed and serialized again) and check the
     * webhook secret
     */
    const val INVALID_SIGNATURE: Int = 4

    /** InvalidPayload: invalid payload: the verified body is not a SharpAPI webhook event */
    const val INVALID_PAYLOAD: Int = 5
}

/**
 * What SharpAPI's deliveries look like on the wire, for framework integrations and test tools; the
 * values are the core's.
 */
object WebhookProtocol {
    /** The header that carries the signature; any ASCII case matches. */
    const val SIGNATURE_HEADER: String = "X-Signature"

    /** The `User-Agent` SharpAPI sends its deliveries with. */
    const val USER_AGENT: String = "SharpAPIWebhook/1.0"

    /**
     * The body limit in bytes (16 MiB) that the framework integrations apply unless configured
     * otherwise: a larger body is answered 413 without being verified.
     */
    const val DEFAULT_MAX_BODY_BYTES: Long = 16777216L
}

/** A test delivery's type unless given: a translation, the commonest job. */
internal val TEST_DELIVERY_TYPE: JobType get() = JobType.ContentTranslate
