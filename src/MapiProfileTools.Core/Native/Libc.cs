using System;
using System.Runtime.InteropServices;
using System.Text;

namespace MapiProfileTools.Core.Native
{
    /// <summary>
    /// The one libc call the /proc back end needs: readlink, for /proc/&lt;pid&gt;/exe (netstandard2.0 has no
    /// API that reads a symbolic link's target).
    /// </summary>
    internal static class Libc
    {
        [DllImport("libc", SetLastError = true, EntryPoint = "readlink")]
        private static extern IntPtr ReadLinkNative(string path, byte[] buffer, IntPtr size);

        /// <summary>The link's target, or null when it cannot be read (no such link, access denied, no libc).</summary>
        public static string? ReadLink(string path)
        {
            var buffer = new byte[4096];
            try
            {
                long length = ReadLinkNative(path, buffer, new IntPtr(buffer.Length)).ToInt64();
                return length <= 0 || length >= buffer.Length ? null : Encoding.UTF8.GetString(buffer, 0, (int)length);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return null;
            }
        }
    }
}
