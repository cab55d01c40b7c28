using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using MapiProfileTools.Core.Platform;
using MapiProfileTools.Core.Processes;

namespace MapiProfileTools.Commands
{
    /// <summary>
    /// Get-MapiLoadedProcess: which processes have Mapi32.dll (or other modules) loaded — KB 817375's
    /// `tlist -m mapi32.dll` step, as objects that pipe into Test-MapiDllVersion, Stop-Process and Get-Service.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MapiLoadedProcess")]
    [OutputType(typeof(MapiLoadedProcess))]
    public sealed class GetMapiLoadedProcessCommand : PSCmdlet
    {
        private const int BatchSize = 128;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private IProcessModuleSource? _source;
        // One listing per pipeline run: Get-Process | Get-MapiLoadedProcess calls ProcessRecord per process.
        private IReadOnlyList<ProcessEntry>? _listing;
        private Dictionary<int, ProcessEntry>? _byId;
        private ModuleNamePattern? _pattern;
        private MapiProcessInspector? _inspector;
        private readonly List<int> _protected = new List<int>();
        private int _impersonationUnseen;
        private string? _impersonationFailure;

        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.MapiModuleNameCompleter))]
        public string[] ModuleName { get; set; } = { "mapi32.dll" };

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ProcessId")]
        [ValidateNotNullOrEmpty]
        public int[]? Id { get; set; }

        [Parameter]
        [Alias("ProcessName")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ProcessNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>
        /// The Exchange folder, for IsExchange, when the services cannot say (off Windows, or a server whose
        /// System Attendant is not installed here): programs under it count as Exchange's.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ExchangePath { get; set; }

        protected override void BeginProcessing()
        {
            try
            {
                _source = ProcessModuleSources.ForThisPlatform();
            }
            catch (PlatformNotSupportedException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.PlatformNotSupported, ErrorCategory.NotImplemented, null));
            }
        }

        protected override void ProcessRecord()
        {
            ModuleNamePattern pattern = _pattern ??= new ModuleNamePattern(ModuleName);
            _listing ??= _source!.ListProcesses();
            IReadOnlyList<ProcessEntry> targets = SelectTargets(_listing);
            string activity = $"Looking for {string.Join(", ", ModuleName)} in {targets.Count} processes";
            bool showProgress = targets.Count > BatchSize;
            var progress = new ProgressRecord(1, activity, "Starting");
            try
            {
                for (int start = 0; start < targets.Count; start += BatchSize)
                {
                    if (showProgress)
                    {
                        progress.StatusDescription = $"{start} of {targets.Count} processes scanned";
                        progress.PercentComplete = start * 100 / targets.Count;
                        WriteProgress(progress);
                    }

                    var batch = targets.Skip(start).Take(BatchSize).ToList();
                    foreach (ProcessScanResult result in ParallelProcessScan.ScanBatch(_source!, batch, pattern, _stop.Token))
                    {
                        Report(result);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: StopProcessing cancelled the scan; PowerShell ends the pipeline.
            }
            finally
            {
                if (showProgress)
                {
                    progress.RecordType = ProgressRecordType.Completed;
                    WriteProgress(progress);
                }
            }
        }

        protected override void EndProcessing()
        {
            if (_protected.Count > 0)
            {
                // Already elevated: nothing the user can do opens these, so it is not an error (issue 9).
                WriteVerbose($"{_protected.Count} process(es) are protected from inspection even for an elevated caller, so their modules cannot be read (ids {string.Join(", ", _protected.Take(20))}{(_protected.Count > 20 ? ", ..." : string.Empty)}).");
            }

            if (_impersonationUnseen > 0)
            {
                string advice = CallerRights.IsElevated
                    ? "Their tokens stay closed even to an elevated caller"
                    : "Run elevated (as Administrator) to read other accounts' thread tokens";
                WriteWarning($"Whom the threads of {_impersonationUnseen} MAPI process(es) impersonate could not be seen ({_impersonationFailure}); their ImpersonatedUsers is empty (null). {advice}.");
            }
        }

        protected override void StopProcessing() => _stop.Cancel();

        private IReadOnlyList<ProcessEntry> SelectTargets(IReadOnlyList<ProcessEntry> all)
        {
            IEnumerable<ProcessEntry> selected = all;
            if (Id != null)
            {
                var byId = _byId ??= all.ToDictionary(p => p.Id);
                var wanted = new List<ProcessEntry>();
                foreach (int id in Id)
                {
                    if (byId.TryGetValue(id, out ProcessEntry? process))
                    {
                        wanted.Add(process);
                    }
                    else
                    {
                        WriteError(new ErrorRecord(
                            new ArgumentException($"Cannot find a process with the process identifier {id}. It may have exited; list processes with Get-Process."),
                            ErrorIds.ProcessNotFound,
                            ErrorCategory.ObjectNotFound,
                            id));
                    }
                }

                selected = wanted;
            }

            if (Name != null)
            {
                var patterns = Name.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
                var named = selected.Where(p => patterns.Any(w => w.IsMatch(p.Name))).ToList();
                foreach (string name in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
                {
                    if (!named.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                    {
                        WriteError(new ErrorRecord(
                            new ArgumentException($"Cannot find a process with the name \"{name}\". Verify the process name and call the cmdlet again."),
                            ErrorIds.ProcessNotFound,
                            ErrorCategory.ObjectNotFound,
                            name));
                    }
                }

                selected = named;
            }

            return selected as IReadOnlyList<ProcessEntry> ?? selected.ToList();
        }

        private void Report(ProcessScanResult result)
        {
            switch (result.Outcome)
            {
                case ProcessScanOutcome.Matched:
                    ProcessInspection inspection = Inspector.Inspect(result);
                    if (inspection.ImpersonationFailure != null)
                    {
                        _impersonationUnseen++;
                        _impersonationFailure ??= inspection.ImpersonationFailure;
                    }

                    WriteObject(MapiLoadedProcess.FromScan(result, inspection), enumerateCollection: true);
                    break;
                case ProcessScanOutcome.Exited:
                    WriteVerbose(result.Message);
                    break;
                case ProcessScanOutcome.AccessDenied when CallerRights.IsElevated:
                    _protected.Add(result.Process.Id);
                    break;
                case ProcessScanOutcome.AccessDenied:
                    // Always the error stream: -ErrorAction decides what the user sees, -ErrorVariable always gets it.
                    WriteError(new ErrorRecord(
                        new UnauthorizedAccessException(result.Message),
                        ErrorIds.ProcessAccessDenied,
                        ErrorCategory.PermissionDenied,
                        result.Process.Id));
                    break;
                case ProcessScanOutcome.ReadFailed:
                    WriteError(new ErrorRecord(
                        new System.ComponentModel.Win32Exception(result.ErrorCode, result.Message),
                        ErrorIds.ProcessReadFailed,
                        ErrorCategory.ReadError,
                        result.Process.Id));
                    break;
            }
        }

        /// <summary>Made at the first match: reading the services costs a registry walk a scan without matches need not pay.</summary>
        private MapiProcessInspector Inspector => _inspector ??= Culprits.LiveInspector.Create(ExchangePath, WriteVerbose);
    }
}
