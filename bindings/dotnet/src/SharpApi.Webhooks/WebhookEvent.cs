using System;
using System.Runtime.CompilerServices;

namespace SharpApi.Webhooks
{
    /// <summary>
    /// A finished job, as SharpAPI reports it. A plain managed object: its texts are copied out of
    /// the native event, which is released before the constructing method returns.
    /// </summary>
    public sealed unsafe class WebhookEvent
    {
        private WebhookEvent(
            string id, JobStatus status, string statusText, JobType type, string typeText, string resultJson)
        {
            Id = id;
            Status = status;
            StatusText = statusText;
            Type = type;
            TypeText = typeText;
            ResultJson = resultJson;
        }

        /// <summary>
        /// The job's id as sent (SharpAPI sends a UUID), never empty. SharpAPI retries a failed
        /// delivery, so the same id can arrive more than once: handle each id once.
        /// </summary>
        public string Id { get; }

        /// <summary>The job's status; <see cref="JobStatus.Other"/> for one this version does not know.</summary>
        public JobStatus Status { get; }

        /// <summary>The job's status exactly as sent, known or not.</summary>
        public string StatusText { get; }

        /// <summary>The job's type; <see cref="JobType.Other"/> for one this version does not know.</summary>
        public JobType Type { get; }

        /// <summary>The job's type exactly as sent, known or not.</summary>
        public string TypeText { get; }

        /// <summary>
        /// The exact JSON text of the <c>"result"</c> member as it stands in the body (nothing parsed
        /// and serialized again), or null when it is absent or <c>null</c>: SharpAPI sends it only
        /// when "Include AI Job Result" is on. Parse it with the JSON library of your choice.
        /// </summary>
        public string ResultJson { get; }

        /// <summary>True when the job succeeded.</summary>
        public bool IsSuccess
        {
            get { return Status == JobStatus.Success; }
        }

        /// <summary>
        /// Parses <paramref name="rawBody"/> WITHOUT verifying any signature: for tests, and for
        /// replaying deliveries verified and stored before. A request from the network goes through
        /// <see cref="Verifier.ConstructEvent"/>.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="rawBody"/> is null.</exception>
        /// <exception cref="InvalidPayloadException">The body is not a SharpAPI webhook event.</exception>
        public static WebhookEvent ParseUnverified(byte[] rawBody)
        {
            if (rawBody == null)
            {
                throw new ArgumentNullException(nameof(rawBody));
            }
            NativeMethods.EnsureLibraryVersion();
            return ParseLoaded(rawBody);
        }

        // Apart from ParseUnverified, which loads the library first (see NativeMethods.EnsureLibraryVersion).
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WebhookEvent ParseLoaded(byte[] rawBody)
        {
            EventHandle nativeEvent;
            uint status;
            fixed (byte* body = rawBody)
            {
                status = NativeMethods.sharpapi_parse_event_unverified(
                    body, (UIntPtr)(uint)rawBody.Length, out nativeEvent);
            }
            return CopyAndRelease(status, nativeEvent);
        }

        /// <summary>
        /// Throws for a failed <paramref name="status"/>, else copies the event's texts, which live
        /// only as long as the native event, and releases it either way.
        /// </summary>
        internal static WebhookEvent CopyAndRelease(uint status, EventHandle nativeEvent)
        {
            using (nativeEvent)
            {
                WebhookException.ThrowIfError(status);
                // Every field in one call; the texts are the event's, copied before it is released.
                SharpApiEventFields fields;
                WebhookException.ThrowIfError(NativeMethods.sharpapi_event_fields(nativeEvent, &fields));
                string id = NativeText.FromNative(fields.Id, fields.IdLen);
                string statusText = NativeText.FromNative(fields.Status, fields.StatusLen);
                var jobStatus = (JobStatus)fields.StatusCode;
                string typeText = NativeText.FromNative(fields.JobType, fields.JobTypeLen);
                var jobType = (JobType)fields.TypeCode;
                string resultJson = NativeText.FromNative(fields.Result, fields.ResultLen);
                return new WebhookEvent(id, jobStatus, statusText, jobType, typeText, resultJson);
            }
        }
    }
}
