package com.sharpapi.webhooks

import com.sharpapi.webhooks.ffi.WebhookException as NativeWebhookException

/**
 * Why a delivery was refused. Each subclass stands for one of the project's permanent error codes,
 * the same in every language; its message says what to fix and never contains a secret.
 *
 * Answer 401 for [MissingSignature], [MalformedSignature] and [InvalidSignature], 400 for
 * [InvalidPayload]; [InvalidSecret] is a configuration error.
 */
sealed class WebhookException(
    /** The permanent error code (bindings/vocabulary.json's `errors`). */
    val code: Int,
    message: String,
) : Exception(message) {
    /**
     * A secret is empty, null, not Unicode text (a lone UTF-16 surrogate), or no secret was given
     * (code 1).
     */
    class InvalidSecret(message: String) : WebhookException(ErrorCodes.INVALID_SECRET, message)

    /** No `X-Signature` header, or it is empty or whitespace (code 2). */
    class MissingSignature(message: String) : WebhookException(ErrorCodes.MISSING_SIGNATURE, message)

    /**
     * `X-Signature` is not 64 hex digits once the ASCII whitespace around it is trimmed, or two
     * `X-Signature` headers disagree (code 3).
     */
    class MalformedSignature(message: String) : WebhookException(ErrorCodes.MALFORMED_SIGNATURE, message)

    /**
     * Well formed, but no secret signed this body (code 4): pass the raw body bytes, not
     * re-serialized JSON, and check the secret.
     */
    class InvalidSignature(message: String) : WebhookException(ErrorCodes.INVALID_SIGNATURE, message)

    /** Verified, but not a SharpAPI event (code 5); the message says why, at which line and column. */
    class InvalidPayload(message: String) : WebhookException(ErrorCodes.INVALID_PAYLOAD, message)
}

/**
 * The one mapping from the project's error codes to this package's exceptions, for the C ABI's
 * statuses and UniFFI's errors alike; null for a number that is no error code.
 */
internal fun webhookException(code: Int, message: String): WebhookException? =
    when (code) {
        ErrorCodes.INVALID_SECRET -> WebhookException.InvalidSecret(message)
        ErrorCodes.MISSING_SIGNATURE -> WebhookException.MissingSignature(message)
        ErrorCodes.MALFORMED_SIGNATURE -> WebhookException.MalformedSignature(message)
        ErrorCodes.INVALID_SIGNATURE -> WebhookException.InvalidSignature(message)
        ErrorCodes.INVALID_PAYLOAD -> WebhookException.InvalidPayload(message)
        else -> null
    }

/** Runs [call] into UniFFI's generated code, rethrowing its errors as this package's. */
internal inline fun <T> translatingErrors(call: () -> T): T =
    try {
        call()
    } catch (error: NativeWebhookException) {
        val code = when (error) {
            is NativeWebhookException.InvalidSecret -> ErrorCodes.INVALID_SECRET
            is NativeWebhookException.MissingSignature -> ErrorCodes.MISSING_SIGNATURE
            is NativeWebhookException.MalformedSignature -> ErrorCodes.MALFORMED_SIGNATURE
            is NativeWebhookException.InvalidSignature -> ErrorCodes.INVALID_SIGNATURE
            is NativeWebhookException.InvalidPayload -> ErrorCodes.INVALID_PAYLOAD
        }
        // The message is the core's text; only the type changes.
        throw checkNotNull(webhookException(code, error.message.orEmpty()))
    }
