using Microsoft.Win32.SafeHandles;

namespace MapiProfileTools.Core.Native
{
    /// <summary>An open SC_HANDLE (service control manager or service), closed with CloseServiceHandle.</summary>
    internal sealed class ServiceHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public ServiceHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle() => Advapi32.CloseServiceHandle(handle);
    }
}
