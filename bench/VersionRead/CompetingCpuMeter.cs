using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace MapiProfileTools.Bench.VersionRead
{
    /// <summary>
    /// How much CPU everything other than this process (including a hypervisor's steal time) used
    /// while the timed passes ran, from the kernel's counters in /proc/stat. On a small machine another
    /// build or test run shifts the numbers by tens of percent; this says when that happened. Linux only.
    /// </summary>
    internal sealed class CompetingCpuMeter
    {
        // USER_HZ: the unit of /proc/stat, 100 on every mainstream Linux build.
        private const double TicksPerSecond = 100;

        private readonly long _busyTicks;
        private readonly TimeSpan _ownCpu;
        private readonly long _startTimestamp;

        private CompetingCpuMeter(long busyTicks, TimeSpan ownCpu)
        {
            _busyTicks = busyTicks;
            _ownCpu = ownCpu;
            _startTimestamp = Stopwatch.GetTimestamp();
        }

        /// <summary>Starts measuring, or returns null where /proc/stat is not available.</summary>
        public static CompetingCpuMeter? Start()
        {
            long? busy = ReadBusyTicks();
            return busy.HasValue ? new CompetingCpuMeter(busy.Value, OwnCpu()) : null;
        }

        /// <summary>Average number of CPUs kept busy by other work since <see cref="Start"/>.</summary>
        public double? Stop()
        {
            long? busy = ReadBusyTicks();
            if (!busy.HasValue)
            {
                return null;
            }

            double wall = Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
            double allBusy = (busy.Value - _busyTicks) / TicksPerSecond;
            double own = (OwnCpu() - _ownCpu).TotalSeconds;
            return wall > 0 ? Math.Max(0, allBusy - own) / wall : null;
        }

        private static TimeSpan OwnCpu()
        {
            using Process self = Process.GetCurrentProcess();
            return self.TotalProcessorTime;
        }

        // First line of /proc/stat: "cpu user nice system idle iowait irq softirq steal ...".
        private static long? ReadBusyTicks()
        {
            if (!OperatingSystem.IsLinux())
            {
                return null;
            }

            try
            {
                using var reader = new StreamReader("/proc/stat");
                string? line = reader.ReadLine();
                string[] fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? Array.Empty<string>();
                if (fields.Length < 9 || fields[0] != "cpu")
                {
                    return null;
                }

                long busy = 0;
                foreach (int index in new[] { 1, 2, 3, 6, 7, 8 })
                {
                    busy += long.Parse(fields[index], NumberStyles.None, CultureInfo.InvariantCulture);
                }

                return busy;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is FormatException || e is OverflowException)
            {
                return null;
            }
        }
    }
}
