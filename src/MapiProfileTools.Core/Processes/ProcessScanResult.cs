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
        /// <summary>The system refused this account access to the process's modules (ERROR_ACCESS_DENIED, EACCES) and nothing else.</summary>
        AccessDenied,
        /// <summary>
        /// The modules could not be read for another reason (ERROR_PARTIAL_COPY, ERROR_BAD_LENGTH, a 64-bit
        /// process from 32-bit PowerShell, any other Win32 error): <see cref="ProcessScanResult.ErrorCode"/> says which.
        /// </summary>
        ReadFailed,
    }

    /// <summary>The outcome of scanning one process. Per-process problems are outcomes, never exceptions.</summary>
    public sealed class ProcessScanResult
    {
        private static readonly IReadOnlyList<LoadedModule> NoModules = Array.Empty<LoadedModule>();

        private ProcessScanResult(ProcessEntry process, ProcessScanOutcome outcome, IReadOnlyList<LoadedModule> modules, ProcessDetails? details, string? message, int errorCode = 0)
        {
            ErrorCode = errorCode;
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

        /// <summary>The Win32 error (or errno) behind <see cref="ProcessScanOutcome.ReadFailed"/> and <see cref="ProcessScanOutcome.AccessDenied"/>; 0 when none.</summary>
        public int ErrorCode { get; }

        public static ProcessScanResult NoMatch(ProcessEntry process) => new ProcessScanResult(process, ProcessScanOutcome.NoMatch, NoModules, null, null);

        public static ProcessScanResult Matched(ProcessEntry process, IReadOnlyList<LoadedModule> modules, ProcessDetails details) =>
            new ProcessScanResult(process, ProcessScanOutcome.Matched, modules, details, null);

        public static ProcessScanResult Exited(ProcessEntry process, string message) => new ProcessScanResult(process, ProcessScanOutcome.Exited, NoModules, null, message);

        public static ProcessScanResult AccessDenied(ProcessEntry process, string message, int errorCode = 5) => new ProcessScanResult(process, ProcessScanOutcome.AccessDenied, NoModules, null, message, errorCode);

        public static ProcessScanResult ReadFailed(ProcessEntry process, string message, int errorCode) => new ProcessScanResult(process, ProcessScanOutcome.ReadFailed, NoModules, null, message, errorCode);
    }
}
