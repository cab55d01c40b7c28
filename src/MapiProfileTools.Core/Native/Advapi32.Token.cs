using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MapiProfileTools.Core.Native
{
    /// <summary>
    /// Access token functions of advapi32.dll: who a process runs as. Called directly because
    /// System.Security.Principal.Windows is not part of netstandard2.0 and would have to ship with the module.
    /// </summary>
    internal static partial class Advapi32
    {
        public const int ErrorInsufficientBuffer = 122;
        public const int ErrorNoneMapped = 1332;
        private const uint TokenQuery = 0x0008;
        private const int TokenUserClass = 1;

        [DllImport("advapi32.dll", SetLastError = true, EntryPoint = "OpenProcessToken")]
        private static extern bool OpenProcessTokenNative(ProcessHandle process, uint desiredAccess, out TokenHandle token);

        [DllImport("advapi32.dll", SetLastError = true, EntryPoint = "GetTokenInformation")]
        private static extern bool GetTokenInformationNative(TokenHandle token, int informationClass, IntPtr information, int length, out int returnLength);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "LookupAccountSidW")]
        private static extern bool LookupAccountSidNative(string? systemName, IntPtr sid, char[] name, ref int nameLength, char[] domain, ref int domainLength, out int use);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "ConvertSidToStringSidW")]
        private static extern bool ConvertSidToStringSidNative(IntPtr sid, out IntPtr text);

        /// <summary>Opens a process's token for reading. Failures (often access denied) throw Win32Exception.</summary>
        public static TokenHandle OpenProcessToken(ProcessHandle process)
        {
            if (!OpenProcessTokenNative(process, TokenQuery, out TokenHandle token))
            {
                int error = Marshal.GetLastWin32Error();
                token.Dispose();
                throw new Win32Exception(error);
            }

            return token;
        }

        /// <summary>
        /// The account the token belongs to as DOMAIN\user (NT AUTHORITY\SYSTEM); the SID string (S-1-5-21-…)
        /// when no account maps to it any more, which still tells an admin more than nothing.
        /// </summary>
        public static string GetTokenUserName(TokenHandle token)
        {
            GetTokenInformationNative(token, TokenUserClass, IntPtr.Zero, 0, out int needed);
            if (needed <= 0)
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }

            IntPtr buffer = Marshal.AllocHGlobal(needed);
            try
            {
                if (!GetTokenInformationNative(token, TokenUserClass, buffer, needed, out _))
                {
                    throw new Win32Exception(Marshal.GetLastWin32Error());
                }

                // TOKEN_USER starts with SID_AND_ATTRIBUTES, whose first member is the SID pointer.
                IntPtr sid = Marshal.ReadIntPtr(buffer);
                return LookupAccountSid(sid) ?? ConvertSidToString(sid);
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }

        /// <summary>DOMAIN\user for a SID, or null when no account maps to it.</summary>
        private static string? LookupAccountSid(IntPtr sid)
        {
            int nameLength = 64;
            int domainLength = 64;
            for (int attempt = 0; attempt < 2; attempt++)
            {
                var name = new char[nameLength];
                var domain = new char[domainLength];
                if (LookupAccountSidNative(null, sid, name, ref nameLength, domain, ref domainLength, out _))
                {
                    string user = new string(name, 0, nameLength);
                    return domainLength == 0 ? user : new string(domain, 0, domainLength) + "\\" + user;
                }

                int error = Marshal.GetLastWin32Error();
                if (error == ErrorNoneMapped)
                {
                    return null;
                }

                if (error != ErrorInsufficientBuffer)
                {
                    throw new Win32Exception(error);
                }

                // The lengths now hold what is needed, terminating NULs included.
            }

            throw new Win32Exception(ErrorInsufficientBuffer);
        }

        private static string ConvertSidToString(IntPtr sid)
        {
            if (!ConvertSidToStringSidNative(sid, out IntPtr text))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }

            try
            {
                return Marshal.PtrToStringUni(text) ?? string.Empty;
            }
            finally
            {
                Kernel32.LocalFree(text);
            }
        }
    }

    /// <summary>An open access token (OpenProcessToken), closed with CloseHandle.</summary>
    internal sealed class TokenHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public TokenHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle() => Kernel32.CloseHandle(handle);
    }
}
