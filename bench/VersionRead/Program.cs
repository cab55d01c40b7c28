using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Numerics;

namespace MapiProfileTools.Bench.VersionRead
{
    internal static class Program
    {
        // Minimum input size for numbers worth quoting; smaller sets still run, with a warning.
        private const int RecommendedMinimumFiles = 500;

        private static int Main(string[] args)
        {
            BenchmarkOptions options;
            InputSet input;
            try
            {
                options = BenchmarkOptions.Parse(args);
                if (options.ShowHelp)
                {
                    Console.WriteLine(BenchmarkOptions.Usage);
                    return 0;
                }

                input = InputSet.Create(options);
            }
            catch (Exception e) when (e is ArgumentException || e is IOException || e is UnauthorizedAccessException)
            {
                Console.Error.WriteLine("VersionRead: " + e.Message);
                Console.Error.WriteLine(BenchmarkOptions.Usage);
                return 2;
            }

            string[] files = input.Files;
            if (files.Length == 0)
            {
                Console.Error.WriteLine($"VersionRead: no files match '{options.Pattern}' in {input.Description}");
                return 2;
            }

            var environment = new RunEnvironment(options.PinToOneCpu ? PinThisThreadToOneCpu() : "not pinned (--no-pin)");
            var warnings = new List<string>();
            if (files.Length < RecommendedMinimumFiles)
            {
                warnings.Add($"only {files.Length} files; use at least {RecommendedMinimumFiles} for numbers worth quoting");
            }

            var methods = new List<ReadMethod> { new OpenReadFirstPage(), new CoreVersionReader() };
            if (options.RunBaseline)
            {
                methods.Add(new FrameworkFileVersionInfo());
            }

            Console.Error.WriteLine($"VersionRead: {files.Length} files, warming up...");

            // Untimed warm-up: every file into the page cache, every code path through the JIT.
            ReaderOutcomes outcomes = ReaderOutcomes.Classify(files);
            long sink = 0;
            JitWarmup warmup = JitWarmup.Run(methods, files, ref sink);
            environment.Warmup = warmup.Describe();
            if (!warmup.Settled)
            {
                warnings.Add("the JIT was still recompiling methods when timing started; numbers may drift");
            }

            var results = new List<MethodResult>();
            foreach (ReadMethod method in methods)
            {
                results.Add(new MethodResult(method, files.Length));
            }

            CompetingCpuMeter? competing = CompetingCpuMeter.Start();
            for (int rep = 0; rep < options.Repetitions; rep++)
            {
                Console.Error.WriteLine($"VersionRead: repetition {rep + 1}/{options.Repetitions}");

                // Rotate the order so no method always runs right after the same neighbour.
                for (int k = 0; k < results.Count; k++)
                {
                    MethodResult result = results[(rep + k) % results.Count];
                    result.Samples.Add(PassSample.Measure(result.Method, files, ref sink));
                }
            }

            environment.RecordCompetingCpu(competing?.Stop());
            warnings.InsertRange(0, environment.Warnings);
            var report = new BenchmarkReport(input, options, environment, outcomes, results, warnings);
            if (options.JsonPath == "-")
            {
                // Standard output stays pure JSON for a pipe; the table goes to standard error.
                Console.Error.WriteLine(report.ToText());
                Console.WriteLine(report.ToJson());
            }
            else
            {
                Console.WriteLine(report.ToText());
                if (options.JsonPath != null)
                {
                    File.WriteAllText(options.JsonPath, report.ToJson());
                    Console.Error.WriteLine($"VersionRead: JSON written to {Path.GetFullPath(options.JsonPath)}");
                }
            }

            // Keep the results of every pass observable so none can be optimised away.
            return sink == long.MinValue ? 1 : 0;
        }

        /// <summary>
        /// Pins the thread that runs the passes to the highest-numbered allowed CPU, away from CPU 0
        /// where interrupts usually land. On Linux Process.ProcessorAffinity sets the affinity of the
        /// process's first thread, which is the one running Main (the runtime's own threads keep theirs);
        /// on Windows it pins the whole process.
        /// </summary>
        private static string PinThisThreadToOneCpu()
        {
            if (!OperatingSystem.IsWindows() && !OperatingSystem.IsLinux())
            {
                return "not pinned (not supported on this OS)";
            }

            try
            {
                using Process self = Process.GetCurrentProcess();
                ulong mask = (ulong)(long)self.ProcessorAffinity;
                if (mask == 0)
                {
                    return "not pinned (empty affinity mask)";
                }

                int cpu = 63 - BitOperations.LeadingZeroCount(mask);
                self.ProcessorAffinity = (IntPtr)(long)(1UL << cpu);
                return $"pinned to CPU {cpu}";
            }
            catch (Exception e) when (e is InvalidOperationException || e is System.ComponentModel.Win32Exception || e is PlatformNotSupportedException)
            {
                return "not pinned (" + e.Message + ")";
            }
        }
    }
}
