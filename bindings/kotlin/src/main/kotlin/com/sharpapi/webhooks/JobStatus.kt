// Generated from bindings/vocabulary.json by bindings/kotlin/generate_vocabulary.py; do not edit.

package com.sharpapi.webhooks

import com.sharpapi.webhooks.ffi.JobStatus as NativeJobStatus

/**
 * Where the job stands: [Success] or [Failed] once it finished. [value] is the text exactly as
 * sent; a status this version does not know is kept as [Other], never refused.
 */
sealed class JobStatus(
    /** The text exactly as the JSON member `"status"` spells it. */
    val value: String,
) {
    /** `new` */
    object New : JobStatus(NativeJobStatus.New.wireText())

    /** `pending` */
    object Pending : JobStatus(NativeJobStatus.Pending.wireText())

    /** `success` */
    object Success : JobStatus(NativeJobStatus.Success.wireText())

    /** `failed` */
    object Failed : JobStatus(NativeJobStatus.Failed.wireText())

    /**
     * A status this version does not know, with its text in [value]; only the library makes these,
     * so it never holds a known one.
     */
    class Other internal constructor(value: String) : JobStatus(value) {
        override fun equals(other: Any?): Boolean = other is Other && other.value == value

        override fun hashCode(): Int = value.hashCode()
    }

    override fun toString(): String = value
}

// Exhaustive: the build fails when the library's enum and bindings/vocabulary.json disagree.
internal fun NativeJobStatus.toStatus(): JobStatus =
    when (this) {
        NativeJobStatus.New -> JobStatus.New
        NativeJobStatus.Pending -> JobStatus.Pending
        NativeJobStatus.Success -> JobStatus.Success
        NativeJobStatus.Failed -> JobStatus.Failed
        is NativeJobStatus.Other -> JobStatus.Other(v1)
    }
