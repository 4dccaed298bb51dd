namespace SharpApi.Webhooks
{
    /// <summary>
    /// Where a job stands (the JSON member <c>"status"</c>); the numbers are the C ABI's
    /// <c>SHARPAPI_JOB_STATUS_*</c>. A finished job's webhook says <see cref="Success"/> or
    /// <see cref="Failed"/>.
    /// </summary>
    public enum JobStatus
    {
        /// <summary>A status this version does not know; <see cref="WebhookEvent.StatusText"/> holds it.</summary>
        Other = 0,

        /// <summary><c>"new"</c>.</summary>
        New = 1,

        /// <summary><c>"pending"</c>.</summary>
        Pending = 2,

        /// <summary><c>"success"</c>.</summary>
        Success = 3,

        /// <summary><c>"failed"</c>.</summary>
        Failed = 4,
    }
}
