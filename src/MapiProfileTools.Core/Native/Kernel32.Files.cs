using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;

namespace MapiProfileTools.Core.Native
{
    /// <summary>Replacing a file by a rename, on Windows.</summary>
    internal static partial class Kernel32
    {
        private const uint MoveFileReplaceExisting = 0x1;
        private const uint MoveFileWriteThrough = 0x8;

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "MoveFileExW")]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool MoveFileExNative(string existing, string target, uint flags);

        /// <summary>
        /// Renames <paramref name="source"/> over <paramref name="target"/> in one step. Used instead of
        /// File.Replace (ReplaceFile), which keeps a temporary copy of the replaced file beside it and can
        /// leave that copy behind when it fails (seen under Wine).
        /// </summary>
        public static void MoveFileReplacing(string source, string target)
        {
            if (!MoveFileExNative(source, target, MoveFileReplaceExisting | MoveFileWriteThrough))
            {
                int error = Marshal.GetLastWin32Error();
                string message = $"'{target}' could not be replaced: {new Win32Exception(error).Message}";
                if (error == ErrorAccessDenied)
                {
                    throw new UnauthorizedAccessException(message, new Win32Exception(error));
                }

                throw new IOException(message, new Win32Exception(error));
            }
        }
    }
}
