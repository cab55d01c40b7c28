using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using MapiProfileTools.Fuzz.Targets;
using SharpFuzz;

namespace MapiProfileTools.Fuzz
{
    /// <summary>
    /// The fuzzing harness. Under afl-fuzz: <c>dotnet MapiProfileTools.Fuzz.dll TARGET</c> (input on standard
    /// input). To check inputs by hand or in the runner: <c>... TARGET --replay FILE|DIR...</c>, which reads each
    /// input twice (the first compiles what it reaches, the second is measured) and reports any finding: an
    /// undocumented exception, over 1 s, over 512 MB allocated, or no return within 10 s.
    /// </summary>
    internal static class Program
    {
        // The bounds for one input; under afl-fuzz the heap bound is the runtime's hard limit (runtimeconfig).
        private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(1);
        private const long MemoryLimit = 512L * 1024 * 1024;
        private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(10);

        private static readonly FuzzTarget[] Targets =
        {
            new PeVersionTarget(),
            new HiveTarget(),
            new HiveLogTarget(),
            new EvtTarget(),
            new SystemHiveTarget(),
        };

        private static int Main(string[] args)
        {
            FuzzTarget? target = args.Length > 0 ? Targets.FirstOrDefault(t => t.Name == args[0]) : null;
            if (target == null || (args.Length > 1 && args[1] != "--replay"))
            {
                Console.Error.WriteLine("usage: MapiProfileTools.Fuzz TARGET [--replay FILE|DIR...]");
                Console.Error.WriteLine("targets:");
                foreach (FuzzTarget t in Targets)
                {
                    Console.Error.WriteLine($"  {t.Name,-8} {t.Description}");
                }

                return 2;
            }

            if (args.Length > 1)
            {
                return Replay(target, args.Skip(2));
            }

            // Out of process: a stack overflow or a timeout kills only the child, which the fork server restarts.
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                target.Execute(memory.ToArray());
            });
            return 0;
        }

        private static unsafe int Replay(FuzzTarget target, IEnumerable<string> paths)
        {
            // The instrumented core writes coverage to afl-fuzz's shared memory; outside afl-fuzz it needs a map of its own.
            SharpFuzz.Common.Trace.SharedMem = (byte*)Marshal.AllocHGlobal(1 << 16);
            var files = paths.SelectMany(p => Directory.Exists(p) ? (IEnumerable<string>)Directory.GetFiles(p).OrderBy(f => f, StringComparer.Ordinal) : new[] { p }).ToList();

            int findings = 0;
            foreach (string file in files)
            {
                byte[] data = File.ReadAllBytes(file);

                // A reader that never returns cannot be stopped from inside: report it and end the process.
                using var watchdog = new Timer(
                    _ =>
                    {
                        Console.WriteLine($"FINDING {file}: still reading after {HangLimit.TotalSeconds:n0} s (a hang)");
                        Environment.Exit(1);
                    },
                    null,
                    HangLimit,
                    Timeout.InfiniteTimeSpan);

                // Once to compile what this input reaches, so the time limit measures reading, not the JIT.
                try
                {
                    target.Execute(data);
                }
                catch (Exception)
                {
                }

                long before = GC.GetTotalAllocatedBytes(precise: true);
                var timer = Stopwatch.StartNew();
                string? problem = null;
                try
                {
                    target.Execute(data);
                }
                catch (Exception ex)
                {
                    problem = $"undocumented exception {ex}";
                }

                timer.Stop();
                long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                if (problem == null && timer.Elapsed > TimeLimit)
                {
                    problem = $"took {timer.Elapsed.TotalMilliseconds:n0} ms, over the {TimeLimit.TotalMilliseconds:n0} ms limit";
                }
                else if (problem == null && allocated > MemoryLimit)
                {
                    problem = $"allocated {allocated / (1024 * 1024):n0} MiB, over the {MemoryLimit / (1024 * 1024)} MiB limit";
                }

                if (problem != null)
                {
                    findings++;
                    Console.WriteLine($"FINDING {file}: {problem}");
                }
                else
                {
                    Console.WriteLine($"ok {file} ({timer.Elapsed.TotalMilliseconds:n1} ms, {allocated / 1024:n0} KiB allocated)");
                }
            }

            Console.WriteLine($"{target.Name}: {files.Count} input(s), {findings} finding(s)");
            return findings == 0 ? 0 : 1;
        }
    }
}
