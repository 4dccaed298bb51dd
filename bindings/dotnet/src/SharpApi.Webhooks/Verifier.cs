using System;
using System.Runtime.InteropServices;

namespace SharpApi.Webhooks
{
    /// <summary>
    /// Checks SharpAPI webhook deliveries against one or more secrets. Make one at start-up and
    /// share it: it never changes once made, so any number of threads may use it at once. It
    /// holds only the keyed HMAC state in native memory, not the secrets' text; dispose it to
    /// release that memory.
    /// </summary>
    public sealed class Verifier : IDisposable
    {
        private const uint MalformedSignatureStatus = (uint)WebhookErrorCode.MalformedSignature;

        private readonly VerifierHandle _handle;

        /// <summary>
        /// A verifier that accepts a signature made with any of <paramref name="secrets"/>: the
        /// "Secret for Signature" of the SharpAPI dashboard, and while you rotate it, the previous
        /// one too.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="secrets"/> or one of them is null.</exception>
        /// <exception cref="ArgumentException">A secret holds U+0000 or a lone surrogate.</exception>
        /// <exception cref="InvalidSecretException">No secret was given, or one is empty.</exception>
        /// <exception cref="InvalidOperationException">The loaded native library is another version.</exception>
        public Verifier(params string[] secrets)
        {
            if (secrets == null)
            {
                throw new ArgumentNullException(nameof(secrets));
            }
            NativeMethods.EnsureLibraryVersion();
            var secretsUtf8 = new byte[secrets.Length][];
            var secretPins = new GCHandle[secrets.Length];
            var secretPointers = new IntPtr[secrets.Length];
            try
            {
                for (int i = 0; i < secrets.Length; i++)
                {
                    secretsUtf8[i] = NativeText.EncodeSecret(secrets[i], nameof(secrets));
                    secretPins[i] = GCHandle.Alloc(secretsUtf8[i], GCHandleType.Pinned);
                    secretPointers[i] = secretPins[i].AddrOfPinnedObject();
                }
                VerifierHandle handle;
                uint status = NativeMethods.sharpapi_verifier_new(
                    secretPointers, (UIntPtr)(uint)secretPointers.Length, out handle);
                if (status != 0)
                {
                    // Holds no verifier after a failure; disposing it spares the finalizer a visit.
                    handle.Dispose();
                    WebhookException.ThrowIfError(status);
                }
                _handle = handle;
            }
            finally
            {
                // The library keeps only the keyed state; no copy of a secret should outlive the call.
                for (int i = 0; i < secrets.Length; i++)
                {
                    if (secretsUtf8[i] != null)
                    {
                        Array.Clear(secretsUtf8[i], 0, secretsUtf8[i].Length);
                    }
                    if (secretPins[i].IsAllocated)
                    {
                        secretPins[i].Free();
                    }
                }
            }
        }

        /// <summary>
        /// Checks that <paramref name="signature"/> (the X-Signature header; null when absent) signs
        /// <paramref name="rawBody"/>, the request body exactly as received. The comparison takes
        /// the same time wherever the signatures differ, and tries every secret.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="rawBody"/> is null.</exception>
        /// <exception cref="ObjectDisposedException">The verifier was disposed.</exception>
        /// <exception cref="MissingSignatureException">No signature, or an empty one.</exception>
        /// <exception cref="MalformedSignatureException">The signature is not 64 hex digits.</exception>
        /// <exception cref="InvalidSignatureException">No secret signed this body.</exception>
        public void Verify(byte[] rawBody, string signature)
        {
            WebhookException.ThrowIfError(VerifyStatus(rawBody, signature));
        }

        /// <summary>
        /// True when <see cref="Verify"/> would succeed; false for a missing, malformed or wrong
        /// signature.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="rawBody"/> is null.</exception>
        /// <exception cref="ObjectDisposedException">The verifier was disposed.</exception>
        public bool IsValid(byte[] rawBody, string signature)
        {
            uint status = VerifyStatus(rawBody, signature);
            switch ((WebhookErrorCode)status)
            {
                case 0:
                    return true;
                case WebhookErrorCode.MissingSignature:
                case WebhookErrorCode.MalformedSignature:
                case WebhookErrorCode.InvalidSignature:
                    return false;
                default:
                    WebhookException.ThrowIfError(status);
                    return false;
            }
        }

