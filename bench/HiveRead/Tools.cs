using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace MapiProfileTools.Bench.HiveRead
{
    /// <summary>Runs other programs (hivex's tools, this benchmark's own probes) and measures them.</summary>
    internal static class Tools
    {
        public sealed class Run
        {
            public double Milliseconds { get; set; }

            public long MaxRssKiB { get; set; }

            public int ExitCode { get; set; }

            public string Output { get; set; } = string.Empty;
        }

        /// <summary>This program again, with <paramref name="args"/>.</summary>
        public static ProcessStartInfo Self(params string[] args)
        {
            string host = Environment.ProcessPath ?? "dotnet";
            var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            {
                start.ArgumentList.Add(typeof(Tools).Assembly.Location);
            }

            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            return start;
        }

        public static Run Capture(ProcessStartInfo start)
        {
            var clock = Stopwatch.StartNew();
            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new Run { Milliseconds = clock.Elapsed.TotalMilliseconds, ExitCode = process.ExitCode, Output = output + error.Result };
        }

        /// <summary>
        /// Runs a program with its output sent to /dev/null, through this program's 'exec' command, so that its
        /// peak memory is measured alone (getrusage of the only child) and its output costs nothing to read.
        /// </summary>
        public static Run Measured(string program, params string[] args)
        {
            Run run = Capture(Self(new[] { "exec", program }.Concat(args).ToArray()));
            string[] fields = run.Output.Trim().Split(' ');
            var result = new Run { Output = run.Output };
            foreach (string field in fields)
            {
                string[] pair = field.Split('=');
                if (pair.Length != 2)
                {
                    continue;
                }

                switch (pair[0])
                {
                    case "ms": result.Milliseconds = double.Parse(pair[1], CultureInfo.InvariantCulture); break;
                    case "rss_kib": result.MaxRssKiB = long.Parse(pair[1], CultureInfo.InvariantCulture); break;
                    case "exit": result.ExitCode = int.Parse(pair[1], CultureInfo.InvariantCulture); break;
                }
            }

            return result;
        }

        /// <summary>The 'exec' command: run, wait, print time, peak memory and exit code on one line.</summary>
        public static int Exec(string[] args)
        {
            var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            // sh replaces itself with the program (same process), its output going to /dev/null.
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec \"$0\" \"$@\" > /dev/null 2>&1");
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            var clock = Stopwatch.StartNew();
            using Process process = Process.Start(start)!;
            process.WaitForExit();
            double ms = clock.Elapsed.TotalMilliseconds;
            Console.WriteLine(FormattableString.Invariant($"ms={ms:0.###} rss_kib={ChildrenMaxRssKiB()} exit={process.ExitCode}"));
            return 0;
        }

        /// <summary>Peak resident memory of this process so far, in KiB (VmHWM on Linux).</summary>
        public static long SelfPeakKiB()
        {
            if (File.Exists("/proc/self/status"))
            {
                foreach (string line in File.ReadLines("/proc/self/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        return long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    }
                }
            }

            return Process.GetCurrentProcess().PeakWorkingSet64 / 1024;
        }

        public static string LoadAverage() =>
            File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

        public static double Median(IList<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            int mid = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }

        public static double Percentile(IList<double> values, double p)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        }

        private static long ChildrenMaxRssKiB()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                return -1;
            }

            // struct rusage: two timevals (32 bytes on 64-bit Linux), then ru_maxrss in KiB.
            var usage = new byte[256];
            return getrusage(RusageChildren, usage) == 0 ? BitConverter.ToInt64(usage, 32) : -1;
        }

        private const int RusageChildren = -1;

        [DllImport("libc", SetLastError = true)]
        private static extern int getrusage(int who, byte[] usage);
    }
}
