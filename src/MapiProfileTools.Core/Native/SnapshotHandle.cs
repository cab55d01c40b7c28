using Microsoft.Win32.SafeHandles;

namespace MapiProfileTools.Core.Native
{
    /// <summary>
    /// A Toolhelp32 snapshot (CreateToolhelp32Snapshot), closed with CloseHandle. Failure is
    /// INVALID_HANDLE_VALUE, which this base class counts as invalid along with zero.
    /// </summary>
    internal sealed class SnapshotHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public SnapshotHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle() => Kernel32.CloseHandle(handle);
    }
}
