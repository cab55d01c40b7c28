using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MapiProfileTools.Bench.VersionRead
{
    /// <summary>The plain-text table and the JSON form of one run; both carry the same numbers.</summary>
    internal sealed class BenchmarkReport
    {
        // The targets the reader is held to (README.md explains them).
        public const double TargetFilesPerSecond = 20_000;
        public const double TargetRatioToFloor = 1.5;
        public const double TargetBytesPerFile = 2_000;

        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        private readonly InputSet _input;
        private readonly BenchmarkOptions _options;
        private readonly RunEnvironment _environment;
        private readonly ReaderOutcomes _outcomes;
        private readonly List<MethodResult> _results;
        private readonly List<string> _warnings;
        private readonly DateTimeOffset _finished = DateTimeOffset.UtcNow;

        public BenchmarkReport(InputSet input, BenchmarkOptions options, RunEnvironment environment, ReaderOutcomes outcomes, List<MethodResult> results, List<string> warnings)
        {
            _input = input;
            _options = options;
            _environment = environment;
            _outcomes = outcomes;
            _results = results;
            _warnings = warnings;
        }

        private MethodResult Floor => _results.Single(r => r.Method is OpenReadFirstPage);

        private MethodResult Reader => _results.Single(r => r.Method is CoreVersionReader);

        private double ReaderRatio => Reader.MedianSeconds / Floor.MedianSeconds;

        private double ReaderRatioOfMinimums => Reader.MinSeconds / Floor.MinSeconds;

        private double ReaderCpuRatio => Reader.MedianCpuSeconds / Floor.MedianCpuSeconds;

        private bool FilesPerSecondMet => Reader.MedianFilesPerSecond >= TargetFilesPerSecond;

        private bool RatioMet => ReaderRatio <= TargetRatioToFloor;

        private bool AllocationMet => Reader.AllocatedBytesPerFile < TargetBytesPerFile;

        public string ToText()
        {
            var text = new StringBuilder();
            text.AppendLine("VersionRead: VersionResourceReader throughput");
            text.AppendLine(F($"input    {_input.Files.Length} of {_input.FoundCount} '{_options.Pattern}' files in {_input.Description} (sorted, first {_input.Files.Length})"));
            text.AppendLine(F($"outcome  version {_outcomes.Version} | no version resource {_outcomes.NoVersionResource} | not PE {_outcomes.NotPortableExecutable} | corrupt {_outcomes.Corrupt} | I/O error {_outcomes.IoError}"));
            text.AppendLine(F($"check    reader FileVersion = FileVersionInfo file version for {_outcomes.CrossChecked - _outcomes.CrossCheckMismatches} of {_outcomes.CrossChecked} files where both report one"));
            if (_outcomes.FirstMismatch != null)
            {
                text.AppendLine("         first mismatch: " + _outcomes.FirstMismatch);
            }

            text.AppendLine(F($"run      {_options.Repetitions} repetitions, one thread, {_environment.Pinning}"));
            text.AppendLine(F($"warm-up  reader outcome pass, then {_environment.Warmup}"));
            text.AppendLine(F($"runtime  {_environment.Runtime}, {_environment.OperatingSystemName} {_environment.Architecture}, {_environment.ProcessorCount} CPUs, {_environment.Gc} GC, TieredPGO {_environment.TieredPgo}"));
            if (_environment.CompetingCpus != null)
            {
                text.AppendLine(F($"others   other processes used {_environment.CompetingCpus:F2} of {_environment.ProcessorCount} CPUs on average while timing"));
            }

            text.AppendLine();

            const string Row = "{0,-16}{1,11}{2,9}{3,12}{4,12}{5,9}{6,9}{7,10}{8,8}{9,10}";
            text.AppendLine(string.Format(Invariant, Row, "method", "median ms", "min ms", "files/s", "best f/s", "us/file", "x floor", "B alloc/f", "gen0/p", "peak MiB"));
            foreach (MethodResult r in _results)
            {
                text.AppendLine(string.Format(
                    Invariant,
                    Row,
                    r.Method.Name,
                    (r.MedianSeconds * 1000).ToString("F1", Invariant),
                    (r.MinSeconds * 1000).ToString("F1", Invariant),
                    r.MedianFilesPerSecond.ToString("N0", Invariant),
                    r.BestFilesPerSecond.ToString("N0", Invariant),
                    r.MedianMicrosecondsPerFile.ToString("F1", Invariant),
                    (r.MedianSeconds / Floor.MedianSeconds).ToString("F2", Invariant),
                    r.AllocatedBytesPerFile.ToString("N0", Invariant),
                    r.Gen0CollectionsPerPass.ToString("F0", Invariant),
                    (r.PeakWorkingSet / (1024.0 * 1024.0)).ToString("F1", Invariant)));
            }

            text.AppendLine();
            foreach (MethodResult r in _results)
            {
                text.AppendLine(F($"  {r.Method.Name,-16}{r.Method.Description}"));
            }

            text.AppendLine();
            text.AppendLine(F($"reader   {Reader.MedianFilesPerSecond:N0} files/s (target >= {TargetFilesPerSecond:N0}: {(FilesPerSecondMet ? "met" : "MISSED")}); ") +
                            F($"{ReaderRatio:F2}x the floor's time, median/median ({ReaderRatioOfMinimums:F2}x min/min) (target <= {TargetRatioToFloor:F1}x: {(RatioMet ? "met" : "MISSED")})"));
            if (!double.IsNaN(ReaderCpuRatio))
            {
                text.AppendLine(F($"         {ReaderCpuRatio:F2}x the floor's thread CPU time, median/median ({Reader.MedianCpuSeconds * 1e6 / Reader.FileCount:F1} against {Floor.MedianCpuSeconds * 1e6 / Floor.FileCount:F1} us/file): less disturbed by other load than wall time"));
            }

            text.AppendLine(F($"         {Reader.AllocatedBytesPerFile:N0} bytes allocated per file (GC.GetAllocatedBytesForCurrentThread) (target < {TargetBytesPerFile:N0}: {(AllocationMet ? "met" : "MISSED")}); ") +
                            F($"peak working set {Reader.PeakWorkingSet / (1024.0 * 1024.0):F1} MiB"));
            text.AppendLine("columns  medians over the repetitions, except min/best; 'x floor' is median time / floor median time;");
            text.AppendLine("         'peak MiB' is the process peak working set during that method's passes" + (OperatingSystem.IsLinux() ? " (reset before each pass)." : " (since process start)."));
            if (_results.Any(r => r.Method is FrameworkFileVersionInfo) && !OperatingSystem.IsWindows())
            {
                text.AppendLine("note     off Windows, FileVersionInfo reads only the managed assembly metadata, not RT_VERSION:");
                text.AppendLine("         it does different work and is printed for context, not as a target.");
            }

            foreach (string warning in _warnings)
            {
                text.AppendLine("WARNING  " + warning);
            }

            return text.ToString();
        }

        public string ToJson()
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartObject();
                json.WriteString("benchmark", "VersionRead");
                json.WriteString("finishedUtc", _finished);

                json.WriteStartObject("input");
                json.WriteString("description", _input.Description);
                json.WriteString("pattern", _options.Pattern);
                json.WriteNumber("files", _input.Files.Length);
                json.WriteNumber("found", _input.FoundCount);
                json.WriteEndObject();

                json.WriteStartObject("outcomes");
                json.WriteNumber("version", _outcomes.Version);
                json.WriteNumber("noVersionResource", _outcomes.NoVersionResource);
                json.WriteNumber("notPortableExecutable", _outcomes.NotPortableExecutable);
                json.WriteNumber("corrupt", _outcomes.Corrupt);
                json.WriteNumber("ioError", _outcomes.IoError);
                json.WriteNumber("crossChecked", _outcomes.CrossChecked);
                json.WriteNumber("crossCheckMismatches", _outcomes.CrossCheckMismatches);
                json.WriteEndObject();

                json.WriteStartObject("environment");
                json.WriteString("runtime", _environment.Runtime);
                json.WriteString("os", _environment.OperatingSystemName);
                json.WriteString("architecture", _environment.Architecture);
                json.WriteNumber("processorCount", _environment.ProcessorCount);
                json.WriteString("gc", _environment.Gc);
                json.WriteString("tieredPgo", _environment.TieredPgo);
                json.WriteString("tieredCompilation", _environment.TieredCompilation);
                json.WriteString("pinning", _environment.Pinning);
                json.WriteString("warmup", _environment.Warmup);
                WriteNullable(json, "competingCpus", _environment.CompetingCpus);
                json.WriteBoolean("optimized", _environment.BenchmarkOptimized && _environment.CoreOptimized);
                json.WriteEndObject();

                json.WriteNumber("repetitions", _options.Repetitions);
                json.WriteStartArray("methods");
                foreach (MethodResult r in _results)
                {
                    json.WriteStartObject();
                    json.WriteString("name", r.Method.Name);
                    json.WriteString("description", r.Method.Description);
                    json.WriteNumber("medianSeconds", r.MedianSeconds);
                    json.WriteNumber("minSeconds", r.MinSeconds);
                    if (!double.IsNaN(r.MedianCpuSeconds))
                    {
                        json.WriteNumber("medianThreadCpuSeconds", r.MedianCpuSeconds);
                    }

                    json.WriteNumber("maxSeconds", r.MaxSeconds);
                    json.WriteNumber("medianFilesPerSecond", Math.Round(r.MedianFilesPerSecond));
                    json.WriteNumber("bestFilesPerSecond", Math.Round(r.BestFilesPerSecond));
                    json.WriteNumber("medianMicrosecondsPerFile", Math.Round(r.MedianMicrosecondsPerFile, 3));
                    json.WriteNumber("ratioToFloorMedian", Math.Round(r.MedianSeconds / Floor.MedianSeconds, 3));
                    json.WriteNumber("ratioToFloorMin", Math.Round(r.MinSeconds / Floor.MinSeconds, 3));
                    json.WriteNumber("allocatedBytesPerFile", Math.Round(r.AllocatedBytesPerFile, 1));
                    json.WriteNumber("gen0CollectionsPerPass", r.Gen0CollectionsPerPass);
                    json.WriteNumber("peakWorkingSetBytes", r.PeakWorkingSet);
                    json.WriteStartArray("samplesSeconds");
                    foreach (PassSample sample in r.Samples)
                    {
                        json.WriteNumberValue(sample.Seconds);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();

                json.WriteStartObject("targets");
                json.WriteNumber("readerMinFilesPerSecond", TargetFilesPerSecond);
                json.WriteNumber("readerMaxRatioToFloor", TargetRatioToFloor);
                json.WriteBoolean("filesPerSecondMet", FilesPerSecondMet);
                json.WriteBoolean("ratioMet", RatioMet);
                json.WriteNumber("readerMaxBytesPerFile", TargetBytesPerFile);
                json.WriteBoolean("allocationMet", AllocationMet);
                json.WriteEndObject();

                json.WriteStartArray("warnings");
                foreach (string warning in _warnings)
                {
                    json.WriteStringValue(warning);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static void WriteNullable(Utf8JsonWriter json, string name, double? value)
        {
            if (value.HasValue)
            {
                json.WriteNumber(name, value.Value);
            }
            else
            {
                json.WriteNull(name);
            }
        }

        private static string F(FormattableString value) => value.ToString(Invariant);
    }
}
