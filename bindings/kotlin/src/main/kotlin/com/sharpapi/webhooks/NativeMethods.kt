package com.sharpapi.webhooks

import com.sun.jna.Memory
import com.sun.jna.Native
import com.sun.jna.Pointer
import java.lang.ref.Reference
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.util.concurrent.atomic.AtomicLong

// ---- The C ABI's hot calls, bound by JNA's direct mapping -----------------------------------------
//
// A Verifier's calls go to the C ABI (bindings/c/include/sharpapi_webhooks.h) instead of UniFFI's
// generated code, which stays the path of everything else (sign, verify, parseEventUnverified, the
// vocabulary). Measured at 1 KiB (src/bench/Bench.java, README "Performance"): UniFFI's Kotlin
// builds five to seven JNA Structures per call (each a malloc, a global ConcurrentHashMap entry and
// a Cleaner registration, filled by reflection) and makes a second native call to clone the handle:
// about 13 µs of CPU per verify against the core's 0.8. Here every argument is a primitive, so
// JNA's direct mapping (Native.register: no proxy, no reflection per call) passes them as they are,
// and the bytes go through memory each thread keeps (CallMemory).
//
// Every argument is an address and a length. Pointers and size_t are Long on a 64-bit JVM (every
// platform the jar carries) and Int on a 32-bit one (a library built by the user, named by
// SHARPAPI_WEBHOOKS_LIBRARY); CFunctions hides which.

/** The C ABI functions a [Verifier] calls, named as in C; a pointer or a size_t is a Long. */
internal interface CFunctions {
    fun sharpapi_verifier_new(secrets: Long, secretsLen: Long, outVerifier: Long): Int

    fun sharpapi_verifier_free(verifier: Long)

    fun sharpapi_verifier_verify(verifier: Long, body: Long, bodyLen: Long, signature: Long, signatureLen: Long): Int

    fun sharpapi_verifier_construct_event(
        verifier: Long, body: Long, bodyLen: Long, signature: Long, signatureLen: Long, outEvent: Long,
    ): Int

    fun sharpapi_verifier_construct_event_from_headers(
        verifier: Long, body: Long, bodyLen: Long, headers: Long, headersLen: Long, outEvent: Long,
    ): Int

    fun sharpapi_event_fields(event: Long, outFields: Long): Int

    fun sharpapi_event_free(event: Long)

    fun sharpapi_last_error_message(outLen: Long): Long
}

/** The C ABI, registered with the library UniFFI loaded and whose version was checked. */
internal val NativeMethods: CFunctions by lazy {
    val library = requireLibrary()
    when (Native.POINTER_SIZE to Native.SIZE_T_SIZE) {
        8 to 8 -> Lp64.also { Native.register(Lp64::class.java, library) }
        4 to 4 -> Ilp32.also { Native.register(Ilp32.Raw::class.java, library) }
        else -> throw UnsatisfiedLinkError(
            "sharpapi-webhooks: pointers of ${Native.POINTER_SIZE} bytes and size_t of ${Native.SIZE_T_SIZE} are not supported",
        )
    }
}

/** 64-bit JVMs: each pointer and size_t is a Long, passed as it is. */
@Suppress("FunctionName")
private object Lp64 : CFunctions {
    external override fun sharpapi_verifier_new(secrets: Long, secretsLen: Long, outVerifier: Long): Int

    external override fun sharpapi_verifier_free(verifier: Long)

    external override fun sharpapi_verifier_verify(verifier: Long, body: Long, bodyLen: Long, signature: Long, signatureLen: Long): Int

    external override fun sharpapi_verifier_construct_event(
        verifier: Long, body: Long, bodyLen: Long, signature: Long, signatureLen: Long, outEvent: Long,
    ): Int

    external override fun sharpapi_verifier_construct_event_from_headers(
        verifier: Long, body: Long, bodyLen: Long, headers: Long, headersLen: Long, outEvent: Long,
    ): Int

    external override fun sharpapi_event_fields(event: Long, outFields: Long): Int

