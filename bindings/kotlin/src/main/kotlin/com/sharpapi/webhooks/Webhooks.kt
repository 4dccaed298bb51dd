@file:JvmName("Webhooks")

package com.sharpapi.webhooks

import com.sun.jna.Library
import com.sun.jna.NativeLibrary
import java.lang.ref.Reference
import java.nio.ByteBuffer
import java.nio.CharBuffer
import java.nio.charset.CoderResult
import com.sharpapi.webhooks.ffi.Verifier as NativeVerifier
import com.sharpapi.webhooks.ffi.parseEventUnverified as nativeParseEventUnverified
import com.sharpapi.webhooks.ffi.sign as nativeSign
import com.sharpapi.webhooks.ffi.uniffiEnsureInitialized
import com.sharpapi.webhooks.ffi.verify as nativeVerify

/**
 * The lowercase hex HMAC-SHA256 of [payload] under [secret], as SharpAPI signs: for tests and for
 * sending deliveries to your own endpoint.
 *
 * @throws WebhookException.InvalidSecret when [secret] is empty, null, or not Unicode text (it
 *   holds a lone UTF-16 surrogate).
 */
@Throws(WebhookException::class)
fun sign(payload: ByteArray, secret: String?): String {
    requireLibrary()
    val key = secretBytes(secret)
    try {
        return lending(payload, key) { payloadBuffer, keyBuffer ->
            try {
                translatingErrors { nativeSign(payloadBuffer, keyBuffer) }
            } finally {
                zero(keyBuffer, 0, key.size)
            }
        }
    } finally {
        key.fill(0)
    }
}

/**
 * Checks [signature] (the `X-Signature` value; null when the header is absent) against [body], the
 * request body exactly as received, under one [secret]. A [Verifier] does the same with its
 * secrets keyed once: prefer it for every request.
 */
@Throws(WebhookException::class)
fun verify(body: ByteArray, signature: String?, secret: String?) {
    requireLibrary()
    val key = secretBytes(secret)
    try {
        lending(body, signatureBytes(signature), key) { bodyBuffer, signatureBuffer, keyBuffer ->
            try {
                translatingErrors { nativeVerify(bodyBuffer, signatureBuffer, keyBuffer) }
            } finally {
                zero(keyBuffer, 0, key.size)
            }
        }
    } finally {
        key.fill(0)
    }
}

/**
 * Parses [body] WITHOUT verifying it: for tests and for replaying deliveries that were verified
 * when they arrived. Never use it on a request.
 *
 * @throws WebhookException.InvalidPayload when [body] is not a SharpAPI event.
 */
@Throws(WebhookException::class)
fun parseEventUnverified(body: ByteArray): WebhookEvent {
    requireLibrary()
    return lending(body) { buffer -> translatingErrors { nativeParseEventUnverified(buffer) } }.toEvent()
}

// ---- Strings to bytes: the one conversion rule ---------------------------------------------------

private val NO_BYTES = ByteArray(0)

/** The one byte that a UTF-16 code unit with no UTF-8 form (a lone surrogate) becomes. */
private const val NOT_UTF8: Byte = 0xFF.toByte()

/**
 * This text's UTF-8 bytes, for the core to judge. A lone surrogate has no UTF-8 form: it becomes
 * the byte 0xFF, which is never UTF-8, so the core refuses the bytes as it refuses any that are not
 * UTF-8 at that place (a secret: InvalidSecret; a signature: MalformedSignature; a header name: not
 * `X-Signature`). Never '?' or U+FFFD, which would make a different key or signature, and never a
 * CharacterCodingException.
 */
internal fun String.utf8(): ByteArray {
    for (index in indices) {
        if (this[index].isSurrogate()) return utf8MarkingLoneSurrogates(this)
    }
    // No surrogate, so nothing unencodable: the JDK's fast path gives the exact bytes.
    return toByteArray(Charsets.UTF_8)
}

// A CharsetEncoder that reports what it cannot encode: CodingErrorAction.REPLACE with 0xFF is
// refused by the JDK ("Illegal replacement": 0xFF is not UTF-8), so each unit it reports is
// written as 0xFF here.
private fun utf8MarkingLoneSurrogates(text: String): ByteArray {
    val encoder = Charsets.UTF_8.newEncoder()
    val input = CharBuffer.wrap(text)
    // At most 3 bytes per UTF-16 unit: 3 for one in the BMP, 4 for a pair, 1 for a lone surrogate.
    val output = ByteBuffer.allocate(text.length * 3)
    while (true) {
        val result: CoderResult = encoder.encode(input, output, true)
        when {
            result.isUnderflow -> break
            result.isError -> {
                repeat(result.length()) { output.put(NOT_UTF8) }
                input.position(input.position() + result.length())
            }
            else -> throw IllegalStateException("UTF-8 of ${text.length} UTF-16 units overflowed ${output.capacity()} bytes")
        }
    }
    encoder.flush(output)
    val bytes = output.array().copyOf(output.position())
    // It may be a secret: leave one copy, which the caller zeroes after use.
    output.array().fill(0)
    return bytes
}

/** The native side reads an empty signature as an absent header. */
internal fun signatureBytes(signature: String?): ByteArray = signature?.utf8() ?: NO_BYTES

