using System;
using System.Diagnostics;
using System.IO;

namespace MapiProfileTools.Bench.VersionRead
{
    /// <summary>Peak working set of this process, and (on Linux) a way to restart the peak for one pass.</summary>
    internal static class ProcessMemory
    {
        /// <summary>
        /// Linux keeps the peak RSS (VmHWM) for the life of the process; writing "5" to
        /// /proc/self/clear_refs resets it to the current RSS. False where that is not possible, in
        /// which case the peak covers everything since the process started.
        /// </summary>
        public static bool TryResetPeak()
        {
            if (!OperatingSystem.IsLinux())
            {
                return false;
            }

            try
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }

        public static long PeakWorkingSet()
        {
            using Process self = Process.GetCurrentProcess();
            return self.PeakWorkingSet64;
        }
    }
}
