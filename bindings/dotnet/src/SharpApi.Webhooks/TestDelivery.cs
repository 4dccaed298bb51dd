using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SharpApi.Webhooks
{
    /// <summary>
    /// A delivery exactly as SharpAPI sends it, for the tests of an endpoint: the body and the headers
    /// of the POST. The native library writes the body and signs it, so that a test needs no signing
    /// code of its own, and what it sends is what SharpAPI would.
    /// </summary>
    public sealed unsafe class TestDelivery
    {
        private TestDelivery(byte[] body, string signature)
        {
            Body = body;
            Signature = signature;
            Headers = new ReadOnlyCollection<KeyValuePair<string, string>>(new[]
            {
                new KeyValuePair<string, string>("Content-Type", Vocabulary.ContentType),
                new KeyValuePair<string, string>("User-Agent", Vocabulary.UserAgent),
                new KeyValuePair<string, string>(Vocabulary.SignatureHeader, signature),
            });
        }

        /// <summary>The body: the exact bytes that were signed, to send as they are.</summary>
        public byte[] Body { get; }

        /// <summary>The <c>X-Signature</c> value: 64 lowercase hex digits.</summary>
        public string Signature { get; }

        /// <summary>
        /// The headers SharpAPI sends: <c>Content-Type: application/json</c>, its <c>User-Agent</c>,
        /// and <c>X-Signature</c>; pass them to <see cref="Verifier.ConstructEventFromHeaders(byte[], IEnumerable{KeyValuePair{string, string}})"/>,
        /// or set them on the request a test sends.
        /// </summary>
        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

        /// <summary>
        /// The delivery of a job's outcome, signed with <paramref name="secret"/>: the body
        /// <c>{"id", "status", "type", "result"}</c> in SharpAPI's order and escaping
        /// (<c>\/</c>, <c>\u00e9</c>).
        /// </summary>
        /// <param name="secret">The endpoint's secret (or another, to test a refusal).</param>
        /// <param name="id">The job's id; null (the default) for a new random UUID.</param>
        /// <param name="status">The job's status, any text; "success" unless given.</param>
        /// <param name="type">The job's type, any text (one this version does not know too); "content_translate" unless given.</param>
        /// <param name="resultJson">
        /// The <c>"result"</c> member as JSON text, written into the body as it is without surrounding
        /// whitespace; null (the default) for a delivery without one. Serialize a value with your JSON
        /// library first (<c>JsonSerializer.Serialize(result)</c> with System.Text.Json).
        /// </param>
        /// <exception cref="ArgumentNullException"><paramref name="status"/> or <paramref name="type"/> is null.</exception>
        /// <exception cref="InvalidSecretException">
        /// <paramref name="secret"/> is null, empty, or not Unicode text (it holds a lone surrogate).
        /// </exception>
        /// <exception cref="InvalidPayloadException">
        /// <paramref name="resultJson"/> is not one JSON value a verifier accepts, or a text holds a lone
        /// surrogate.
        /// </exception>
        /// <exception cref="InvalidOperationException">The loaded native library is another version.</exception>
        public static TestDelivery Create(
            string secret,
            string id = null,
            string status = Vocabulary.TestDeliveryStatus,
            string type = Vocabulary.TestDeliveryType,
            string resultJson = null)
        {
            if (status == null)
            {
                throw new ArgumentNullException(nameof(status));
            }
            if (type == null)
            {
                throw new ArgumentNullException(nameof(type));
            }
            NativeMethods.EnsureLibraryVersion();
            return CreateLoaded(secret, id ?? Guid.NewGuid().ToString(), status, type, resultJson);
        }

        // Apart from Create, which loads the library first (see NativeMethods.EnsureLibraryVersion).
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static TestDelivery CreateLoaded(string secret, string id, string status, string type, string resultJson)
        {
            int capacity = checked(NativeText.MaxByteCount(secret) + NativeText.MaxByteCount(id)
                + NativeText.MaxByteCount(status) + NativeText.MaxByteCount(type) + NativeText.MaxByteCount(resultJson));
            // One byte more, so that an empty result is text at a pointer, not NULL (no result).
            var texts = new byte[checked(capacity + 1)];
            TestDeliveryHandle delivery;
            uint result;
            try
            {
                // Encoded only while pinned, as Verifier does: no copy of the secret outlives the call.
                fixed (byte* bytes = texts)
                {
                    int used = 0;
                    SharpApiStr nativeSecret = NativeText.Append(secret, bytes, texts.Length, ref used);
                    SharpApiStr nativeId = NativeText.Append(id, bytes, texts.Length, ref used);
                    SharpApiStr nativeStatus = NativeText.Append(status, bytes, texts.Length, ref used);
                    SharpApiStr nativeType = NativeText.Append(type, bytes, texts.Length, ref used);
                    SharpApiStr nativeResult = resultJson == null
                        ? default(SharpApiStr)
                        : new SharpApiStr(bytes + used, NativeText.Encode(resultJson, bytes + used, texts.Length - used));
                    result = NativeMethods.sharpapi_test_delivery_new(
                        nativeSecret, nativeId, nativeStatus, nativeType, nativeResult, out delivery);
                }
            }
            finally
            {
                Array.Clear(texts, 0, texts.Length);
            }
            using (delivery)
            {
                WebhookException.ThrowIfError(result);
                IntPtr body;
                UIntPtr bodyLength;
                IntPtr signature;
                UIntPtr signatureLength;
                WebhookException.ThrowIfError(NativeMethods.sharpapi_test_delivery_body(delivery, &body, &bodyLength));
                WebhookException.ThrowIfError(
                    NativeMethods.sharpapi_test_delivery_signature(delivery, &signature, &signatureLength));
                // Both are the delivery's, copied before it is released.
                var bodyBytes = new byte[checked((int)bodyLength.ToUInt64())];
                Marshal.Copy(body, bodyBytes, 0, bodyBytes.Length);
                return new TestDelivery(bodyBytes, NativeText.FromNative(signature, signatureLength));
            }
        }
    }
}
