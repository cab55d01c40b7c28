using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Bench.HiveRead
{
    /// <summary>
    /// build: writes the benchmark hives (a hivex-merged one of 100 MB and more, a compact one of 200,000 keys
    /// with a key of 80,000 subkeys) and cross-checks the compact writer against hivex. measure: times RegfHive
    /// against hivexget and hivexml on them. README.md has the method and the recorded figures.
    /// </summary>
    internal static class Program
    {
        private const string Prefix = @"HKEY_USERS\.DEFAULT";
        private const string Usage = "usage: HiveRead build [--out DIR] [--hivex-keys N] [--wide-keys N] | measure [--out DIR]";

        private static int Main(string[] args)
        {
            try
            {
                string command = args.Length > 0 ? args[0] : "help";
                switch (command)
                {
                    case "exec":
                        return Tools.Exec(args.Skip(1).ToArray());
                    case "probe":
                        return Probe(args[1], args[2], args.Length > 3 ? args[3] : null);
                    case "build":
                        return Build(BenchArguments.Option(args, "--out") ?? DefaultFolder(), int.Parse(BenchArguments.Option(args, "--hivex-keys") ?? "5000", CultureInfo.InvariantCulture),
                            int.Parse(BenchArguments.Option(args, "--wide-keys") ?? "80000", CultureInfo.InvariantCulture));
                    case "measure":
                        return Measure(BenchArguments.Option(args, "--out") ?? DefaultFolder());
                    default:
                        Console.WriteLine(Usage);
                        return command == "help" ? 0 : 2;
                }
            }
            catch (Exception e) when (e is IOException || e is InvalidOperationException || e is FormatException || e is RegfFormatException)
            {
                Console.Error.WriteLine("HiveRead: " + e.Message);
                return 1;
            }
        }


        private static string DefaultFolder() => BenchArguments.DefaultFolder("HiveRead", "HiveRead-hives");

        // ---- build ----

        private static int Build(string folder, int hivexKeys, int wideKeys)
        {
            Directory.CreateDirectory(folder);
            var clock = Stopwatch.StartNew();

            // 1. The compact writer, checked against hivex on a sample hivex can list whole (ri lists included).
            string sample = Path.Combine(folder, "compact-sample.hive");
            KeySpec sampleTree = Corpus.Build(wideKeys: 2500, fillerGroups: 2, keysPerGroup: 300);
            CompactHiveWriter.Write(sample, sampleTree);
            Tools.Run export = Tools.Capture(Start("hivexregedit", "--export", "--prefix", Prefix, sample, "\\"));
            if (export.ExitCode != 0)
            {
                throw new InvalidOperationException($"hivexregedit --export of the sample failed: {export.Output}");
            }

            var hivex = Lines(export.Output);
            var ours = Lines(Render(sample));
            string? difference = hivex.Zip(ours).Where(p => p.First != p.Second).Select(p => $"hivex: {p.First}\n   ours: {p.Second}").FirstOrDefault();
            if (difference != null || hivex.Count != ours.Count)
            {
                throw new InvalidOperationException($"the compact writer's sample disagrees with hivexregedit --export ({hivex.Count} lines vs {ours.Count}): {difference}");
            }

            Console.WriteLine($"sample: {sampleTree.CountKeys()} keys, {hivex.Count} lines of hivexregedit --export agree with RegfHive");

            // 2. The large compact hive.
            string compact = Path.Combine(folder, "compact-large.hive");
            KeySpec tree = Corpus.Build(wideKeys, fillerGroups: 40, keysPerGroup: 1000);
            CompactHiveWriter.Write(compact, tree);
            File.WriteAllText(Path.Combine(folder, "compact-large.wide-keys.txt"), wideKeys.ToString(CultureInfo.InvariantCulture));
            Console.WriteLine($"compact-large.hive: {tree.CountKeys()} keys, {new FileInfo(compact).Length / 1048576.0:n1} MB ({clock.Elapsed.TotalSeconds:n1} s so far)");

            // 3. hivex's own never-compacted growth: the profiles fixture plus filler keys, merged into an empty hive.
            string large = Path.Combine(folder, "hivex-large.hive");
            if (File.Exists(large) && new FileInfo(large).Length >= 100L * 1024 * 1024)
            {
                Console.WriteLine($"hivex-large.hive: kept ({new FileInfo(large).Length / 1048576.0:n1} MB); delete it to rebuild");
            }
            else
            {
                string filler = Path.Combine(folder, "filler.reg");
                var reg = new StringBuilder("Windows Registry Editor Version 5.00\r\n\r\n");
                for (int i = 0; i < hivexKeys; i++)
                {
                    reg.Append($"[{Prefix}\\Software\\Microsoft\\Filler Application {i:00000}]\r\n\"Index\"=dword:{i:x8}\r\n\r\n");
                }

                File.WriteAllText(filler, reg.ToString());
                CompactHiveWriter.Write(large, new KeySpec("ROOT"));
                string profiles = Path.Combine(RepositoryRoot(), "tests", "fixtures", "hives", "default-profiles.reg");
                var merge = Stopwatch.StartNew();
                Tools.Run run = Tools.Capture(Start("hivexregedit", "--merge", "--prefix", Prefix, large, profiles, filler));
                if (run.ExitCode != 0)
                {
                    throw new InvalidOperationException($"hivexregedit --merge failed: {run.Output}");
                }

                Console.WriteLine($"hivex-large.hive: {hivexKeys} filler keys and the profiles merged by hivexregedit in {merge.Elapsed.TotalSeconds:n1} s, {new FileInfo(large).Length / 1048576.0:n1} MB");
            }

            // The large hives: one value read by hivexget agrees with ours.
            foreach (string hive in new[] { compact, large })
            {
                Tools.Run get = Tools.Capture(Start("hivexget", hive, "\\" + Corpus.ProfilesPath, "DefaultProfile"));
                using RegfHive regf = RegfHive.Open(hive);
                string mine = Encoding.Unicode.GetString(regf.Root.OpenSubKey(Corpus.ProfilesPath)!.GetValues().Single(v => v.Name == "DefaultProfile").Data).TrimEnd('\0');
                Console.WriteLine($"{Path.GetFileName(hive)}: DefaultProfile is '{mine}'; hivexget says '{get.Output.Trim()}' (exit {get.ExitCode})");
                if (get.ExitCode != 0 || get.Output.Trim() != mine)
                {
                    throw new InvalidOperationException($"hivexget and RegfHive disagree on {hive}");
                }
            }

            return 0;
        }

        private static string RepositoryRoot() => Path.GetFullPath(Path.Combine(DefaultFolder(), "..", "..", ".."));

        private static ProcessStartInfo Start(string program, params string[] args)
        {
            var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            // UTF-8 output from Perl whatever the names hold.
            start.Environment["PERL_UNICODE"] = "SO";
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            return start;
        }

        /// <summary>Export lines as sorted "[key]" and "[key] value" entries, so that order does not matter.</summary>
        private static List<string> Lines(string export)
        {
            var lines = new List<string>();
            string key = string.Empty;
            foreach (string line in export.Replace("\r\n", "\n").Split('\n'))
            {
                if (line.Length == 0 || line.StartsWith("Windows Registry Editor", StringComparison.Ordinal))
                {
                    continue;
                }

                if (line.StartsWith("[", StringComparison.Ordinal))
                {
                    key = line;
                    lines.Add(key);
                }
                else
                {
                    lines.Add(key + " " + line);
                }
            }

            lines.Sort(StringComparer.Ordinal);
            return lines;
        }

        /// <summary>RegfHive's reading of a hive in hivexregedit's export format.</summary>
        private static string Render(string path)
        {
            using RegfHive hive = RegfHive.Open(path, string.Empty);
            var text = new StringBuilder();
            var pending = new Stack<RegfKey>();
            pending.Push(hive.Root);
            while (pending.Count > 0)
            {
                RegfKey key = pending.Pop();
                text.Append('[').Append(Prefix).Append('\\').Append(key.Path).Append("]\n");
                foreach (RegistryValue value in key.GetValues())
                {
                    text.Append(value.Name.Length == 0 ? "@" : "\"" + value.Name.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"").Append('=');
                    if (value.Type == RegistryValueType.DWord && value.Data.Length == 4)
                    {
                        text.Append(FormattableString.Invariant($"dword:{BitConverter.ToUInt32(value.Data, 0):x8}"));
                    }
                    else
                    {
                        text.Append(FormattableString.Invariant($"hex({(uint)value.Type:x}):")).Append(string.Join(",", value.Data.Select(b => b.ToString("x2", CultureInfo.InvariantCulture))));
                    }

                    text.Append('\n');
                }

                foreach (RegfKey child in key.GetSubKeys())
                {
                    pending.Push(child);
                }
            }

            return text.ToString();
        }

        // ---- probe: one measurement in its own process, so its peak memory is its own ----

        private static int Probe(string kind, string path, string? key)
        {
            var results = new Dictionary<string, string>();
            var clock = Stopwatch.StartNew();
            switch (kind)
            {
                case "lookup":
                {
                    int values = LookupProfiles(path);
                    results["cold_ms"] = Ms(clock.Elapsed);
                    // Warm: until tiered compilation has settled (2 s of calls), then timed calls.
                    var warmup = Stopwatch.StartNew();
                    while (warmup.Elapsed < TimeSpan.FromSeconds(2))
                    {
                        LookupProfiles(path);
                    }

                    var times = new List<double>();
                    long allocated = GC.GetAllocatedBytesForCurrentThread();
                    for (int i = 0; i < 200; i++)
                    {
                        clock.Restart();
                        LookupProfiles(path);
                        times.Add(clock.Elapsed.TotalMilliseconds);
                    }

                    results["alloc_kib"] = ((GC.GetAllocatedBytesForCurrentThread() - allocated) / 200 / 1024).ToString(CultureInfo.InvariantCulture);
                    results["warm_ms"] = Tools.Median(times).ToString("0.###", CultureInfo.InvariantCulture);
                    results["p90_ms"] = Tools.Percentile(times, 0.9).ToString("0.###", CultureInfo.InvariantCulture);
                    results["values"] = values.ToString(CultureInfo.InvariantCulture);
                    break;
                }

                case "walk":
                {
                    var (keys, values) = Walk(path);
                    results["cold_ms"] = Ms(clock.Elapsed);
                    var times = new List<double>();
                    for (int i = 0; i < 3; i++)
                    {
                        clock.Restart();
                        Walk(path);
                        times.Add(clock.Elapsed.TotalMilliseconds);
                    }

                    results["warm_ms"] = Tools.Median(times).ToString("0.###", CultureInfo.InvariantCulture);
                    results["keys"] = keys.ToString(CultureInfo.InvariantCulture);
                    results["values"] = values.ToString(CultureInfo.InvariantCulture);
                    break;
                }

                case "list":
                {
                    using RegfHive hive = RegfHive.Open(path);
                    results["subkeys"] = hive.Root.OpenSubKey(key!)!.GetSubKeyNames().Distinct(StringComparer.OrdinalIgnoreCase).Count().ToString(CultureInfo.InvariantCulture);
                    results["warm_ms"] = Ms(clock.Elapsed);
                    break;
                }
            }

            results["peak_kib"] = Tools.SelfPeakKiB().ToString(CultureInfo.InvariantCulture);
            Console.WriteLine(string.Join(" ", results.Select(r => r.Key + "=" + r.Value)));
            return 0;
        }

        private static string Ms(TimeSpan elapsed) => elapsed.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);

        /// <summary>What Get-MessagingProfile reads: open the file, find Profiles, every profile's sections and their values.</summary>
        private static int LookupProfiles(string path)
        {
            using RegfHive hive = RegfHive.Open(path);
            RegfKey profiles = hive.Root.OpenSubKey(Corpus.ProfilesPath) ?? throw new InvalidOperationException("no Profiles key");
            int values = profiles.GetValues().Count;
            foreach (RegfKey profile in profiles.GetSubKeys())
            {
                foreach (RegfKey section in profile.GetSubKeys())
                {
                    values += section.GetValues().Count;
                }
            }

            return values;
        }

        private static (int Keys, int Values) Walk(string path) => HiveWalk.Count(path);

        // ---- measure ----

        private static int Measure(string folder)
        {
            Console.WriteLine($"load average before: {Tools.LoadAverage()}  ({Environment.ProcessorCount} CPUs)");
            foreach (string name in new[] { "hivex-large.hive", "compact-large.hive" })
            {
                string hive = Path.Combine(folder, name);
                if (!File.Exists(hive))
                {
                    throw new InvalidOperationException($"{hive} is missing: run 'HiveRead build' first");
                }

                Console.WriteLine();
                Console.WriteLine($"{name}: {new FileInfo(hive).Length / 1048576.0:n1} MB");
                // Page cache warm for every reader alike.
                using (var read = File.OpenRead(hive))
                {
                    read.CopyTo(Stream.Null);
                }

                var lookup = Fields(Tools.Capture(Tools.Self("probe", "lookup", hive)));
                var gets = Enumerable.Range(0, 5).Select(_ => Tools.Measured("hivexget", hive, "\\" + Corpus.ProfilesPath, "DefaultProfile")).ToList();
                Console.WriteLine($"  profile lookup (open, find Profiles, read every section's values; {lookup["values"]} values):");
                Console.WriteLine($"    RegfHive     warm median {lookup["warm_ms"]} ms (p90 {lookup["p90_ms"]}), first call {lookup["cold_ms"]} ms with JIT, {lookup["alloc_kib"]} KiB allocated per lookup, process peak {Mb(lookup["peak_kib"])} MB");
                Console.WriteLine($"    hivexget     one value: median {Tools.Median(gets.Select(g => g.Milliseconds).ToList()):n1} ms per process, peak {Mb(gets.Max(g => g.MaxRssKiB))} MB (exit {gets[0].ExitCode})");

                var walk = Fields(Tools.Capture(Tools.Self("probe", "walk", hive)));
                var xml = Enumerable.Range(0, 3).Select(_ => Tools.Measured("hivexml", hive)).ToList();
                Console.WriteLine($"  full walk (every key and value with its data):");
                Console.WriteLine($"    RegfHive     {walk["keys"]} keys, {walk["values"]} values: median {walk["warm_ms"]} ms warm, {walk["cold_ms"]} ms first, process peak {Mb(walk["peak_kib"])} MB");
                double xmlMs = Tools.Median(xml.Select(x => x.Milliseconds).ToList());
                Console.WriteLine($"    hivexml      median {xmlMs:n1} ms, peak {Mb(xml.Max(x => x.MaxRssKiB))} MB, exit {xml[0].ExitCode}{(xml[0].ExitCode != 0 ? " (failed)" : string.Empty)}");
                double lookupMs = double.Parse(lookup["warm_ms"], CultureInfo.InvariantCulture);
                double walkMs = double.Parse(walk["warm_ms"], CultureInfo.InvariantCulture);
                Target("profile lookup under 20 ms warm", lookupMs < 20);
                Target("profile lookup process peak under 100 MB", long.Parse(lookup["peak_kib"], CultureInfo.InvariantCulture) < 100 * 1024);
                if (xml[0].ExitCode == 0)
                {
                    Target($"full walk faster than hivexml ({walkMs / xmlMs:n2}x its time)", walkMs < xmlMs);
                }

                if (name.StartsWith("compact", StringComparison.Ordinal))
                {
                    // How many the generator wrote, recorded by 'build'.
                    int wideKeys = int.Parse(File.ReadAllText(Path.Combine(folder, "compact-large.wide-keys.txt")).Trim(), CultureInfo.InvariantCulture);

                    var list = Fields(Tools.Capture(Tools.Self("probe", "list", hive, Corpus.WideKeyPath)));
                    Console.WriteLine($"  {Corpus.WideKeyPath}: RegfHive lists {list["subkeys"]} distinct subkeys in {list["warm_ms"]} ms (process peak {Mb(list["peak_kib"])} MB)");
                    Target($"the {Corpus.WideKeyPath} key's subkeys all listed", list["subkeys"] == wideKeys.ToString(CultureInfo.InvariantCulture));
                    string script = Path.Combine(folder, "list-wide-key.hivexsh");
                    File.WriteAllText(script, $"cd \\{Corpus.WideKeyPath}\nls\n");
                    Tools.Run ls = Tools.Capture(Start("hivexsh", "-f", script, hive));
                    int lines = ls.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
                    Console.WriteLine($"    hivexsh ls   exit {ls.ExitCode}, {lines} lines{(ls.ExitCode != 0 ? ": " + ls.Output.Trim().Split('\n').Last() : string.Empty)}");
                }
            }

            Console.WriteLine();
            Console.WriteLine($"load average after: {Tools.LoadAverage()}");
            return 0;
        }

        private static void Target(string what, bool met) => Console.WriteLine($"  target: {what}: {(met ? "met" : "MISSED")}");

        private static Dictionary<string, string> Fields(Tools.Run run)
        {
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"a probe failed: {run.Output}");
            }

            return run.Output.Trim().Split(' ').Select(f => f.Split('=')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        }

        private static string Mb(string kib) => Mb(long.Parse(kib, CultureInfo.InvariantCulture));

        private static string Mb(long kib) => (kib / 1024.0).ToString("n1", CultureInfo.InvariantCulture);
    }
}
