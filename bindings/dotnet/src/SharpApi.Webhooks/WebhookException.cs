using System;

namespace SharpApi.Webhooks
{
    /// <summary>
    /// The permanent number of each error, the same in every language of sharpapi-webhooks and in
    /// the C ABI's <c>sharpapi_status_t</c>. A retired number is never reused.
    /// </summary>
    public enum WebhookErrorCode
    {
        /// <summary>A secret is empty, or no secret was given.</summary>
        InvalidSecret = 1,

        /// <summary>No X-Signature header, or an empty or whitespace-only one.</summary>
        MissingSignature = 2,

        /// <summary>X-Signature is not 64 hex digits.</summary>
        MalformedSignature = 3,

        /// <summary>Well formed, but no secret signed this body.</summary>
        InvalidSignature = 4,

        /// <summary>Verified, but the body is not a SharpAPI webhook event.</summary>
        InvalidPayload = 5,

        /// <summary>The native library got a NULL pointer: a bug of this package, please report it.</summary>
        NullArgument = 100,

        /// <summary>The native library got a string that is not UTF-8: a bug of this package.</summary>
        InvalidUtf8 = 101,

        /// <summary>The native library got a buffer too small: a bug of this package.</summary>
        BufferTooSmall = 102,

        /// <summary>The native library failed unexpectedly: a bug, please report it.</summary>
        InternalError = 103,

        /// <summary>The native library got a length larger than any object: a bug of this package.</summary>
        InvalidLength = 104,
    }

    /// <summary>
    /// Why a delivery or a secret was refused. Catch a subclass to tell the cases apart, or this
    /// class and switch on <see cref="Code"/>. The message never contains a secret.
    /// </summary>
    public abstract class WebhookException : Exception
    {
        internal WebhookException(WebhookErrorCode code, string message) : base(message)
        {
            Code = code;
        }

        /// <summary>The error's permanent number.</summary>
        public WebhookErrorCode Code { get; }

        /// <summary>The one place where a status of the C ABI becomes an exception.</summary>
        internal static void ThrowIfError(uint status)
        {
            if (status == 0)
            {
                return;
            }
            var code = (WebhookErrorCode)status;
            string message = NativeText.FromNulTerminated(NativeMethods.sharpapi_error_message(status));
            switch (code)
            {
                case WebhookErrorCode.InvalidSecret:
                    throw new InvalidSecretException(message);
                case WebhookErrorCode.MissingSignature:
                    throw new MissingSignatureException(message);
                case WebhookErrorCode.MalformedSignature:
                    throw new MalformedSignatureException(message);
                case WebhookErrorCode.InvalidSignature:
                    throw new InvalidSignatureException(message);
                case WebhookErrorCode.InvalidPayload:
                    throw new InvalidPayloadException(message);
                default:
                    throw new WebhookInteropException(code, message);
            }
        }
    }

    /// <summary>A secret is empty, or a <see cref="Verifier"/> was given no secret (code 1).</summary>
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

    /// <summary>X-Signature is not exactly 64 hex digits (code 3): answer 401.</summary>
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

    /// <summary>The verified body is not a SharpAPI webhook event (code 5): answer 400.</summary>
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
