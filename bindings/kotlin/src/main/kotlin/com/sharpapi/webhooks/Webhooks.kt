@file:JvmName("Webhooks")

package com.sharpapi.webhooks

import java.lang.ref.Reference
import java.nio.ByteBuffer
import com.sharpapi.webhooks.ffi.parseEventUnverified as nativeParseEventUnverified
import com.sharpapi.webhooks.ffi.sign as nativeSign
import com.sharpapi.webhooks.ffi.verify as nativeVerify

/**
 * The lowercase hex HMAC-SHA256 of [payload] under [secret], as SharpAPI signs: for tests and for
 * sending deliveries to your own endpoint.
 *
 * @throws WebhookException.InvalidSecret when [secret] is empty.
 */
@Throws(WebhookException::class)
fun sign(payload: ByteArray, secret: String): String {
    requireEncodable(listOf(secret))
    return lending(payload) { buffer -> translatingErrors { nativeSign(buffer, secret) } }
}

/**
 * Checks [signature] (the `X-Signature` value; null when the header is absent) against [body], the
 * request body exactly as received, under one [secret]. A [Verifier] does the same with its
 * secrets keyed once: prefer it for every request.
 */
@Throws(WebhookException::class)
fun verify(body: ByteArray, signature: String?, secret: String) {
    requireEncodable(listOf(secret))
    lending(body, signature) { bodyBuffer, signatureBuffer ->
        translatingErrors { nativeVerify(bodyBuffer, signatureBuffer, secret) }
    }
}

/**
 * Parses [body] WITHOUT verifying it: for tests and for replaying deliveries that were verified
 * when they arrived. Never use it on a request.
 *
 * @throws WebhookException.InvalidPayload when [body] is not a SharpAPI event.
 */
@Throws(WebhookException::class)
fun parseEventUnverified(body: ByteArray): WebhookEvent =
    lending(body) { buffer -> translatingErrors { nativeParseEventUnverified(buffer) } }.toEvent()

// UniFFI borrows `&[u8]` arguments straight from the address of a direct buffer, without copying,
// so each ByteArray is copied once into one; a heap array has no stable address to lend.
internal fun ByteArray.direct(): ByteBuffer = ByteBuffer.allocateDirect(size).put(this).flip()

/**
 * Calls [call] with [body] and [signature] in direct buffers that stay alive until it returns.
 * The generated code keeps only the buffers' addresses once it has taken them, so without the
 * fences the GC may free a buffer while Rust still reads it (seen here: wrong answers under load).
 */
internal inline fun <T> lending(body: ByteArray, signature: String?, call: (ByteBuffer, ByteBuffer) -> T): T {
    // The native side reads an empty signature as an absent header.
    val bodyBuffer = body.direct()
    val signatureBuffer = (signature ?: "").toByteArray(Charsets.UTF_8).direct()
    try {
        return call(bodyBuffer, signatureBuffer)
    } finally {
        Reference.reachabilityFence(bodyBuffer)
        Reference.reachabilityFence(signatureBuffer)
    }
}

/** [lending] for a body alone. */
internal inline fun <T> lending(body: ByteArray, call: (ByteBuffer) -> T): T {
    val bodyBuffer = body.direct()
    try {
        return call(bodyBuffer)
    } finally {
        Reference.reachabilityFence(bodyBuffer)
    }
}

// A String crosses to Rust as UTF-8, which a lone surrogate does not have: UniFFI would throw a
// CharacterCodingException. For a secret that is a configuration error like an empty one.
internal fun requireEncodable(secrets: List<String>) {
    val encoder = Charsets.UTF_8.newEncoder()
    if (!secrets.all(encoder::canEncode)) {
        throw WebhookException.InvalidSecret(
            "invalid secret: a webhook secret holds a lone UTF-16 surrogate and so has no UTF-8 " +
                "bytes; copy the \"Secret for Signature\" from the SharpAPI webhooks dashboard",
        )
    }
}

// Header text decoded from bytes never holds a lone surrogate; if one does, it becomes '?' (as in
// a signature argument) rather than an encoding exception from deep inside UniFFI.
internal fun String.encodable(): String = String(toByteArray(Charsets.UTF_8), Charsets.UTF_8)
