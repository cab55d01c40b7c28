using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace MapiProfileTools.Bench.VersionRead
{
    /// <summary>One timed pass of one method over the whole input set.</summary>
    internal readonly struct PassSample
    {
        public PassSample(double seconds, double cpuSeconds, long allocatedBytes, int gen0Collections, long peakWorkingSet)
        {
            Seconds = seconds;
            CpuSeconds = cpuSeconds;
            AllocatedBytes = allocatedBytes;
            Gen0Collections = gen0Collections;
            PeakWorkingSet = peakWorkingSet;
        }

        public double Seconds { get; }

        /// <summary>CPU time of the measuring thread over the pass (NaN where not measured); see <see cref="ThreadCpuClock"/>.</summary>
        public double CpuSeconds { get; }

        /// <summary>Bytes this thread allocated during the pass.</summary>
        public long AllocatedBytes { get; }

        public int Gen0Collections { get; }

        public long PeakWorkingSet { get; }

        /// <summary>Runs one pass with a clean heap behind it, so no pass pays for another's garbage.</summary>
        public static PassSample Measure(ReadMethod method, string[] files, ref long sink)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            ProcessMemory.TryResetPeak();

            int gen0Before = GC.CollectionCount(0);
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            double cpuStart = ThreadCpuClock.Now();
            long start = Stopwatch.GetTimestamp();
            sink += method.Pass(files);
            long stop = Stopwatch.GetTimestamp();
            double cpuStop = ThreadCpuClock.Now();
            long allocatedAfter = GC.GetAllocatedBytesForCurrentThread();
            int gen0After = GC.CollectionCount(0);

            return new PassSample(
                (double)(stop - start) / Stopwatch.Frequency,
                cpuStop - cpuStart,
                allocatedAfter - allocatedBefore,
                gen0After - gen0Before,
                ProcessMemory.PeakWorkingSet());
        }
    }

    /// <summary>All repetitions of one method and the figures the report prints.</summary>
    internal sealed class MethodResult
    {
        public MethodResult(ReadMethod method, int fileCount)
        {
            Method = method;
            FileCount = fileCount;
        }

        public ReadMethod Method { get; }

        public int FileCount { get; }

        public List<PassSample> Samples { get; } = new List<PassSample>();

        public double MedianSeconds => Median(Samples.Select(s => s.Seconds));

        public double MinSeconds => Samples.Min(s => s.Seconds);

        public double MedianCpuSeconds => Median(Samples.Select(s => s.CpuSeconds));

        public double MaxSeconds => Samples.Max(s => s.Seconds);

        public double MedianFilesPerSecond => FileCount / MedianSeconds;

        public double BestFilesPerSecond => FileCount / MinSeconds;

        public double MedianMicrosecondsPerFile => MedianSeconds * 1e6 / FileCount;

        public double AllocatedBytesPerFile => Median(Samples.Select(s => (double)s.AllocatedBytes)) / FileCount;

        public double Gen0CollectionsPerPass => Median(Samples.Select(s => (double)s.Gen0Collections));

        public long PeakWorkingSet => Samples.Max(s => s.PeakWorkingSet);

        private static double Median(IEnumerable<double> values)
        {
            double[] sorted = values.OrderBy(v => v).ToArray();
            int middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }
}
