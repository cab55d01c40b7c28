using Microsoft.Win32.SafeHandles;

namespace MapiProfileTools.Core.Native
{
    /// <summary>An open process handle (OpenProcess), closed with CloseHandle.</summary>
    internal sealed class ProcessHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public ProcessHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle() => Kernel32.CloseHandle(handle);
    }
}
