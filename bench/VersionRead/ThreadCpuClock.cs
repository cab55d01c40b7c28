using System;
using System.Runtime.InteropServices;

namespace MapiProfileTools.Bench.VersionRead
{
    /// <summary>
    /// CPU time of the calling thread (user and kernel, so the system calls count), on Linux. Wall time
    /// includes the time the scheduler gives other processes; on a shared machine that swamps the
    /// difference between two methods, while the thread's own CPU time hardly moves.
    /// </summary>
    internal static class ThreadCpuClock
    {
        private const int ClockThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID

        public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && TryNow(out _);

        /// <summary>Seconds of CPU the thread has used, or NaN where the clock is not available.</summary>
        public static double Now() => IsAvailable && TryNow(out double seconds) ? seconds : double.NaN;

        private static bool TryNow(out double seconds)
        {
            seconds = double.NaN;
            try
            {
                if (clock_gettime(ClockThreadCpuTimeId, out Timespec time) != 0)
                {
                    return false;
                }

                seconds = time.Seconds + (time.Nanoseconds / 1e9);
                return true;
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return false;
            }
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int clock_gettime(int clockId, out Timespec time);
    }
}
