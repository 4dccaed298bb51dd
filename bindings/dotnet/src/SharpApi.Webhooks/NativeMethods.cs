using System;
using System.Runtime.InteropServices;

namespace SharpApi.Webhooks
{
    /// <summary>
    /// The functions of <c>sharpapi_webhooks.h</c>, named exactly as in C. Every status comes back
    /// as the <c>uint</c> of <c>sharpapi_status_t</c> and goes through
    /// <see cref="WebhookException.ThrowIfError"/>. Strings go in as NUL-terminated UTF-8 byte arrays
    /// made by <see cref="NativeText"/>, never through the runtime's string marshalling, which is not
    /// UTF-8 on every runtime (Mono's and .NET Framework's are not).
    /// </summary>
    internal static class NativeMethods
    {
        // The runtimes add "lib" and ".so"; NuGet restores runtimes/linux-x64/native/libsharpapi_webhooks.so.
        private const string Library = "sharpapi_webhooks";

        /// <summary>The header version these declarations mirror; the loaded library must report it.</summary>
        internal const string SHARPAPI_VERSION = "0.1.0";

        internal const int SHARPAPI_SIGNATURE_BUFFER_LEN = 65;

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_sign(
            byte[] payload, UIntPtr payload_len, byte[] secret, [Out] byte[] @out, UIntPtr out_len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_verifier_new(
            IntPtr[] secrets, UIntPtr secrets_len, out VerifierHandle out_verifier);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void sharpapi_verifier_free(IntPtr verifier);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_verifier_verify(
            VerifierHandle verifier, byte[] body, UIntPtr body_len, byte[] signature);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_verifier_construct_event(
            VerifierHandle verifier, byte[] body, UIntPtr body_len, byte[] signature, out EventHandle out_event);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_parse_event_unverified(
            byte[] body, UIntPtr body_len, out EventHandle out_event);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void sharpapi_event_free(IntPtr @event);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_event_id(EventHandle @event, out IntPtr out_id, out UIntPtr out_len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_event_status(
            EventHandle @event, out IntPtr out_status, out UIntPtr out_len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_event_status_code(EventHandle @event, out uint out_code);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_event_type(EventHandle @event, out IntPtr out_type, out UIntPtr out_len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_event_type_code(EventHandle @event, out uint out_code);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_event_result(
            EventHandle @event, out IntPtr out_result, out UIntPtr out_len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr sharpapi_error_message(uint status);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr sharpapi_version();

        private static volatile bool s_versionChecked;

        /// <summary>
        /// Fails with a clear message when the loaded library is not the version these declarations
        /// mirror: a stale libsharpapi_webhooks.so elsewhere on the search path would otherwise be
        /// called with the wrong signatures. Racing threads may both check; both get the same answer.
        /// </summary>
        internal static void EnsureLibraryVersion()
        {
            if (s_versionChecked)
            {
                return;
            }
            string loadedVersion = NativeText.FromNulTerminated(sharpapi_version());
            if (loadedVersion != SHARPAPI_VERSION)
            {
                throw new InvalidOperationException(
                    "SharpApi.Webhooks " + SHARPAPI_VERSION + " needs the native library sharpapi_webhooks "
                    + SHARPAPI_VERSION + ", but the libsharpapi_webhooks.so it loaded is version " + loadedVersion
                    + "; use the library from the same SharpApi.Webhooks package, and remove other copies "
                    + "from the library search path (LD_LIBRARY_PATH, the application's folder).");
            }
            s_versionChecked = true;
        }
    }
}
