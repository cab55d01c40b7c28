using Microsoft.Win32.SafeHandles;

namespace MapiProfileTools.Core.Native
{
    /// <summary>An open HKEY, closed with RegCloseKey.</summary>
    internal sealed class RegistryKeyHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public RegistryKeyHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle() => Advapi32.RegCloseKey(handle) == 0;
    }
}