    external override fun sharpapi_event_free(event: Long)

    external override fun sharpapi_last_error_message(outLen: Long): Long
}

/** 32-bit JVMs: each pointer and size_t is an Int (addresses fit; lengths are under 2 GiB). */
@Suppress("FunctionName")
private object Ilp32 : CFunctions {
    object Raw {
        external fun sharpapi_verifier_new(secrets: Int, secretsLen: Int, outVerifier: Int): Int

        external fun sharpapi_verifier_free(verifier: Int)

        external fun sharpapi_verifier_verify(verifier: Int, body: Int, bodyLen: Int, signature: Int, signatureLen: Int): Int

        external fun sharpapi_verifier_construct_event(
            verifier: Int, body: Int, bodyLen: Int, signature: Int, signatureLen: Int, outEvent: Int,
        ): Int

        external fun sharpapi_verifier_construct_event_from_headers(
            verifier: Int, body: Int, bodyLen: Int, headers: Int, headersLen: Int, outEvent: Int,
        ): Int

        external fun sharpapi_event_fields(event: Int, outFields: Int): Int

        external fun sharpapi_event_free(event: Int)

        external fun sharpapi_last_error_message(outLen: Int): Int
    }

    override fun sharpapi_verifier_new(secrets: Long, secretsLen: Long, outVerifier: Long): Int =
        Raw.sharpapi_verifier_new(secrets.toInt(), secretsLen.toInt(), outVerifier.toInt())

    override fun sharpapi_verifier_free(verifier: Long) = Raw.sharpapi_verifier_free(verifier.toInt())

    override fun sharpapi_verifier_verify(verifier: Long, body: Long, bodyLen: Long, signature: Long, signatureLen: Long): Int =
        Raw.sharpapi_verifier_verify(verifier.toInt(), body.toInt(), bodyLen.toInt(), signature.toInt(), signatureLen.toInt())

    override fun sharpapi_verifier_construct_event(
        verifier: Long, body: Long, bodyLen: Long, signature: Long, signatureLen: Long, outEvent: Long,
    ): Int = Raw.sharpapi_verifier_construct_event(
        verifier.toInt(), body.toInt(), bodyLen.toInt(), signature.toInt(), signatureLen.toInt(), outEvent.toInt(),
    )

    override fun sharpapi_verifier_construct_event_from_headers(
        verifier: Long, body: Long, bodyLen: Long, headers: Long, headersLen: Long, outEvent: Long,
    ): Int = Raw.sharpapi_verifier_construct_event_from_headers(
        verifier.toInt(), body.toInt(), bodyLen.toInt(), headers.toInt(), headersLen.toInt(), outEvent.toInt(),
    )

    override fun sharpapi_event_fields(event: Long, outFields: Long): Int = Raw.sharpapi_event_fields(event.toInt(), outFields.toInt())

    override fun sharpapi_event_free(event: Long) = Raw.sharpapi_event_free(event.toInt())

    // An address, not a number: its 32 bits unsigned.
    override fun sharpapi_last_error_message(outLen: Long): Long =
        Raw.sharpapi_last_error_message(outLen.toInt()).toLong() and 0xFFFF_FFFFL
}

// ---- The C structures' layouts ----------------------------------------------------------------------

/**
 * The offsets of a C struct's fields, each [pointerSize] bytes (a pointer or a size_t) or 4 (a
 * uint32_t), laid out as C does on every supported ABI: each field aligned to its size, the struct
 * to its largest field.
 */
internal class CLayout(pointerSize: Int, vararg fields: Int) {
    val offsets: IntArray
    val size: Int

    init {
        var offset = 0
        offsets = IntArray(fields.size) { index ->
            val width = if (fields[index] == POINTER) pointerSize else fields[index]
            offset = align(offset, width)
            offset.also { offset += width }
        }
        size = align(offset, pointerSize)
    }

    companion object {
        /** A field of a pointer's size: a pointer or a size_t. */
        const val POINTER = 0
        const val U32 = 4

        fun align(offset: Int, to: Int): Int = (offset + to - 1) / to * to
    }
}

