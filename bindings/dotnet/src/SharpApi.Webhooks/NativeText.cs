using System;
using System.Runtime.InteropServices;
using System.Text;

namespace SharpApi.Webhooks
{
    /// <summary>Strings to and from the C ABI's NUL-terminated UTF-8.</summary>
    internal static class NativeText
    {
        // Throws on a lone surrogate instead of sending U+FFFD: a secret must never change silently.
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>The secret as NUL-terminated UTF-8; the caller clears the array after the call.</summary>
        internal static byte[] EncodeSecret(string secret, string paramName)
        {
            if (secret == null)
            {
                throw new ArgumentNullException(paramName, "A secret is null.");
            }
            // C would read the secret only up to the NUL, and verify against a different one.
            if (secret.IndexOf('\0') >= 0)
            {
                throw new ArgumentException("A secret cannot contain U+0000.", paramName);
            }
            try
            {
                return Terminated(StrictUtf8, secret);
            }
            catch (EncoderFallbackException)
            {
                throw new ArgumentException("A secret is not valid UTF-16: it holds a lone surrogate.", paramName);
            }
        }

        /// <summary>
        /// The X-Signature value as NUL-terminated UTF-8, or null for an absent header; false when
        /// the value holds a NUL, which C would cut short and so might accept. A lone surrogate
        /// becomes U+FFFD, which is not a hex digit, so the library still reports it malformed.
        /// </summary>
        internal static bool TryEncodeSignature(string signature, out byte[] nativeSignature)
        {
            nativeSignature = null;
            if (signature == null)
            {
                return true;
            }
            if (signature.IndexOf('\0') >= 0)
            {
                return false;
            }
            nativeSignature = Terminated(Encoding.UTF8, signature);
            return true;
        }

        /// <summary>The <paramref name="length"/> bytes at <paramref name="text"/>; null for a NULL pointer.</summary>
        internal static string FromNative(IntPtr text, UIntPtr length)
        {
            if (text == IntPtr.Zero)
            {
                return null;
            }
            var utf8 = new byte[checked((int)length.ToUInt64())];
            Marshal.Copy(text, utf8, 0, utf8.Length);
            return Encoding.UTF8.GetString(utf8);
        }

        /// <summary>A static NUL-terminated string of the library (a version, an error message).</summary>
        internal static string FromNulTerminated(IntPtr text)
        {
            int length = 0;
            while (Marshal.ReadByte(text, length) != 0)
            {
                length++;
            }
            return FromNative(text, (UIntPtr)(uint)length);
        }

        // Encoded straight into the final array, so that no other copy of a secret is left behind.
        private static byte[] Terminated(Encoding utf8, string text)
        {
            var terminated = new byte[utf8.GetByteCount(text) + 1];
            utf8.GetBytes(text, 0, text.Length, terminated, 0);
            return terminated;
        }
    }
}
