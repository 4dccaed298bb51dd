package com.sharpapi.webhooks

import java.lang.reflect.Modifier
import java.util.concurrent.atomic.AtomicReferenceArray
import com.sharpapi.webhooks.ffi.WebhookEvent as NativeWebhookEvent

/** A finished job, as SharpAPI reports it. */
data class WebhookEvent(
    /** The job's id, as sent; never empty. SharpAPI retries deliveries: handle each id once. */
    val id: String,
    /** Where the job stands: [JobStatus.Success] or [JobStatus.Failed] once it finished. */
    val status: JobStatus,
    /** Which SharpAPI endpoint ran the job (the JSON member `"type"`). */
    val type: JobType,
    /** The exact JSON text of `"result"`, or null when it is absent or `null`. */
    val resultJson: String?,
)

// JobStatus and JobType, with the mapping from UniFFI's enums, are generated from
// bindings/vocabulary.json (generate_vocabulary.py); their texts are the core's wireText().
internal fun NativeWebhookEvent.toEvent(): WebhookEvent =
    WebhookEvent(id = id, status = status.toStatus(), type = jobType.toType(), resultJson = result)

/**
 * The known values of JobStatus or JobType by the C ABI's number for them (the core's permanent
 * order, from 1; 0 is a value this version does not know): each number's object is found by its
 * text the first time it arrives, then kept, so that a known value costs no text copied out of
 * the library.
 */
internal class KnownValues<T : Any>(sealed: Class<T>, value: (T) -> String, private val other: (String) -> T) {
    // The generated sealed class's objects (Kotlin writes each one's INSTANCE field), by their text.
    private val byText: Map<String, T> = sealed.permittedSubclasses.orEmpty().mapNotNull { subclass ->
        subclass.fields.firstOrNull { it.name == "INSTANCE" && Modifier.isStatic(it.modifiers) }?.get(null)?.let(sealed::cast)
    }.associateBy(value)

    private val byCode = AtomicReferenceArray<T>(byText.size + 1)

    /** How many objects it found: every known value's, when the sealed class is read right. */
    val size: Int get() = byText.size

    /** The value numbered [code], whose text [text] reads when it is not known yet. */
    inline fun of(code: Int, text: () -> String): T {
        if (code > 0 && code < byCode.length()) byCode.get(code)?.let { return it }
        val wire = text()
        val known = if (code == 0) null else byText[wire]
        if (known != null && code < byCode.length()) byCode.set(code, known)
        return known ?: other(wire)
    }
}

internal val knownStatuses = KnownValues(JobStatus::class.java, JobStatus::value) { JobStatus.Other(it) }
internal val knownTypes = KnownValues(JobType::class.java, JobType::value) { JobType.Other(it) }

/** The status the C ABI numbers [code]; [text] reads its text as sent. */
internal inline fun jobStatusOf(code: Int, text: () -> String): JobStatus = knownStatuses.of(code, text)

/** The type the C ABI numbers [code]; [text] reads its text as sent. */
internal inline fun jobTypeOf(code: Int, text: () -> String): JobType = knownTypes.of(code, text)
