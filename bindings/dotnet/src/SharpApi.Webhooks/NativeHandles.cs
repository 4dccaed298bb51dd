using System;
using System.Runtime.InteropServices;

namespace SharpApi.Webhooks
{
    /// <summary>A <c>sharpapi_verifier_t *</c>; released by <c>sharpapi_verifier_free</c>.</summary>
    internal sealed class VerifierHandle : SafeHandle
    {
        // The marshaller makes the instance for the out-parameter of sharpapi_verifier_new.
        private VerifierHandle() : base(IntPtr.Zero, ownsHandle: true)
        {
        }

        public override bool IsInvalid
        {
            get { return handle == IntPtr.Zero; }
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.sharpapi_verifier_free(handle);
            return true;
        }
    }

    /// <summary>A <c>sharpapi_event_t *</c>; released by <c>sharpapi_event_free</c>.</summary>
    internal sealed class EventHandle : SafeHandle
    {
        // The marshaller makes the instance for the out-parameter of the constructing functions.
        private EventHandle() : base(IntPtr.Zero, ownsHandle: true)
        {
        }

        public override bool IsInvalid
        {
            get { return handle == IntPtr.Zero; }
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.sharpapi_event_free(handle);
            return true;
        }
    }

    /// <summary>A <c>sharpapi_test_delivery_t *</c>; released by <c>sharpapi_test_delivery_free</c>.</summary>
    internal sealed class TestDeliveryHandle : SafeHandle
    {
        // The marshaller makes the instance for the out-parameter of sharpapi_test_delivery_new.
        private TestDeliveryHandle() : base(IntPtr.Zero, ownsHandle: true)
        {
        }

        public override bool IsInvalid
        {
            get { return handle == IntPtr.Zero; }
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.sharpapi_test_delivery_free(handle);
            return true;
        }
    }
}
