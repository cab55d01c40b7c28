using System;
using System.Runtime.InteropServices;

namespace MapiProfileTools.Core.Native
{
    /// <summary>
    /// The one ntdll.dll call the module needs: a process's command line. Windows 8.1 and later answer it
    /// directly (ProcessCommandLineInformation); older systems would need the target's PEB read across
    /// processes, which is not worth its fragility for a column that is only informative.
    /// </summary>
    internal static class Ntdll
    {
        private const int ProcessCommandLineInformation = 60;
        private const int StatusBufferOverflow = unchecked((int)0x80000005);
        private const int StatusInfoLengthMismatch = unchecked((int)0xC0000004);
        private const int StatusBufferTooSmall = unchecked((int)0xC0000023);
        private const int MaxCommandLineBytes = 64 * 1024;

        [DllImport("ntdll.dll", EntryPoint = "NtQueryInformationProcess")]
        private static extern int NtQueryInformationProcessNative(ProcessHandle process, int informationClass, IntPtr information, int length, out int returnLength);

        /// <summary>The process's command line; null when it cannot be read (rights, old Windows, anything else).</summary>
        public static string? QueryCommandLine(ProcessHandle process)
        {
            int size = 1024;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                IntPtr buffer = Marshal.AllocHGlobal(size);
                try
                {
                    int status = NtQueryInformationProcessNative(process, ProcessCommandLineInformation, buffer, size, out int needed);
                    if (status == StatusInfoLengthMismatch || status == StatusBufferOverflow || status == StatusBufferTooSmall)
                    {
                        if (needed <= size || needed > MaxCommandLineBytes + 64)
                        {
                            return null;
                        }

                        size = needed;
                        continue;
                    }

                    // NTSTATUS: negative is an error (STATUS_INVALID_INFO_CLASS before Windows 8.1, access denied, ...).
                    if (status < 0)
                    {
                        return null;
                    }

                    return ReadUnicodeString(buffer, size);
                }
                finally
                {
                    Marshal.FreeHGlobal(buffer);
                }
            }

            return null;
        }

        /// <summary>Reads the UNICODE_STRING at the start of the buffer, whose text must lie inside the buffer.</summary>
        private static string? ReadUnicodeString(IntPtr buffer, int size)
        {
            // UNICODE_STRING: USHORT Length (bytes), USHORT MaximumLength, then PWSTR Buffer aligned to a pointer.
            int length = (ushort)Marshal.ReadInt16(buffer);
            IntPtr text = Marshal.ReadIntPtr(buffer, IntPtr.Size);
            if (length == 0)
            {
                return string.Empty;
            }

            long start = text.ToInt64() - buffer.ToInt64();
            if (text == IntPtr.Zero || start < 0 || start + length > size || length % 2 != 0)
            {
                return null;
            }

            return Marshal.PtrToStringUni(text, length / 2);
        }
    }
}