/** `sharpapi_str_t` and `sharpapi_header_t`: pointer, length (and again for the value). */
internal fun strLayout(pointerSize: Int) = CLayout(pointerSize, CLayout.POINTER, CLayout.POINTER)

internal fun headerLayout(pointerSize: Int) =
    CLayout(pointerSize, CLayout.POINTER, CLayout.POINTER, CLayout.POINTER, CLayout.POINTER)

/**
 * `sharpapi_event_fields_t`: id, id_len, status, status_len, status_code, job_type, job_type_len,
 * type_code, result, result_len.
 */
internal fun eventFieldsLayout(pointerSize: Int) = CLayout(
    pointerSize,
    CLayout.POINTER, CLayout.POINTER, CLayout.POINTER, CLayout.POINTER, CLayout.U32,
    CLayout.POINTER, CLayout.POINTER, CLayout.U32, CLayout.POINTER, CLayout.POINTER,
)

private val POINTER_SIZE = Native.POINTER_SIZE
private val HEADER = headerLayout(POINTER_SIZE)
private val FIELDS = eventFieldsLayout(POINTER_SIZE)
private val STR = strLayout(POINTER_SIZE)

// ---- Native memory each thread lends to the library ----------------------------------------------

/**
 * Native memory for one call: the out-parameters in its first [OUT_BYTES], the arguments after.
 *
 * Why the bytes are copied at all: a Java array has no address that the GC promises to keep
 * during a native call (JNA's `byte[]` arguments are copied in, and after the call copied back
 * into the caller's array). This memory is allocated outside the heap (malloc), never moves, and
 * is freed only when its owner frees it or is collected: a call holds it until the library
 * returned (a local variable, a reachability fence, and for a thread's own memory the thread's
 * reference), so the GC cannot free it while the library reads it.
 *
 * Each thread keeps one CallMemory, whose memory grows up to [KEPT_BYTES] and is reused call
 * after call ([take]): no allocation and no Cleaner registration per call, one copy of the body.
 * It holds the last delivery's body, signature and headers until the next call on that thread;
 * never a secret (a Verifier's secrets are zeroed after their one call). A call that needs more
 * than [KEPT_BYTES] gets memory freed when the call is over; a call nested in another on the same
 * thread (from a header map's iterator) gets a CallMemory of its own.
 */
internal class CallMemory private constructor(private val perThread: Boolean) {
    private var kept: Memory? = null
    private var memory = Memory(FIRST_BYTES.toLong())

    /** The memory, in native byte order for the C structures. Replaced when [ensure] grows it. */
    var buffer: ByteBuffer = view(memory)
        private set

    /** The memory's address; read it once every argument is written ([ensure] may move them). */
    var address: Long = Pointer.nativeValue(memory)
        private set

    /** Where the next argument goes. */
    var position = OUT_BYTES
        private set

    /** Whether a call of this thread is using it. */
    private var busy = false

    /** Texts on their way into the memory (see [stage]), and then texts on their way out ([readText]). */
    private var scratch = ByteArray(FIRST_SCRATCH_BYTES)
    private var staged = 0

    init {
        if (perThread) kept = memory
    }

    /** Makes room for [more] bytes at [position], moving what is written into larger memory. */
    fun ensure(more: Int) {
        val needed = position.toLong() + more
        if (needed <= buffer.capacity()) return
        if (needed > Int.MAX_VALUE) throw OutOfMemoryError("sharpapi-webhooks: $needed bytes of arguments do not fit one buffer")
        val capacity = if (needed <= KEPT_BYTES) Integer.highestOneBit(needed.toInt() - 1) shl 1 else needed.toInt()
        val larger = Memory(capacity.toLong())
        val largerBuffer = view(larger)
        largerBuffer.put(0, buffer, 0, position)
        // Memory of this call alone is freed now; the thread's own only when the thread keeps larger.
        if (memory !== kept) memory.close()
        if (perThread && capacity <= KEPT_BYTES) {
            kept?.close()
            kept = larger
        }
        memory = larger
        buffer = largerBuffer
        address = Pointer.nativeValue(larger)
    }

