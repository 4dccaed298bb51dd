using System;
using System.Text;

namespace SharpApi.Webhooks
{
    /// <summary>
    /// Strings to and from the C ABI's bytes. Every text goes in as its UTF-8 bytes and their
    /// length: the library reads no terminator, so U+0000 is a character like any other, and it
    /// alone decides what a text means (a secret, a signature, a header name).
    /// </summary>
    internal static unsafe class NativeText
    {
        /// <summary>The most bytes a text may take on the stack; a longer one is encoded into an array.</summary>
        internal const int StackLimit = 1024;

        // Throws on a lone surrogate instead of writing U+FFFD, which would silently change a secret.
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>
        /// The most bytes <see cref="Encode"/> writes for <paramref name="text"/>: 3 per UTF-16 code
        /// unit (a surrogate pair takes 4 for its 2); 0 for null.
        /// </summary>
        internal static int MaxByteCount(string text)
        {
            return text == null ? 0 : checked(text.Length * 3);
        }

        /// <summary>
        /// Writes <paramref name="text"/> (not null) as UTF-8 at <paramref name="destination"/>, which
        /// holds at least <see cref="MaxByteCount"/> bytes, and gives the number written. A string
        /// UTF-8 cannot carry (one holding a lone surrogate) is written with the byte 0xFF for each
        /// lone surrogate, which is never UTF-8: the library then refuses it as it refuses any bytes
        /// that are not UTF-8 at that place (a secret: InvalidSecret; a signature: MalformedSignature;
        /// a header name: no match), where U+FFFD would have changed it silently.
        /// </summary>
        internal static int Encode(string text, byte* destination, int capacity)
        {
            if (text.Length == 0)
            {
                return 0;
            }
            fixed (char* chars = text)
            {
                try
                {
                    return StrictUtf8.GetBytes(chars, text.Length, destination, capacity);
                }
                catch (EncoderFallbackException)
                {
                    // The exception names the code unit, never more of the text; it goes no further.
                    return EncodeMarkingLoneSurrogates(chars, text.Length, destination);
                }
            }
        }

        /// <summary>
        /// Encodes <paramref name="text"/> at <paramref name="used"/> bytes into
        /// <paramref name="buffer"/> (pinned, <paramref name="capacity"/> bytes) and moves
        /// <paramref name="used"/> past it; null is the empty text.
        /// </summary>
        internal static SharpApiStr Append(string text, byte* buffer, int capacity, ref int used)
        {
            if (text == null || text.Length == 0)
            {
                return default(SharpApiStr);
            }
            byte* start = buffer + used;
            int length = Encode(text, start, capacity - used);
            used += length;
            return new SharpApiStr(start, length);
        }

        /// <summary>The <paramref name="length"/> bytes of UTF-8 at <paramref name="text"/>; null for a NULL pointer.</summary>
        internal static string FromNative(IntPtr text, UIntPtr length)
        {
            if (text == IntPtr.Zero)
            {
                return null;
            }
            int byteCount = checked((int)length.ToUInt64());
            return byteCount == 0 ? string.Empty : Encoding.UTF8.GetString((byte*)text, byteCount);
        }

        /// <summary>A static NUL-terminated string of the library (its version, a status's description).</summary>
        internal static string FromNulTerminated(IntPtr text)
        {
            var bytes = (byte*)text;
            int length = 0;
            while (bytes[length] != 0)
            {
                length++;
            }
            return FromNative(text, (UIntPtr)(uint)length);
        }

        /// <summary>
        /// The message of the call that just failed on this thread with <paramref name="status"/>:
        /// <c>sharpapi_last_error_message</c>'s (an InvalidPayload's says at which line and column),
        /// or the status's description should the library have kept none.
        /// </summary>
        internal static string LastErrorMessage(uint status)
        {
            UIntPtr length;
            string message = FromNative(NativeMethods.sharpapi_last_error_message(&length), length);
            return string.IsNullOrEmpty(message)
                ? FromNulTerminated(NativeMethods.sharpapi_error_message(status))
                : message;
        }

        /// <summary>UTF-8, except that each lone surrogate becomes the byte 0xFF.</summary>
        private static int EncodeMarkingLoneSurrogates(char* chars, int count, byte* destination)
        {
            byte* next = destination;
            for (int i = 0; i < count; i++)
            {
                int unit = chars[i];
                if (unit < 0x80)
                {
                    *next++ = (byte)unit;
                }
                else if (unit < 0x800)
                {
                    *next++ = (byte)(0xC0 | (unit >> 6));
                    *next++ = (byte)(0x80 | (unit & 0x3F));
                }
                else if (char.IsHighSurrogate((char)unit) && i + 1 < count && char.IsLowSurrogate(chars[i + 1]))
                {
                    int scalar = char.ConvertToUtf32((char)unit, chars[++i]);
                    *next++ = (byte)(0xF0 | (scalar >> 18));
                    *next++ = (byte)(0x80 | ((scalar >> 12) & 0x3F));
                    *next++ = (byte)(0x80 | ((scalar >> 6) & 0x3F));
                    *next++ = (byte)(0x80 | (scalar & 0x3F));
                }
                else if (char.IsSurrogate((char)unit))
                {
                    *next++ = 0xFF;
                }
                else
                {
                    *next++ = (byte)(0xE0 | (unit >> 12));
                    *next++ = (byte)(0x80 | ((unit >> 6) & 0x3F));
                    *next++ = (byte)(0x80 | (unit & 0x3F));
                }
            }
            return (int)(next - destination);
        }
    }
}
