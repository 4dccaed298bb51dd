using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SharpApi.Webhooks
{
    /// <summary><c>sharpapi_str_t</c>: a text as its bytes and their length; no terminator is read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SharpApiStr
    {
        /// <summary>The first byte; NULL only with a length of 0.</summary>
        internal IntPtr Ptr;

        /// <summary>The number of bytes at <see cref="Ptr"/>.</summary>
        internal UIntPtr Len;

        internal unsafe SharpApiStr(byte* ptr, int len)
        {
            Ptr = (IntPtr)ptr;
            Len = (UIntPtr)(uint)len;
        }
    }

    /// <summary><c>sharpapi_header_t</c>: one header of the request, name and value as bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SharpApiHeader
    {
        internal SharpApiStr Name;
        internal SharpApiStr Value;
    }

    /// <summary><c>sharpapi_event_fields_t</c>: every field of an event, borrowed from it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SharpApiEventFields
    {
        internal IntPtr Id;
        internal UIntPtr IdLen;
        internal IntPtr Status;
        internal UIntPtr StatusLen;
        internal uint StatusCode;
        internal IntPtr JobType;
        internal UIntPtr JobTypeLen;
        internal uint TypeCode;
        internal IntPtr Result;
        internal UIntPtr ResultLen;
    }

    /// <summary>
    /// The functions of <c>sharpapi_webhooks.h</c>, named exactly as in C. Every status comes back
    /// as the <c>uint</c> of <c>sharpapi_status_t</c> and goes through
    /// <see cref="WebhookException.ThrowIfError"/>. Every text goes in as a pointer to its UTF-8
    /// bytes and their length (<see cref="NativeText"/> encodes it into pinned or stack memory),
    /// never through the runtime's string marshalling, which is not UTF-8 on every runtime (Mono's
    /// and .NET Framework's are not). Every parameter is blittable, so a call copies nothing.
    /// </summary>
    internal static unsafe class NativeMethods
    {
        // The runtimes add "lib" and ".so" (".dylib"; ".dll" on Windows). NuGet restores the package's
        // runtimes/<rid>/native/ library; on Mono and .NET Framework, NativeLibraryLoader loads it.
        private const string Library = NativeLibraryLoader.LibraryName;

        /// <summary>The header version these declarations mirror; the loaded library must report it.</summary>
        internal const string SHARPAPI_VERSION = Vocabulary.Version;

        /// <summary><c>SHARPAPI_OK</c>: the status of a call that succeeded.</summary>
        internal const uint SHARPAPI_OK = 0;

        internal const int SHARPAPI_SIGNATURE_BUFFER_LEN = 65;

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_sign(
            byte* payload, UIntPtr payload_len, byte* secret, UIntPtr secret_len, byte* @out, UIntPtr out_len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_verifier_new(
            SharpApiStr* secrets, UIntPtr secrets_len, out VerifierHandle out_verifier);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void sharpapi_verifier_free(IntPtr verifier);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_verifier_verify(
            VerifierHandle verifier, byte* body, UIntPtr body_len, byte* signature, UIntPtr signature_len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_verifier_construct_event(
            VerifierHandle verifier, byte* body, UIntPtr body_len, byte* signature, UIntPtr signature_len,
            out EventHandle out_event);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_verifier_construct_event_from_headers(
            VerifierHandle verifier, byte* body, UIntPtr body_len, SharpApiHeader* headers, UIntPtr headers_len,
            out EventHandle out_event);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_parse_event_unverified(
            byte* body, UIntPtr body_len, out EventHandle out_event);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void sharpapi_event_free(IntPtr @event);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_event_fields(EventHandle @event, SharpApiEventFields* out_fields);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr sharpapi_last_error_message(UIntPtr* out_len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_explain(
            byte* body, UIntPtr body_len, byte* signature, UIntPtr signature_len, SharpApiStr* secrets,
            UIntPtr secrets_len, uint* out_causes);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_test_delivery_new(
            SharpApiStr secret, SharpApiStr id, SharpApiStr status, SharpApiStr job_type, SharpApiStr result,
            out TestDeliveryHandle out_delivery);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_test_delivery_body(
            TestDeliveryHandle delivery, IntPtr* out_body, UIntPtr* out_len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint sharpapi_test_delivery_signature(
            TestDeliveryHandle delivery, IntPtr* out_signature, UIntPtr* out_len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void sharpapi_test_delivery_free(IntPtr delivery);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr sharpapi_error_message(uint status);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr sharpapi_version();

        private static volatile bool s_versionChecked;

        /// <summary>
        /// Loads the platform's native library (<see cref="NativeLibraryLoader"/>), then fails with a
        /// clear message when it is not the version these declarations mirror: a stale library
        /// elsewhere would otherwise be called with the wrong signatures. Racing threads may both
        /// check; both get the same answer. Every public entry point calls this first and makes its
        /// native calls in another method: Mono resolves a P/Invoke when it compiles its caller.
        /// </summary>
        internal static void EnsureLibraryVersion()
        {
            if (s_versionChecked)
            {
                return;
            }
            NativeLibraryLoader.EnsureLoaded();
            CheckLibraryVersion();
            s_versionChecked = true;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void CheckLibraryVersion()
        {
            string loadedVersion;
            try
            {
                loadedVersion = NativeText.FromNulTerminated(sharpapi_version());
            }
            catch (DllNotFoundException error)
            {
                throw new DllNotFoundException(NativeLibraryLoader.NotFoundMessage(), error);
            }
            catch (EntryPointNotFoundException error)
            {
                throw new DllNotFoundException(
                    NativeLibraryLoader.NotFoundMessage() + " (a library of that name without sharpapi_version was found)",
                    error);
            }
            if (loadedVersion != SHARPAPI_VERSION)
            {
                string loaded = NativeLibraryLoader.LoadedPath == null
                    ? "the library it loaded"
                    : "the library it loaded, " + NativeLibraryLoader.LoadedPath + ",";
                throw new InvalidOperationException(
                    "SharpApi.Webhooks " + SHARPAPI_VERSION + " needs the native library sharpapi_webhooks "
                    + SHARPAPI_VERSION + ", but " + loaded + " is version " + loadedVersion
                    + "; use the library from the same SharpApi.Webhooks package, and remove other copies "
                    + "from the library search path (LD_LIBRARY_PATH, the application's folder) or from "
                    + NativeLibraryLoader.OverrideVariable + ".");
            }
        }
    }
}
