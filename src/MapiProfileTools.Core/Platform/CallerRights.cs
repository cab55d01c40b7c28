using System;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using MapiProfileTools.Core.Native;

namespace MapiProfileTools.Core.Platform
{
    /// <summary>
    /// Whether this process already has all the rights a user could give it: an elevated token on Windows,
    /// effective uid 0 on Linux. A process still closed to such a caller is protected, not a reason to
    /// tell the user to "run elevated".
    /// </summary>
    public static class CallerRights
    {
        private static readonly Lazy<bool> Elevated = new Lazy<bool>(ReadIsElevated);

        public static bool IsElevated => Elevated.Value;

        private static bool ReadIsElevated()
        {
            if (WindowsOnly.IsWindows)
            {
                try
                {
                    return Advapi32.IsCurrentProcessElevated();
                }
                catch (Win32Exception)
                {
                    // Cannot tell: keep the advice to elevate, which costs the user nothing if already so.
                    return false;
                }
            }

            return EffectiveUserId("/proc/self/status") == 0;
        }

        /// <summary>The effective uid from a /proc status file (the second number of its Uid: line); null when unreadable.</summary>
        internal static int? EffectiveUserId(string statusPath)
        {
            try
            {
                foreach (string line in File.ReadAllLines(statusPath))
                {
                    if (line.StartsWith("Uid:", StringComparison.Ordinal))
                    {
                        string[] ids = line.Substring(4).Split(new[] { '\t', ' ' }, StringSplitOptions.RemoveEmptyEntries);
                        return ids.Length > 1 && int.TryParse(ids[1], NumberStyles.None, CultureInfo.InvariantCulture, out int uid) ? uid : (int?)null;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
            }

            return null;
        }
    }
}
