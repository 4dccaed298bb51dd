using System;

namespace SharpApi.Webhooks
{
    /// <summary>
    /// Why a delivery or a secret was refused. Catch a subclass to tell the cases apart, or this
    /// class and switch on <see cref="Code"/>. The message never contains a secret.
    /// </summary>
    public abstract partial class WebhookException : Exception
    {
        internal WebhookException(WebhookErrorCode code, string message) : base(message)
        {
            Code = code;
        }

        /// <summary>The error's permanent number.</summary>
        public WebhookErrorCode Code { get; }

        /// <summary>
        /// The one place where a status of the C ABI becomes an exception: its message is the one
        /// <c>sharpapi_last_error_message</c> keeps for this thread, so call it right after the
        /// failed call, on the same thread. Returns normally for <c>SHARPAPI_OK</c>.
        /// </summary>
        internal static void ThrowIfError(uint status)
        {
            if (status != NativeMethods.SHARPAPI_OK)
            {
                throw FromStatus(status);
            }
        }

        /// <summary>The exception for a failed <paramref name="status"/>, with the library's message.</summary>
        internal static WebhookException FromStatus(uint status)
        {
            return Create((WebhookErrorCode)status, NativeText.LastErrorMessage(status));
        }
    }

    /// <summary>
    /// A secret is empty or not Unicode text (a lone surrogate), or a <see cref="Verifier"/> was given
    /// no secret, or a null one (code 1).
    /// </summary>
    public sealed class InvalidSecretException : WebhookException
    {
        internal InvalidSecretException(string message) : base(WebhookErrorCode.InvalidSecret, message)
        {
        }
    }

    /// <summary>The request has no X-Signature header, or an empty one (code 2): answer 401.</summary>
    public sealed class MissingSignatureException : WebhookException
    {
        internal MissingSignatureException(string message) : base(WebhookErrorCode.MissingSignature, message)
        {
        }
    }

    /// <summary>
    /// X-Signature is not exactly 64 hex digits, ASCII whitespace around it aside, or the request
    /// has two X-Signature headers that differ (code 3): answer 401.
    /// </summary>
    public sealed class MalformedSignatureException : WebhookException
    {
        internal MalformedSignatureException(string message) : base(WebhookErrorCode.MalformedSignature, message)
        {
        }
    }

    /// <summary>
    /// X-Signature is well formed but matches the body under none of the secrets (code 4): answer
    /// 401. Pass the raw body bytes exactly as received, not JSON parsed and serialized again.
    /// </summary>
    public sealed class InvalidSignatureException : WebhookException
    {
        internal InvalidSignatureException(string message) : base(WebhookErrorCode.InvalidSignature, message)
        {
        }
    }

    /// <summary>
    /// The verified body is not a SharpAPI webhook event (code 5): answer 400. The message says why,
    /// and at which line and column parsing stopped.
    /// </summary>
    public sealed class InvalidPayloadException : WebhookException
    {
        internal InvalidPayloadException(string message) : base(WebhookErrorCode.InvalidPayload, message)
        {
        }
    }

    /// <summary>
    /// The native library refused a call of this package (codes 100 and up): a bug, never a bad
    /// delivery. Please report it with the message.
    /// </summary>
    public sealed class WebhookInteropException : WebhookException
    {
        internal WebhookInteropException(WebhookErrorCode code, string message) : base(code, message)
        {
        }
    }
}
