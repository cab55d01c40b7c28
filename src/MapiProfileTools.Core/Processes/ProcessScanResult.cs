using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Processes
{
    public enum ProcessScanOutcome
    {
        /// <summary>Scanned; no module matched.</summary>
        NoMatch,
        /// <summary>Scanned; <see cref="ProcessScanResult.Modules"/> holds the matches.</summary>
        Matched,
        /// <summary>The process exited before or while it was scanned: not an error.</summary>
        Exited,
        /// <summary>The process's modules cannot be read with this account's rights.</summary>
        AccessDenied,
    }

    /// <summary>The outcome of scanning one process. Per-process problems are outcomes, never exceptions.</summary>
    public sealed class ProcessScanResult
    {
        private static readonly IReadOnlyList<LoadedModule> NoModules = Array.Empty<LoadedModule>();

        private ProcessScanResult(ProcessEntry process, ProcessScanOutcome outcome, IReadOnlyList<LoadedModule> modules, ProcessDetails? details, string? message)
        {
            Process = process;
            Outcome = outcome;
            Modules = modules;
            Details = details;
            Message = message;
        }

        public ProcessEntry Process { get; }

        public ProcessScanOutcome Outcome { get; }

        public IReadOnlyList<LoadedModule> Modules { get; }

        /// <summary>Filled for <see cref="ProcessScanOutcome.Matched"/> only.</summary>
        public ProcessDetails? Details { get; }

        /// <summary>Why the scan did not complete (access denied, exited), for verbose and error messages.</summary>
        public string? Message { get; }

        public static ProcessScanResult NoMatch(ProcessEntry process) => new ProcessScanResult(process, ProcessScanOutcome.NoMatch, NoModules, null, null);

        public static ProcessScanResult Matched(ProcessEntry process, IReadOnlyList<LoadedModule> modules, ProcessDetails details) =>
            new ProcessScanResult(process, ProcessScanOutcome.Matched, modules, details, null);

        public static ProcessScanResult Exited(ProcessEntry process, string message) => new ProcessScanResult(process, ProcessScanOutcome.Exited, NoModules, null, message);

        public static ProcessScanResult AccessDenied(ProcessEntry process, string message) => new ProcessScanResult(process, ProcessScanOutcome.AccessDenied, NoModules, null, message);
    }
}