    /** Copies [bytes] to [position], growing the memory if needed; gives their offset. */
    fun put(bytes: ByteArray): Int {
        ensure(bytes.size)
        val offset = position
        buffer.put(offset, bytes)
        position += bytes.size
        return offset
    }

    /**
     * Adds [text]'s UTF-8, as [utf8] makes it, to the texts staged for [putStaged]; gives where it
     * starts among them. Its length is the difference with the next one's start ([staged]).
     */
    fun stage(text: String): Int {
        val start = staged
        if (start + text.length > scratch.size) scratch = scratch.copyOf(maxOf(scratch.size * 2, start + text.length))
        // ASCII, as signatures and header names are, byte for byte: one pass, no array per text.
        var index = 0
        while (index < text.length) {
            val unit = text[index].code
            if (unit >= 0x80) break
            scratch[start + index] = unit.toByte()
            index++
        }
        if (index == text.length) {
            staged += index
        } else {
            val bytes = text.utf8()
            if (start + bytes.size > scratch.size) scratch = scratch.copyOf(maxOf(scratch.size * 2, start + bytes.size))
            System.arraycopy(bytes, 0, scratch, start, bytes.size)
            staged += bytes.size
        }
        return start
    }

    /** How many bytes of text [stage] holds: where the next staged text starts. */
    val stagedBytes: Int get() = staged

    /** Copies the staged texts to [position] in one piece; gives where they start. */
    fun putStaged(): Int {
        ensure(staged)
        val offset = position
        buffer.put(offset, scratch, 0, staged)
        position += staged
        staged = 0
        return offset
    }

    /** Moves [position] to where a C structure of pointer-sized fields may start, and makes room for [bytes] there; gives it. */
    fun reserveWords(bytes: Int): Int {
        ensure(bytes + POINTER_SIZE)
        position = CLayout.align(position, POINTER_SIZE)
        return position.also { position += bytes }
    }

    /** Writes a pointer-sized value (an address or a size_t) at [offset]. */
    fun putWord(offset: Int, value: Long) {
        if (POINTER_SIZE == 8) buffer.putLong(offset, value) else buffer.putInt(offset, value.toInt())
    }

    /** Reads a pointer-sized value at [offset], unsigned. */
    fun word(offset: Int): Long =
        if (POINTER_SIZE == 8) buffer.getLong(offset) else buffer.getInt(offset).toLong() and 0xFFFF_FFFFL

    /**
     * The [length] bytes of UTF-8 at the native [address] (a text the library owns), as a String:
     * copied into the scratch array, which stays for the next text, then decoded.
     */
    fun readText(address: Long, length: Long): String {
        if (length == 0L) return ""
        val size = Math.toIntExact(length)
        if (size > scratch.size) scratch = ByteArray(size)
        Pointer(address).read(0, scratch, 0, size)
        return String(scratch, 0, size, Charsets.UTF_8)
    }

    /** Overwrites the arguments written so far with zeros: after a call that lent a secret. */
    fun zeroArguments() {
        for (offset in OUT_BYTES until position) buffer.put(offset, 0)
    }

    /** After the call: the thread's own memory waits for its next call; memory of one call is freed. */
    fun close() {
        val mine = kept
        if (memory !== mine) {
            memory.close()
            if (mine != null) {
                memory = mine
                buffer = view(mine)
                address = Pointer.nativeValue(mine)
            }
        }
        // A text larger than any kept memory is not kept either.
        if (scratch.size > KEPT_BYTES) scratch = ByteArray(FIRST_SCRATCH_BYTES)
        staged = 0
        busy = false
    }

    private fun claim(arguments: Long): CallMemory {
        position = OUT_BYTES
        staged = 0
        ensure(arguments.coerceAtMost(Int.MAX_VALUE.toLong()).toInt())
        // Only once nothing can fail any more: the caller closes what take() gave it.
        busy = true
        return this
    }

