using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using MapiProfileTools.Core.PortableExecutable;

namespace MapiProfileTools.Bench.VersionRead
{
    /// <summary>The facts about this run that decide whether two sets of numbers can be compared.</summary>
    internal sealed class RunEnvironment
    {
        public RunEnvironment(string pinning)
        {
            Pinning = pinning;
            Runtime = RuntimeInformation.FrameworkDescription;
            OperatingSystemName = RuntimeInformation.OSDescription;
            Architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            ProcessorCount = Environment.ProcessorCount;
            Gc = (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Batch ? ", non-concurrent" : ", concurrent");
            TieredPgo = Describe("System.Runtime.TieredPGO", "DOTNET_TieredPGO");
            TieredCompilation = Describe("System.Runtime.TieredCompilation", "DOTNET_TieredCompilation");
            BenchmarkOptimized = IsOptimized(typeof(RunEnvironment).Assembly);
            CoreOptimized = IsOptimized(typeof(VersionResourceReader).Assembly);

            if (!BenchmarkOptimized || !CoreOptimized)
            {
                Warnings.Add("a Debug build is being measured; run with -c Release");
            }

            if (Debugger.IsAttached)
            {
                Warnings.Add("a debugger is attached");
            }
        }

        public string Pinning { get; }

        /// <summary>CPUs used on average by other processes while the timed passes ran (Linux), or null.</summary>
        public double? CompetingCpus { get; private set; }

        /// <summary>How the warm-up went, filled in once it has run.</summary>
        public string Warmup { get; set; } = "not run";

        public string Runtime { get; }

        public string OperatingSystemName { get; }

        public string Architecture { get; }

        public int ProcessorCount { get; }

        public string Gc { get; }

        public string TieredPgo { get; }

        public string TieredCompilation { get; }

        public bool BenchmarkOptimized { get; }

        public bool CoreOptimized { get; }

        public List<string> Warnings { get; } = new List<string>();

        /// <summary>Records what else used the CPUs during timing, and warns when it was enough to matter.</summary>
        public void RecordCompetingCpu(double? competingCpus)
        {
            CompetingCpus = competingCpus;

            // On a 2-CPU machine, other work using about one CPU moved the medians by 10-60%; below a
            // quarter of a CPU the runs agreed with quiet ones.
            if (competingCpus > 0.25)
            {
                Warnings.Add($"other processes used {competingCpus:F2} CPUs on average during timing: numbers are noisy; compare with a quieter run");
            }
        }

        private static bool IsOptimized(Assembly assembly)
        {
            var debuggable = assembly.GetCustomAttribute<DebuggableAttribute>();
            return debuggable == null || !debuggable.IsJITOptimizerDisabled;
        }

        // runtimeconfig switch or environment override; "default" when neither is set.
        private static string Describe(string appContextName, string environmentName)
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable(environmentName);
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                return $"{environmentName}={fromEnvironment}";
            }

            object? fromConfig = AppContext.GetData(appContextName);
            return fromConfig == null ? "default" : fromConfig.ToString() ?? "default";
        }
    }
}