/** A secret's bytes; null (a Java caller's, or an unset environment variable) is InvalidSecret. */
internal fun secretBytes(secret: String?): ByteArray =
    secret?.utf8() ?: throw WebhookException.InvalidSecret(
        "invalid secret: the webhook secret is null (is its environment variable set?); copy the " +
            "\"Secret for Signature\" from the SharpAPI webhooks dashboard",
    )

// ---- Lending bytes to Rust -----------------------------------------------------------------------

// UniFFI borrows `&[u8]` arguments straight from the address of a direct buffer, without copying,
// so the arguments are copied once into one direct buffer, a slice of it each; a heap array has no
// stable address to lend.
//
// The generated code keeps only the buffers' addresses once it has taken them, so without the
// fences the GC may free a buffer while Rust still reads it (seen here: wrong answers under load).

/** Calls [call] with [body] in a direct buffer that stays alive until it returns. */
internal inline fun <T> lending(body: ByteArray, call: (ByteBuffer) -> T): T {
    val block = ByteBuffer.allocateDirect(body.size).put(body).flip()
    try {
        return call(block)
    } finally {
        Reference.reachabilityFence(block)
    }
}

/** Calls [call] with [first] and [second] in direct buffers that stay alive until it returns. */
internal inline fun <T> lending(first: ByteArray, second: ByteArray, call: (ByteBuffer, ByteBuffer) -> T): T {
    val block = ByteBuffer.allocateDirect(first.size + second.size).put(first).put(second)
    val firstBuffer = block.slice(0, first.size)
    val secondBuffer = block.slice(first.size, second.size)
    try {
        return call(firstBuffer, secondBuffer)
    } finally {
        Reference.reachabilityFence(block)
        Reference.reachabilityFence(firstBuffer)
        Reference.reachabilityFence(secondBuffer)
    }
}

/** [lending] for three: a body, a signature and a secret. */
internal inline fun <T> lending(
    body: ByteArray,
    signature: ByteArray,
    secret: ByteArray,
    call: (ByteBuffer, ByteBuffer, ByteBuffer) -> T,
): T {
    val block = ByteBuffer.allocateDirect(body.size + signature.size + secret.size).put(body).put(signature).put(secret)
    val bodyBuffer = block.slice(0, body.size)
    val signatureBuffer = block.slice(body.size, signature.size)
    val secretBuffer = block.slice(body.size + signature.size, secret.size)
    try {
        return call(bodyBuffer, signatureBuffer, secretBuffer)
    } finally {
        Reference.reachabilityFence(block)
        Reference.reachabilityFence(bodyBuffer)
        Reference.reachabilityFence(signatureBuffer)
        Reference.reachabilityFence(secretBuffer)
    }
}

/** Overwrites a secret's copy in a direct buffer, which the GC frees at some later time. */
internal fun zero(buffer: ByteBuffer, from: Int, length: Int) {
    for (index in from until from + length) buffer.put(index, 0)
}

// ---- The native library's version ------------------------------------------------------------------

// Lazy, not a static initializer: a mismatch is thrown again, clearly, at each use, instead of an
// ExceptionInInitializerError once and NoClassDefFoundError after.
private val libraryVersionChecked: NativeLibrary by lazy { checkLibraryVersion() }

/**
 * Loads the native library (UniFFI checks its contract and checksums) and checks its version;
 * gives the library, which the C ABI's functions (NativeMethods.kt) are registered with too.
 */
internal fun requireLibrary(): NativeLibrary = libraryVersionChecked

// JNA's first failure to load the library: a class whose initializer failed says only
// NoClassDefFoundError afterwards, so later attempts report this one again.
@Volatile private var loadFailure: UnsatisfiedLinkError? = null

private fun checkLibraryVersion(): NativeLibrary {
    val loader = NativeVerifier::class.java.classLoader
    // Before UniFFI's generated code loads it: the library SHARPAPI_WEBHOOKS_LIBRARY names, or
    // on musl the jar's musl one (NativeLoading.kt).
    selectLibrary(loader)
    try {
        uniffiEnsureInitialized()
    } catch (error: UnsatisfiedLinkError) {
        val first = loadFailure ?: error.also { loadFailure = it }
        throw UnsatisfiedLinkError(loadFailureMessage(first, loader)).apply { initCause(first) }
    } catch (error: NoClassDefFoundError) {
        val first = loadFailure ?: throw error
        throw UnsatisfiedLinkError(loadFailureMessage(first, loader)).apply { initCause(first) }
    }
    // The library UniFFI registered its functions with: the same name (generated findLibraryName)
    // and options (Native.register's), so JNA gives the instance it holds, not a second copy.
    val name = System.getProperty(LIBRARY_OVERRIDE_PROPERTY) ?: LIBRARY_NAME
    val library = NativeLibrary.getInstance(name, mapOf(Library.OPTION_CLASSLOADER to loader))
    requireVersion(library.getFunction("sharpapi_version").invokeString(emptyArray(), false), library.file)
    return library
}

/** Throws when the library's [version] (loaded from [file]) is not this package's. */
internal fun requireVersion(version: String?, file: Any?) {
    if (version != PACKAGE_VERSION) {
        throw UnsatisfiedLinkError(
            "sharpapi-webhooks $PACKAGE_VERSION loaded native library version $version from $file; " +
                "the jar and its library must come from one build",
        )
    }
}