    companion object {
        /** The out-parameters' room: an out pointer (or length), then a `sharpapi_event_fields_t`. */
        val OUT_BYTES = CLayout.align(POINTER_SIZE + FIELDS.size, 16)

        /** The largest memory a thread keeps: a call that needs more gets memory freed after it. */
        const val KEPT_BYTES = 64 shl 10

        private const val FIRST_BYTES = 8 shl 10

        private const val FIRST_SCRATCH_BYTES = 1 shl 10

        private val own = ThreadLocal.withInitial { CallMemory(perThread = true) }

        /**
         * This thread's memory with room for [arguments] bytes after the out-parameters (more
         * grows it), or, in a call nested in another on this thread, memory of its own. [close] it
         * after the call.
         */
        fun take(arguments: Long): CallMemory {
            val mine = own.get()
            return (if (mine.busy) CallMemory(perThread = false) else mine).claim(arguments)
        }

        private fun view(memory: Memory): ByteBuffer = memory.getByteBuffer(0, memory.size()).order(ByteOrder.nativeOrder())
    }
}

// ---- Calls and their errors ---------------------------------------------------------------------------

/** The first of the C ABI's own statuses (100 to 199: its argument errors, a panic); below are the core's. */
internal const val FIRST_ABI_STATUS = 100

/**
 * The error of a C call that returned [status]: its typed [WebhookException] with the message the
 * library kept for this thread (read through [memory]'s out-parameters), or, for the C ABI's own
 * statuses (100 and up: a bug of this layer, or a panic), an [IllegalStateException].
 */
internal fun failure(status: Int, memory: CallMemory): Exception {
    val text = NativeMethods.sharpapi_last_error_message(memory.address)
    val message = memory.readText(text, memory.word(0))
    return webhookException(status, message)
        ?: IllegalStateException("sharpapi-webhooks: the native library failed with status $status: $message")
}

// ---- A verifier's handle ----------------------------------------------------------------------------

/**
 * A `sharpapi_verifier_t*`, freed exactly once: by [run] (close, or the Cleaner's action for a
 * verifier nobody closed) when no call is using it, else by the last call that was.
 *
 * [state] counts the calls in flight, with [CLOSED] and [FREED] as flags. A call counts itself in
 * before it takes the address and out after the library returned, so the handle is never freed
 * under a call, whatever the GC decides about the Verifier meanwhile; a call after close throws.
 * One atomic add in, one out.
 */
internal class VerifierHandle(
    private val address: Long,
    private val free: (Long) -> Unit = NativeMethods::sharpapi_verifier_free,
) : Runnable {
    private val state = AtomicLong()

    /** The address, counted in: [release] it after the call. Throws once closed. */
    fun acquire(): Long {
        if (state.getAndIncrement() and CLOSED != 0L) {
            release()
            throw IllegalStateException("Verifier has already been closed")
        }
        return address
    }

    fun release() {
        if (state.decrementAndGet() == CLOSED) freeOnce()
    }

    /** Closes: frees now when no call is in flight, else the last of them does. */
    override fun run() {
        var current: Long
        do {
            current = state.get()
            if (current and CLOSED != 0L) return
        } while (!state.compareAndSet(current, current or CLOSED))
        if (current == 0L) freeOnce()
    }

    // Only from CLOSED with no call in flight, and only once: a call that counts itself in
    // meanwhile makes the exchange fail, sees CLOSED, and tries again as it counts itself out.
    private fun freeOnce() {
        if (state.compareAndSet(CLOSED, CLOSED or FREED)) free(address)
    }

    private companion object {
        const val CLOSED = 1L shl 62
        const val FREED = 1L shl 61
    }
}

/**
 * A new `sharpapi_verifier_t` for [keys] (the secrets' UTF-8), passed as `sharpapi_str_t[]` and
 * their bytes in memory of their own, zeroed and freed once the library has keyed its HMAC state.
 */