        /// <summary>
        /// Verifies the delivery as <see cref="Verify"/> does, then parses the verified body. A body
        /// whose signature does not match is never parsed.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="rawBody"/> is null.</exception>
        /// <exception cref="ObjectDisposedException">The verifier was disposed.</exception>
        /// <exception cref="MissingSignatureException">No signature, or an empty one.</exception>
        /// <exception cref="MalformedSignatureException">The signature is not 64 hex digits.</exception>
        /// <exception cref="InvalidSignatureException">No secret signed this body.</exception>
        /// <exception cref="InvalidPayloadException">The verified body is not a SharpAPI webhook event.</exception>
        public WebhookEvent ConstructEvent(byte[] rawBody, string signature)
        {
            byte[] nativeSignature;
            if (!TryPrepareCall(rawBody, signature, out nativeSignature))
            {
                WebhookException.ThrowIfError(MalformedSignatureStatus);
            }
            EventHandle nativeEvent;
            uint status = NativeMethods.sharpapi_verifier_construct_event(
                _handle, rawBody, (UIntPtr)(uint)rawBody.Length, nativeSignature, out nativeEvent);
            return WebhookEvent.CopyAndRelease(status, nativeEvent);
        }

        /// <summary>
        /// The X-Signature value that SharpAPI would send for <paramref name="payload"/> under
        /// <paramref name="secret"/>: 64 lowercase hex digits. For tests and for simulating
        /// deliveries.
        /// </summary>
        /// <exception cref="ArgumentNullException">
        /// <paramref name="payload"/> or <paramref name="secret"/> is null.
        /// </exception>
        /// <exception cref="ArgumentException"><paramref name="secret"/> holds U+0000 or a lone surrogate.</exception>
        /// <exception cref="InvalidSecretException"><paramref name="secret"/> is empty.</exception>
        /// <exception cref="InvalidOperationException">The loaded native library is another version.</exception>
        public static string Sign(byte[] payload, string secret)
        {
            if (payload == null)
            {
                throw new ArgumentNullException(nameof(payload));
            }
            NativeMethods.EnsureLibraryVersion();
            byte[] secretUtf8 = NativeText.EncodeSecret(secret, nameof(secret));
            var signatureText = new byte[NativeMethods.SHARPAPI_SIGNATURE_BUFFER_LEN];
            try
            {
                WebhookException.ThrowIfError(NativeMethods.sharpapi_sign(
                    payload, (UIntPtr)(uint)payload.Length, secretUtf8, signatureText,
                    (UIntPtr)(uint)signatureText.Length));
            }
            finally
            {
                Array.Clear(secretUtf8, 0, secretUtf8.Length);
            }
            return System.Text.Encoding.ASCII.GetString(signatureText, 0, signatureText.Length - 1);
        }

        /// <summary>
        /// Releases the native verifier; calls made after this throw <see cref="ObjectDisposedException"/>.
        /// </summary>
        public void Dispose()
        {
            _handle.Dispose();
        }

        private uint VerifyStatus(byte[] rawBody, string signature)
        {
            byte[] nativeSignature;
            if (!TryPrepareCall(rawBody, signature, out nativeSignature))
            {
                return MalformedSignatureStatus;
            }
            return NativeMethods.sharpapi_verifier_verify(
                _handle, rawBody, (UIntPtr)(uint)rawBody.Length, nativeSignature);
        }

        /// <summary>
        /// Checks the arguments that every verifying call shares, and gives the signature as the C
        /// ABI takes it (null for an absent header). False when the signature holds a NUL: C would
        /// read only the part before it, so it counts as malformed without a call.
        /// </summary>
        private bool TryPrepareCall(byte[] rawBody, string signature, out byte[] nativeSignature)
        {
            if (rawBody == null)
            {
                throw new ArgumentNullException(nameof(rawBody));
            }
            // The marshaller would throw too, but naming the class is clearer; the SafeHandle still
            // guards a Dispose that races a call, by keeping the native verifier alive until it ends.
            if (_handle.IsClosed)
            {
                throw new ObjectDisposedException(nameof(Verifier));
            }
            return NativeText.TryEncodeSignature(signature, out nativeSignature);
        }
    }
}
