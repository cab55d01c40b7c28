using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace MapiProfileTools.WindowsHost.Native
{
    /// <summary>The calls a test impersonator makes on its own thread; each wrapper throws Win32Exception.</summary>
    internal static class Impersonation
    {
        private const int SecurityImpersonation = 2;

        [DllImport("advapi32.dll", EntryPoint = "ImpersonateSelf", SetLastError = true)]
        private static extern bool ImpersonateSelfNative(int level);

        [DllImport("advapi32.dll", EntryPoint = "ImpersonateAnonymousToken", SetLastError = true)]
        private static extern bool ImpersonateAnonymousTokenNative(IntPtr thread);

        [DllImport("kernel32.dll", EntryPoint = "GetCurrentThread")]
        private static extern IntPtr GetCurrentThreadNative();

        [DllImport("kernel32.dll", EntryPoint = "GetCurrentThreadId")]
        public static extern int GetCurrentThreadId();

        /// <summary>Gives the calling thread a copy of the process's token: impersonating, as its own account.</summary>
        public static void ImpersonateSelf()
        {
            if (!ImpersonateSelfNative(SecurityImpersonation))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }
        }

        /// <summary>The calling thread impersonates NT AUTHORITY\ANONYMOUS LOGON: another account, no password needed.</summary>
        public static void ImpersonateAnonymous()
        {
            if (!ImpersonateAnonymousTokenNative(GetCurrentThreadNative()))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }
        }
    }
}