internal fun newVerifierHandle(keys: List<ByteArray>): VerifierHandle {
    val memory = CallMemory.take(STR.size.toLong() * keys.size + keys.sumOf { it.size.toLong() } + POINTER_SIZE)
    try {
        val table = memory.reserveWords(STR.size * keys.size)
        keys.forEachIndexed { index, key ->
            val entry = table + index * STR.size
            memory.putWord(entry + STR.offsets[0], memory.put(key).toLong())
            memory.putWord(entry + STR.offsets[1], key.size.toLong())
        }
        // Offsets until now: the memory does not move any more.
        for (index in keys.indices) {
            val pointer = table + index * STR.size + STR.offsets[0]
            memory.putWord(pointer, memory.address + memory.word(pointer))
        }
        val status = NativeMethods.sharpapi_verifier_new(memory.address + table, keys.size.toLong(), memory.address)
        Reference.reachabilityFence(memory)
        if (status != 0) throw failure(status, memory)
        return VerifierHandle(memory.word(0))
    } finally {
        // The thread's own memory outlives the call: no copy of a secret stays in it.
        memory.zeroArguments()
        memory.close()
    }
}

// ---- Events -----------------------------------------------------------------------------------------

/**
 * The event a call stored at [memory]'s out pointer: all its fields with one call
 * (`sharpapi_event_fields`), its texts copied, then the event freed.
 */
internal fun takeEvent(memory: CallMemory): WebhookEvent {
    val event = memory.word(0)
    try {
        val fields = POINTER_SIZE
        val status = NativeMethods.sharpapi_event_fields(event, memory.address + fields)
        if (status != 0) throw failure(status, memory)
        fun word(field: Int) = memory.word(fields + FIELDS.offsets[field])
        fun code(field: Int) = memory.buffer.getInt(fields + FIELDS.offsets[field])
        val result = word(8)
        return WebhookEvent(
            id = memory.readText(word(0), word(1)),
            status = jobStatusOf(code(4)) { memory.readText(word(2), word(3)) },
            type = jobTypeOf(code(7)) { memory.readText(word(5), word(6)) },
            resultJson = if (result == 0L) null else memory.readText(result, word(9)),
        )
    } finally {
        NativeMethods.sharpapi_event_free(event)
    }
}

// ---- Headers -----------------------------------------------------------------------------------------

/**
 * The arguments of `sharpapi_verifier_construct_event_from_headers` in call memory: the body at
 * [CallMemory.OUT_BYTES], each [add]ed name and value as UTF-8 after it, then the
 * `sharpapi_header_t[]` pointing at them, written by [finish] once nothing moves any more.
 */
internal class HeaderArguments(body: ByteArray) {
    val memory = CallMemory.take(body.size + 1024L)

    // Each text's start among the staged texts, name then value, pair after pair; the last
    // entry is where the texts end, so that each text's length is the next start minus its own.
    private var starts = IntArray(33)
    private var count = 0

    init {
        memory.put(body)
    }

    fun add(name: String, value: String) {
        if (count + 3 > starts.size) starts = starts.copyOf(starts.size * 2)
        starts[count++] = memory.stage(name)
        starts[count++] = memory.stage(value)
    }

    /** How many headers were added. */
    val size: Int get() = count / 2

    /** Copies the texts into the memory and writes the header array after them; gives the array's offset. */
    fun finish(): Int {
        starts[count] = memory.stagedBytes
        val texts = memory.putStaged()
        val array = memory.reserveWords(size * HEADER.size)
        // Nothing moves any more: the addresses are final.
        val base = memory.address + texts
        for (pair in 0 until size) {
            val entry = array + pair * HEADER.size
            for (part in 0 until 2) {
                val text = pair * 2 + part
                memory.putWord(entry + HEADER.offsets[part * 2], base + starts[text])
                memory.putWord(entry + HEADER.offsets[part * 2 + 1], (starts[text + 1] - starts[text]).toLong())
            }
        }
        return array
    }
}
