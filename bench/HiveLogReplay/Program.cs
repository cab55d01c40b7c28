using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.Profiles;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Bench.HiveLogReplay
{
    /// <summary>
    /// build: writes a stale and a true version of a DEFAULT hive with hivexregedit (small, as a Windows 2000
    /// server's; and large, with filler keys), then dirty copies of the stale one with old- and new-format logs
    /// by tests/fixtures/HiveLogWriter. measure: the same reads of the true hive clean and of each dirty copy
    /// with its log, side by side in one run, and their ratio. README.md has the method and the figures.
    /// </summary>
    internal static class Program
    {
        private const string Prefix = @"HKEY_USERS\.DEFAULT";
        private const string ProfilesPath = @"Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem\Profiles";
        private const double Target = 2.0;

        private static int Main(string[] args)
        {
            try
            {
                string folder = BenchArguments.Option(args, "--out") ?? Path.Combine(RepositoryRoot(), "out", "bench", "HiveLogReplay");
                switch (args.Length > 0 ? args[0] : "help")
                {
                    case "build":
                        return Build(folder, int.Parse(BenchArguments.Option(args, "--filler") ?? "2000", CultureInfo.InvariantCulture));
                    case "measure":
                        return Measure(folder);
                    default:
                        Console.WriteLine("usage: HiveLogReplay build [--out DIR] [--filler N] | measure [--out DIR]");
                        return args.Length == 0 ? 0 : 2;
                }
            }
            catch (Exception e) when (e is IOException || e is InvalidOperationException || e is RegfFormatException)
            {
                Console.Error.WriteLine("HiveLogReplay: " + e.Message);
                return 1;
            }
        }


        private static string RepositoryRoot() =>
            BenchArguments.RepositoryRoot() ?? throw new InvalidOperationException("run from inside the repository");

        // ---- build ----

        private static int Build(string folder, int filler)
        {
            string root = RepositoryRoot();
            string fixtures = Path.Combine(root, "tests", "fixtures");
            Directory.CreateDirectory(folder);
            string writerOut = Path.Combine(folder, "writer");
            Run("dotnet", "build", Path.Combine(fixtures, "HiveLogWriter", "HiveLogWriter.csproj"), "-c", "Release", "-o", writerOut, "--nologo", "--verbosity", "quiet");
            string writer = Path.Combine(writerOut, "HiveLogWriter.dll");

            string fillerReg = Path.Combine(folder, "filler.reg");
            var reg = new StringBuilder("Windows Registry Editor Version 5.00\r\n\r\n");
            for (int i = 0; i < filler; i++)
            {
                reg.Append($"[{Prefix}\\Software\\Microsoft\\Filler Application {i:00000}]\r\n\"Index\"=dword:{i:x8}\r\n\"Path\"=\"C:\\\\Program Files\\\\Filler {i}\\\\app.exe\"\r\n\r\n");
            }

            File.WriteAllText(fillerReg, reg.ToString());
            string emptied = Path.Combine(fixtures, "hives", "emptied-profiles.reg");
            string profiles = Path.Combine(fixtures, "hives", "default-profiles.reg");
            string restored = Path.Combine(fixtures, "hivelogs", "restored-profile.reg");
            foreach (var (size, staleRegs) in new[] { ("small", new[] { emptied }), ("large", new[] { emptied, fillerReg }) })
            {
                var clock = Stopwatch.StartNew();
                string stale = Path.Combine(folder, $"{size}-stale.hive");
                string middle = Path.Combine(folder, $"{size}-middle.hive");
                string clean = Path.Combine(folder, $"{size}-true.hive");
                Run("dotnet", "pwsh", "-NoProfile", "-File", Path.Combine(fixtures, "hives", "New-EmptyHive.ps1"), "-Path", stale, "-MinorVersion", "3");
                Run("hivexregedit", new[] { "--merge", "--prefix", Prefix, stale }.Concat(staleRegs).ToArray());
                File.Copy(stale, middle, true);
                Run("hivexregedit", "--merge", "--prefix", Prefix, middle, profiles);
                File.Copy(middle, clean, true);
                Run("hivexregedit", "--merge", "--prefix", Prefix, clean, restored);
                foreach (var (kind, format) in new[] { ("old", "old2"), ("new", "new") })
                {
                    string dirty = Path.Combine(folder, $"{size}-{kind}");
                    Directory.CreateDirectory(dirty);
                    Run("dotnet", writer, "--format", format, "--stale", stale, "--state", middle, "--state", clean, "--mid-update", "--out", dirty);
                }

                Console.WriteLine($"{size}: true hive {new FileInfo(clean).Length / 1024.0:n0} KiB; .LOG {new FileInfo(Path.Combine(folder, $"{size}-old", "DEFAULT.LOG")).Length / 1024.0:n0} KiB, .LOG1 {new FileInfo(Path.Combine(folder, $"{size}-new", "DEFAULT.LOG1")).Length / 1024.0:n0} KiB ({clock.Elapsed.TotalSeconds:n1} s)");
            }

            return 0;
        }

        private static void Run(string program, params string[] args)
        {
            // From the repository root: 'dotnet pwsh' is the repository's local tool.
            var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot() };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {output}");
            }
        }

        // ---- measure ----

        private static int Measure(string folder)
        {
            Console.WriteLine($"{Environment.ProcessorCount} CPUs, load average {LoadAverage()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            bool allMet = true;
            // Every path JIT-compiled and tiered up before anything is timed, so the first case pays no more than the last.
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed < TimeSpan.FromSeconds(3))
            {
                foreach (string hive in new[] { "small-true.hive", "small-old/DEFAULT", "small-new/DEFAULT" })
                {
                    Lookup(Path.Combine(folder, hive));
                    Walk(Path.Combine(folder, hive));
                }
            }

            // One timed round thrown away: the first round of a run measured slower for the clean hive (the
            // runtime's background tier-up still competing for the two cores), which flattered the first ratio.
            SideBySide(Path.Combine(folder, "small-true.hive"), Path.Combine(folder, "small-old", "DEFAULT"), Lookup, 400);

            foreach (string size in new[] { "small", "large" })
            {
                string clean = Path.Combine(folder, $"{size}-true.hive");
                if (!File.Exists(clean))
                {
                    throw new InvalidOperationException($"'{clean}' is missing: run 'build' first");
                }

                Console.WriteLine($"{size}: {new FileInfo(clean).Length / 1024.0:n0} KiB hive");
                foreach (string kind in new[] { "old", "new" })
                {
                    string dirty = Path.Combine(folder, $"{size}-{kind}", "DEFAULT");
                    using (RegfHive check = RegfHive.Open(dirty, string.Empty))
                    {
                        // Same answer both ways, or the timing compares different work.
                        if (check.AppliedLogs.Count == 0 || Lookup(dirty) != Lookup(clean) || Walk(dirty) != Walk(clean))
                        {
                            throw new InvalidOperationException($"{dirty}: the replayed hive does not read as the clean one");
                        }
                    }

                    long logBytes = Directory.GetFiles(Path.GetDirectoryName(dirty)!, "DEFAULT.LOG*").Sum(f => new FileInfo(f).Length);
                    foreach (var (what, action, iterations) in new (string, Func<string, int>, int)[] { ("profiles read", Lookup, 400), ("full walk", p => Walk(p).Keys, size == "small" ? 400 : 20) })
                    {
                        var (cleanMs, dirtyMs) = SideBySide(clean, dirty, action, iterations);
                        double ratio = dirtyMs / cleanMs;
                        allMet &= ratio <= Target;
                        Console.WriteLine($"  {kind} log ({logBytes / 1024.0:n0} KiB), {what}: clean {cleanMs:0.###} ms, dirty + replay {dirtyMs:0.###} ms: {ratio:0.00}x ({(ratio <= Target ? "met" : "MISSED")}, target <= {Target}x)");
                    }
                }
            }

            return allMet ? 0 : 3;
        }

        /// <summary>Median times of the same read of both files, interleaved so that machine load hits both alike.</summary>
        private static (double Clean, double Dirty) SideBySide(string clean, string dirty, Func<string, int> action, int iterations)
        {
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed < TimeSpan.FromSeconds(1))
            {
                action(clean);
                action(dirty);
            }

            var cleanTimes = new List<double>(iterations);
            var dirtyTimes = new List<double>(iterations);
            for (int i = 0; i < iterations; i++)
            {
                var clock = Stopwatch.StartNew();
                action(clean);
                cleanTimes.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                action(dirty);
                dirtyTimes.Add(clock.Elapsed.TotalMilliseconds);
            }

            return (Median(cleanTimes), Median(dirtyTimes));
        }

        /// <summary>What Get-MessagingProfile -HivePath does in the core: open, find the Profiles key, decode every profile.</summary>
        private static int Lookup(string path)
        {
            using RegfHive hive = RegfHive.Open(path, string.Empty);
            IReadOnlyList<ProfileStore> stores = MessagingProfileReader.Read(hive.Root, false, _ => true, e => e is RegfFormatException);
            return stores.Sum(s => s.Profiles.Sum(p => p.Sections.Sum(section => section.Properties.Count)));
        }

        private static (int Keys, int Values) Walk(string path) => HiveWalk.Count(path);

        private static double Median(List<double> values)
        {
            values.Sort();
            return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
        }

        private static string LoadAverage() =>
            File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
    }
}
