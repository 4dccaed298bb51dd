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

/** Runs [call] into the native library, rethrowing its errors as this package's. */
internal inline fun <T> translatingErrors(call: () -> T): T =
    try {
        call()
    } catch (error: NativeWebhookException) {
        // The message is the core's text; only the type changes.
        val message = error.message.orEmpty()
        throw when (error) {
            is NativeWebhookException.InvalidSecret -> WebhookException.InvalidSecret(message)
            is NativeWebhookException.MissingSignature -> WebhookException.MissingSignature(message)
            is NativeWebhookException.MalformedSignature -> WebhookException.MalformedSignature(message)
            is NativeWebhookException.InvalidSignature -> WebhookException.InvalidSignature(message)
            is NativeWebhookException.InvalidPayload -> WebhookException.InvalidPayload(message)
        }
    }
