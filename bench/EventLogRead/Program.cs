using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using MapiProfileTools.Core.EventLogFiles;
using MapiProfileTools.Fixtures.Evt;

namespace MapiProfileTools.Bench.EventLogRead
{
    /// <summary>
    /// build: writes a 512 KB log (Windows 2000's default maximum, wrapped) and a 20 MB log of about 60,000
    /// records. measure: a full read of every record by EvtFile, in a process of its own (first read with the
    /// JIT, then the median of warm reads, and the process's peak memory), side by side with evtexport's run
    /// on the same file. README.md has the method and the recorded figures.
    /// </summary>
    internal static class Program
    {
        private const string Usage = "usage: EventLogRead build [--out DIR] | measure [--out DIR] [--runs N] | read FILE RUNS";

        private static readonly (string Name, int Size, int Count)[] Logs =
        {
            ("small-512k.evt", 512 * 1024, 4000),
            ("large-20m.evt", 20 * 1024 * 1024, 60000),
        };

        private static int Main(string[] args)
        {
            try
            {
                string command = args.Length > 0 ? args[0] : "help";
                switch (command)
                {
                    case "build":
                        return Build(BenchArguments.Option(args, "--out") ?? DefaultFolder());
                    case "measure":
                        return Measure(BenchArguments.Option(args, "--out") ?? DefaultFolder(), int.Parse(BenchArguments.Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture));
                    case "read":
                        return Read(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
                    default:
                        Console.WriteLine(Usage);
                        return command == "help" ? 0 : 2;
                }
            }
            catch (Exception e) when (e is IOException || e is InvalidOperationException || e is FormatException || e is EvtFormatException)
            {
                Console.Error.WriteLine("EventLogRead: " + e.Message);
                return 1;
            }
        }


        private static string DefaultFolder() => BenchArguments.DefaultFolder("EventLogRead", "EventLogRead-logs");

        private static int Build(string folder)
        {
            Directory.CreateDirectory(folder);
            foreach (var (name, size, count) in Logs)
            {
                string path = Path.Combine(folder, name);
                EvtLogWriter writer = EvtFixtures.Synthetic(size, count, seed: 817375);
                writer.Save(path);
                Console.WriteLine($"{name}: {size / 1024} KiB, {count} events written, {writer.LiveCount} in the live window{(writer.HasWrapped ? ", wrapped" : string.Empty)}");
            }

            return 0;
        }

        private static int Measure(string folder, int runs)
        {
            Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPUs, {Environment.OSVersion}, .NET {Environment.Version}, load {Load()}");
            Console.WriteLine($"| log | records | EvtFile first read (JIT) | EvtFile warm median | EvtFile process peak | evtexport median of {runs} | evtexport peak | ratio (evtexport / EvtFile warm) |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            foreach (var (name, _, _) in Logs)
            {
                string path = Path.Combine(folder, name);
                if (!File.Exists(path))
                {
                    throw new InvalidOperationException($"{path} is missing: run 'build' first");
                }

                // Warm the page cache for both readers.
                File.ReadAllBytes(path);

                var ours = Run(Self("read", path, "20"));
                string[] fields = ours.Output.Trim().Split(' ');
                var values = fields.Select(f => f.Split('=')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
                long records = long.Parse(values["records"], CultureInfo.InvariantCulture);
                double first = double.Parse(values["first_ms"], CultureInfo.InvariantCulture);
                double warm = double.Parse(values["warm_median_ms"], CultureInfo.InvariantCulture);
                long peak = long.Parse(values["vmhwm_kib"], CultureInfo.InvariantCulture);

                // evtexport: its record count must agree; its time and peak, output to /dev/null.
                var check = Run(new ProcessStartInfo("evtexport", $"\"{path}\"") { RedirectStandardOutput = true, RedirectStandardError = true });
                long theirRecords = check.Output.Split('\n').Count(l => l.StartsWith("Event number", StringComparison.Ordinal));
                if (theirRecords != records)
                {
                    throw new InvalidOperationException($"{name}: evtexport exports {theirRecords} records, EvtFile read {records}");
                }

                var times = new List<double>();
                long theirPeak = 0;
                for (int i = 0; i < runs; i++)
                {
                    var run = Run(new ProcessStartInfo("/usr/bin/time", $"-f \"rss_kib=%M\" -o /dev/stderr sh -c \"evtexport '{path}' > /dev/null\"") { RedirectStandardOutput = true, RedirectStandardError = true });
                    times.Add(run.Milliseconds);
                    string rss = run.Output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("rss_kib=", StringComparison.Ordinal)) ?? "rss_kib=0";
                    theirPeak = Math.Max(theirPeak, long.Parse(rss.Substring(8), CultureInfo.InvariantCulture));
                }

                double theirs = Median(times);
                Console.WriteLine($"| {name} ({new FileInfo(path).Length / 1024} KiB) | {records} | {first:F1} ms | {warm:F2} ms | {peak / 1024.0:F1} MiB | {theirs:F0} ms | {theirPeak / 1024.0:F1} MiB | {theirs / warm:F0}x (first read: {theirs / first:F1}x) |");
            }

            Console.WriteLine("Target: EvtFile's in-process read of every record at least 10x faster than evtexport's run; peak memory independent of the file's size.");
            return 0;
        }

        /// <summary>The child: reads every record of the file <paramref name="runs"/> times and reports times and its peak memory.</summary>
        private static int Read(string path, int runs)
        {
            var clock = Stopwatch.StartNew();
            long records = ReadAll(path);
            double first = clock.Elapsed.TotalMilliseconds;

            // Untimed reads for 2 s first, so the tiered JIT has settled, as in a PowerShell session that has run the cmdlet before.
            clock.Restart();
            while (clock.Elapsed < TimeSpan.FromSeconds(2))
            {
                ReadAll(path);
            }

            var times = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                clock.Restart();
                ReadAll(path);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"records={records} first_ms={first:F3} warm_median_ms={Median(times):F3} vmhwm_kib={PeakKiB()}"));
            return 0;
        }

        /// <summary>Every record decoded, every field touched, as the cmdlet's filter and output would.</summary>
        private static long ReadAll(string path)
        {
            long count = 0, check = 0;
            using EvtFile file = EvtFile.Open(path);
            foreach (EvtRecord record in file.ReadRecords())
            {
                count++;
                check += record.EventId + record.SourceName.Length + record.ComputerName.Length + record.Strings.Length + record.Data.Length + (record.UserSid?.Length ?? 0);
            }

            if (file.Warnings.Count > 0 || check == 0)
            {
                throw new InvalidOperationException($"{path}: {string.Join("; ", file.Warnings)}");
            }

            return count;
        }

        private static long PeakKiB()
        {
            string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line == null ? 0 : long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }

        private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

        private static double Median(List<double> values)
        {
            values.Sort();
            return values.Count == 0 ? 0 : values[values.Count / 2];
        }

        private static ProcessStartInfo Self(params string[] args)
        {
            string host = Environment.ProcessPath ?? "dotnet";
            var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            {
                start.ArgumentList.Add(typeof(Program).Assembly.Location);
            }

            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            return start;
        }

        private sealed class Outcome
        {
            public double Milliseconds { get; set; }

            public string Output { get; set; } = string.Empty;
        }

        private static Outcome Run(ProcessStartInfo start)
        {
            start.UseShellExecute = false;
            var clock = Stopwatch.StartNew();
            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            double ms = clock.Elapsed.TotalMilliseconds;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{start.FileName} {start.Arguments} exited with {process.ExitCode}: {error.Result}");
            }

            return new Outcome { Milliseconds = ms, Output = output + error.Result };
        }
    }
}
