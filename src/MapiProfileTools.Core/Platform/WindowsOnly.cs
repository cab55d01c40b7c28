using System;
using System.Runtime.InteropServices;

namespace MapiProfileTools.Core.Platform
{
    /// <summary>
    /// The guard in front of every Windows-only back end: off Windows it throws one clear
    /// PlatformNotSupportedException before any P/Invoke could fail with a DllNotFoundException.
    /// </summary>
    public static class WindowsOnly
    {
        public static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <param name="feature">What needs Windows, as the user would name it ("the live registry").</param>
        /// <param name="alternative">What to do instead on this platform, or null.</param>
        public static void Ensure(string feature, string? alternative = null)
        {
            if (!IsWindows)
            {
                string hint = alternative == null ? string.Empty : " " + alternative;
                throw new PlatformNotSupportedException($"{feature} is only available on Windows; this is {RuntimeInformation.OSDescription.Trim()}.{hint}");
            }
        }
    }
}
