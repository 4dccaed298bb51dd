using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace SharpApi.Webhooks
{
    /// <summary>
    /// Checks SharpAPI webhook deliveries against one or more secrets. Make one at start-up and
    /// share it: it never changes once made, so any number of threads may use it at once. It
    /// holds only the keyed HMAC state in native memory, not the secrets' text; dispose it to
    /// release that memory.
    /// </summary>
    public sealed unsafe class Verifier : IDisposable
    {
        private readonly VerifierHandle _handle;

        // Set by Dispose. The handle alone would refuse new calls only once no call is in flight
        // (its closed state waits for the last reference), which threads that keep calling never
        // let happen.
        private volatile bool _disposed;

        /// <summary>
        /// A verifier that accepts a signature made with any of <paramref name="secrets"/>: the
        /// "Secret for Signature" of the SharpAPI dashboard, and while you rotate it, the previous
        /// one too. Each secret is used exactly as given, U+0000 included.
        /// </summary>
        /// <exception cref="InvalidSecretException">
        /// No secret was given (or <paramref name="secrets"/> is null), or one is null, empty, or not
        /// Unicode text (it holds a lone surrogate).
        /// </exception>
        /// <exception cref="InvalidOperationException">The loaded native library is another version.</exception>
        public Verifier(params string[] secrets)
        {
            NativeMethods.EnsureLibraryVersion();
            _handle = Create(secrets);
        }

        // Apart from the constructor, which loads the library first: Mono binds the native calls
        // of a method when it compiles it (see NativeMethods.EnsureLibraryVersion).
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static VerifierHandle Create(string[] secrets)
        {
            // A null list is passed as no secrets, a null secret as the empty one: the library
            // refuses both as InvalidSecret, as it refuses every secret it cannot use.
            int count = secrets == null ? 0 : secrets.Length;
            int capacity = 0;
            for (int i = 0; i < count; i++)
            {
                capacity = checked(capacity + NativeText.MaxByteCount(secrets[i]));
            }
            var secretsUtf8 = new byte[capacity];
            var nativeSecrets = new SharpApiStr[count];
            VerifierHandle handle;
            uint status;
            try
            {
                // Encoded only while pinned, so that the collector never leaves a copy of a secret
                // behind by moving the array.
                fixed (byte* bytes = secretsUtf8)
                fixed (SharpApiStr* natives = nativeSecrets)
                {
                    int used = 0;
                    for (int i = 0; i < count; i++)
                    {
                        natives[i] = NativeText.Append(secrets[i], bytes, capacity, ref used);
                    }
                    status = NativeMethods.sharpapi_verifier_new(natives, (UIntPtr)(uint)count, out handle);
                }
            }
            finally
            {
                // The library keeps only the keyed state; no copy of a secret should outlive the call.
                Array.Clear(secretsUtf8, 0, secretsUtf8.Length);
            }
            if (status != NativeMethods.SHARPAPI_OK)
            {
                WebhookException error = WebhookException.FromStatus(status);
                // Holds no verifier after a failure; disposing it spares the finalizer a visit.
                handle.Dispose();
                throw error;
            }
            return handle;
        }

        /// <summary>
        /// Checks that <paramref name="signature"/> (the X-Signature header; null when absent) signs
        /// <paramref name="rawBody"/>, the request body exactly as received. The comparison takes
        /// the same time wherever the signatures differ, and tries every secret.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="rawBody"/> is null.</exception>
        /// <exception cref="ObjectDisposedException">The verifier was disposed.</exception>
        /// <exception cref="MissingSignatureException">No signature, or an empty or whitespace-only one.</exception>
        /// <exception cref="MalformedSignatureException">
        /// The signature is not 64 hex digits (ASCII whitespace around them aside).
        /// </exception>
        /// <exception cref="InvalidSignatureException">No secret signed this body.</exception>
        public void Verify(byte[] rawBody, string signature)
        {
            EventHandle none;
            WebhookException.ThrowIfError(Call(rawBody, signature, false, out none));
        }

        /// <summary>
        /// True when <see cref="Verify"/> would succeed; false for a missing, malformed or wrong
        /// signature.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="rawBody"/> is null.</exception>
        /// <exception cref="ObjectDisposedException">The verifier was disposed.</exception>
        public bool IsValid(byte[] rawBody, string signature)
        {
            EventHandle none;
            uint status = Call(rawBody, signature, false, out none);
            if (status == NativeMethods.SHARPAPI_OK)
            {
                return true;
            }
            switch ((WebhookErrorCode)status)
            {
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
        /// <exception cref="MissingSignatureException">No signature, or an empty or whitespace-only one.</exception>
        /// <exception cref="MalformedSignatureException">
        /// The signature is not 64 hex digits (ASCII whitespace around them aside).
        /// </exception>
        /// <exception cref="InvalidSignatureException">No secret signed this body.</exception>
        /// <exception cref="InvalidPayloadException">The verified body is not a SharpAPI webhook event.</exception>
        public WebhookEvent ConstructEvent(byte[] rawBody, string signature)
        {
            EventHandle nativeEvent;
            uint status = Call(rawBody, signature, true, out nativeEvent);
            return WebhookEvent.CopyAndRelease(status, nativeEvent);
        }

        /// <summary>
        /// <see cref="ConstructEvent"/> with the signature looked up among the request's
        /// <paramref name="headers"/>, every one as received: a name equal to "X-Signature" in any
        /// ASCII case. Pass a repeated header as several pairs, never joined with commas: the same
        /// value twice (ASCII whitespace around it aside) counts once, two different values are
        /// malformed. A null name or value is passed as an empty one.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="rawBody"/> or <paramref name="headers"/> is null.</exception>
        /// <exception cref="ObjectDisposedException">The verifier was disposed.</exception>
        /// <exception cref="MissingSignatureException">No X-Signature header, or an empty or whitespace-only one.</exception>
        /// <exception cref="MalformedSignatureException">
        /// The signature is not 64 hex digits, or two X-Signature headers differ.
        /// </exception>
        /// <exception cref="InvalidSignatureException">No secret signed this body.</exception>
        /// <exception cref="InvalidPayloadException">The verified body is not a SharpAPI webhook event.</exception>
        public WebhookEvent ConstructEventFromHeaders(byte[] rawBody, IEnumerable<KeyValuePair<string, string>> headers)
        {
            CheckCall(rawBody);
            if (headers == null)
            {
                throw new ArgumentNullException(nameof(headers));
            }
            return ConstructEventFromPairs(rawBody, new List<KeyValuePair<string, string>>(headers));
        }

        /// <summary>
        /// <see cref="ConstructEventFromHeaders(byte[], IEnumerable{KeyValuePair{string, string}})"/>
        /// for headers that hold several values each, as ASP.NET Core's <c>IHeaderDictionary</c>
        /// (its <c>StringValues</c>) or <c>HttpHeaders</c> (<c>IEnumerable&lt;string&gt;</c>) do: each
        /// value is its own pair. A header with no values, or with null ones, counts as absent or empty.
        /// </summary>
        /// <typeparam name="TValues">The values' collection: <c>IEnumerable&lt;string&gt;</c>, <c>string[]</c>, <c>StringValues</c>.</typeparam>
        /// <exception cref="ArgumentNullException"><paramref name="rawBody"/> or <paramref name="headers"/> is null.</exception>
        /// <exception cref="ObjectDisposedException">The verifier was disposed.</exception>
        /// <exception cref="MissingSignatureException">No X-Signature header, or an empty or whitespace-only one.</exception>
        /// <exception cref="MalformedSignatureException">
        /// The signature is not 64 hex digits, or two X-Signature values differ.
        /// </exception>
        /// <exception cref="InvalidSignatureException">No secret signed this body.</exception>
        /// <exception cref="InvalidPayloadException">The verified body is not a SharpAPI webhook event.</exception>
        public WebhookEvent ConstructEventFromHeaders<TValues>(
            byte[] rawBody, IEnumerable<KeyValuePair<string, TValues>> headers)
            where TValues : IEnumerable<string>
        {
            CheckCall(rawBody);
            if (headers == null)
            {
                throw new ArgumentNullException(nameof(headers));
            }
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (KeyValuePair<string, TValues> header in headers)
            {
                if (header.Value == null)
                {
                    continue;
                }
                foreach (string value in header.Value)
                {
                    pairs.Add(new KeyValuePair<string, string>(header.Key, value));
                }
            }
            return ConstructEventFromPairs(rawBody, pairs);
        }

        /// <summary>
        /// The X-Signature value that SharpAPI would send for <paramref name="payload"/> under
        /// <paramref name="secret"/>: 64 lowercase hex digits. For tests and for simulating
        /// deliveries.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="payload"/> is null.</exception>
        /// <exception cref="InvalidSecretException">
        /// <paramref name="secret"/> is null, empty, or not Unicode text (it holds a lone surrogate).
        /// </exception>
        /// <exception cref="InvalidOperationException">The loaded native library is another version.</exception>
        public static string Sign(byte[] payload, string secret)
        {
            if (payload == null)
            {
                throw new ArgumentNullException(nameof(payload));
            }
            NativeMethods.EnsureLibraryVersion();
            return SignLoaded(payload, secret);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string SignLoaded(byte[] payload, string secret)
        {
            var secretUtf8 = new byte[NativeText.MaxByteCount(secret)];
            byte* signature = stackalloc byte[NativeMethods.SHARPAPI_SIGNATURE_BUFFER_LEN];
            uint status;
            try
            {
                fixed (byte* payloadBytes = payload)
                fixed (byte* secretBytes = secretUtf8)
                {
                    // A null secret is passed as the empty one, which the library refuses.
                    int used = 0;
                    SharpApiStr nativeSecret = NativeText.Append(secret, secretBytes, secretUtf8.Length, ref used);
                    status = NativeMethods.sharpapi_sign(
                        payloadBytes, (UIntPtr)(uint)payload.Length, (byte*)nativeSecret.Ptr, nativeSecret.Len,
                        signature, (UIntPtr)(uint)NativeMethods.SHARPAPI_SIGNATURE_BUFFER_LEN);
                }
            }
            finally
            {
                Array.Clear(secretUtf8, 0, secretUtf8.Length);
            }
            WebhookException.ThrowIfError(status);
            return System.Text.Encoding.ASCII.GetString(signature, NativeMethods.SHARPAPI_SIGNATURE_BUFFER_LEN - 1);
        }

        /// <summary>
        /// Explains why <paramref name="signature"/> (the X-Signature header; null when absent) does
        /// or does not sign <paramref name="rawBody"/> with any of <paramref name="secrets"/>: the
        /// native library tries the usual changes between what SharpAPI signed and what was verified
        /// (JSON parsed and written again with other spacing, key order or escapes, CRLF and LF
        /// swapped, a trailing newline or a byte order mark, a <c>sha256=</c> prefix, whitespace
        /// around a pasted secret) and names those that make the signature match.
        /// </summary>
        /// <remarks>
        /// A debugging aid for the endpoint's owner: it costs a few dozen HMACs, so call it after a
        /// failure, never for every request, and write its finding to your logs, never into the HTTP
        /// answer. It takes the secrets' text because a <see cref="Verifier"/> does not keep it. A
        /// null, empty or lone-surrogate secret is skipped, not refused.
        /// </remarks>
        /// <exception cref="ArgumentNullException"><paramref name="rawBody"/> is null.</exception>
        /// <exception cref="InvalidOperationException">The loaded native library is another version.</exception>
        public static Explanation Explain(byte[] rawBody, string signature, params string[] secrets)
        {
            if (rawBody == null)
            {
                throw new ArgumentNullException(nameof(rawBody));
            }
            NativeMethods.EnsureLibraryVersion();
            return ExplainLoaded(rawBody, signature, secrets);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Explanation ExplainLoaded(byte[] rawBody, string signature, string[] secrets)
        {
            int count = secrets == null ? 0 : secrets.Length;
            int capacity = NativeText.MaxByteCount(signature);
            for (int i = 0; i < count; i++)
            {
                capacity = checked(capacity + NativeText.MaxByteCount(secrets[i]));
            }
            // One byte more, so that a present but empty signature is not a NULL pointer (absent).
            var texts = new byte[checked(capacity + 1)];
            var nativeSecrets = new SharpApiStr[count];
            uint causes;
            uint status;
            try
            {
                // Encoded only while pinned, as in Create: no copy of a secret outlives the call.
                fixed (byte* body = rawBody)
                fixed (byte* bytes = texts)
                fixed (SharpApiStr* natives = nativeSecrets)
                {
                    int used = 0;
                    for (int i = 0; i < count; i++)
                    {
                        natives[i] = NativeText.Append(secrets[i], bytes, texts.Length, ref used);
                    }
                    byte* nativeSignature = null;
                    int signatureLength = 0;
                    if (signature != null)
                    {
                        nativeSignature = bytes + used;
                        signatureLength = NativeText.Encode(signature, nativeSignature, texts.Length - used);
                    }
                    status = NativeMethods.sharpapi_explain(
                        body, (UIntPtr)(uint)rawBody.Length, nativeSignature, (UIntPtr)(uint)signatureLength,
                        natives, (UIntPtr)(uint)count, &causes);
                }
            }
            finally
            {
                Array.Clear(texts, 0, texts.Length);
            }
            WebhookException.ThrowIfError(status);
            return Explanation.FromCauseSet(causes);
        }

        /// <summary>
        /// Releases the native verifier; calls made after this throw <see cref="ObjectDisposedException"/>.
        /// </summary>
        public void Dispose()
        {
            _disposed = true;
            _handle.Dispose();
        }

        /// <summary>
        /// Verifies (or, when <paramref name="construct"/>, constructs an event from) a delivery: the
        /// body pinned, the signature encoded on the stack (into an array when long), so that a
        /// verification allocates nothing.
        /// </summary>
        private uint Call(byte[] rawBody, string signature, bool construct, out EventHandle nativeEvent)
        {
            CheckCall(rawBody);
            int capacity = NativeText.MaxByteCount(signature);
            byte[] onHeap = capacity > NativeText.StackLimit ? new byte[capacity] : null;
            // One byte at least, so that a present but empty signature is not a NULL pointer (absent).
            byte* onStack = stackalloc byte[onHeap == null ? capacity + 1 : 1];
            fixed (byte* heapBytes = onHeap)
            fixed (byte* body = rawBody)
            {
                byte* nativeSignature = null;
                int signatureLength = 0;
                if (signature != null)
                {
                    nativeSignature = onHeap == null ? onStack : heapBytes;
                    signatureLength = NativeText.Encode(signature, nativeSignature, capacity);
                }
                var bodyLength = (UIntPtr)(uint)rawBody.Length;
                if (!construct)
                {
                    nativeEvent = null;
                    return NativeMethods.sharpapi_verifier_verify(
                        _handle, body, bodyLength, nativeSignature, (UIntPtr)(uint)signatureLength);
                }
                return NativeMethods.sharpapi_verifier_construct_event(
                    _handle, body, bodyLength, nativeSignature, (UIntPtr)(uint)signatureLength, out nativeEvent);
            }
        }

        private WebhookEvent ConstructEventFromPairs(byte[] rawBody, List<KeyValuePair<string, string>> pairs)
        {
            int capacity = 0;
            foreach (KeyValuePair<string, string> pair in pairs)
            {
                capacity = checked(capacity + NativeText.MaxByteCount(pair.Key) + NativeText.MaxByteCount(pair.Value));
            }
            var headerBytes = new byte[capacity];
            var nativeHeaders = new SharpApiHeader[pairs.Count];
            EventHandle nativeEvent;
            uint status;
            fixed (byte* body = rawBody)
            fixed (byte* bytes = headerBytes)
            fixed (SharpApiHeader* natives = nativeHeaders)
            {
                int used = 0;
                for (int i = 0; i < pairs.Count; i++)
                {
                    natives[i].Name = NativeText.Append(pairs[i].Key, bytes, capacity, ref used);
                    natives[i].Value = NativeText.Append(pairs[i].Value, bytes, capacity, ref used);
                }
                status = NativeMethods.sharpapi_verifier_construct_event_from_headers(
                    _handle, body, (UIntPtr)(uint)rawBody.Length, natives, (UIntPtr)(uint)pairs.Count,
                    out nativeEvent);
            }
            return WebhookEvent.CopyAndRelease(status, nativeEvent);
        }

        /// <summary>Checks the arguments that every verifying call shares.</summary>
        private void CheckCall(byte[] rawBody)
        {
            if (rawBody == null)
            {
                throw new ArgumentNullException(nameof(rawBody));
            }
            // A call that starts after Dispose is refused here; one already past this check is kept
            // safe by the SafeHandle, which releases the native verifier only when the last call in
            // flight has returned.
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(Verifier));
            }
        }
    }
}
