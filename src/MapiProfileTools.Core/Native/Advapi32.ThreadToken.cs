using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace MapiProfileTools.Core.Native
{
    /// <summary>Thread tokens (who a thread impersonates) and the caller's own elevation.</summary>
    internal static partial class Advapi32
    {
        public const int ErrorNoToken = 1008;
        private const int TokenElevationClass = 20;

        [DllImport("advapi32.dll", SetLastError = true, EntryPoint = "OpenThreadToken")]
        private static extern bool OpenThreadTokenNative(ThreadHandle thread, uint desiredAccess, bool openAsSelf, out TokenHandle token);

        [DllImport("advapi32.dll", SetLastError = true, EntryPoint = "GetTokenInformation")]
        private static extern bool GetTokenInformationInt(TokenHandle token, int informationClass, out int information, int length, out int returnLength);

        [DllImport("kernel32.dll", EntryPoint = "GetCurrentProcess")]
        private static extern IntPtr GetCurrentProcessNative();

        [DllImport("advapi32.dll", SetLastError = true, EntryPoint = "OpenProcessToken")]
        private static extern bool OpenOwnProcessTokenNative(IntPtr process, uint desiredAccess, out TokenHandle token);

        /// <summary>
        /// The thread's impersonation token, or null when the thread impersonates no one (ERROR_NO_TOKEN).
        /// Opened as self (the process's security context), so a thread impersonating an account that may not
        /// read its own token is still readable. Other failures (access denied) throw Win32Exception.
        /// </summary>
        public static TokenHandle? OpenThreadToken(ThreadHandle thread)
        {
            if (OpenThreadTokenNative(thread, TokenQuery, true, out TokenHandle token))
            {
                return token;
            }

            int error = Marshal.GetLastWin32Error();
            token.Dispose();
            if (error == ErrorNoToken)
            {
                return null;
            }

            throw new Win32Exception(error);
        }

        /// <summary>Whether this process's token is elevated (TokenElevation); throws Win32Exception when it cannot say.</summary>
        public static bool IsCurrentProcessElevated()
        {
            // GetCurrentProcess is a pseudo-handle: nothing to close.
            if (!OpenOwnProcessTokenNative(GetCurrentProcessNative(), TokenQuery, out TokenHandle token))
            {
                int error = Marshal.GetLastWin32Error();
                token.Dispose();
                throw new Win32Exception(error);
            }

            using (token)
            {
                if (!GetTokenInformationInt(token, TokenElevationClass, out int elevated, sizeof(int), out _))
                {
                    throw new Win32Exception(Marshal.GetLastWin32Error());
                }

                return elevated != 0;
            }
        }
    }
}
