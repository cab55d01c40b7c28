using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
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
        private int _accessDeniedCount;

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
            if (_accessDeniedCount > 0)
            {
                WriteWarning($"The modules of {_accessDeniedCount} process(es) could not be read: access is denied. Run elevated (as Administrator, or root) to see every process.");
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
                    WriteObject(MapiLoadedProcess.FromScan(result), enumerateCollection: true);
                    break;
                case ProcessScanOutcome.Exited:
                    WriteVerbose(result.Message);
                    break;
                case ProcessScanOutcome.AccessDenied:
                    ReportAccessDenied(result);
                    break;
            }
        }

        // One error per process, unless the caller silenced errors: then one warning with the count at the end.
        private void ReportAccessDenied(ProcessScanResult result)
        {
            if (ErrorsSilenced())
            {
                _accessDeniedCount++;
                return;
            }

            WriteError(new ErrorRecord(
                new UnauthorizedAccessException(result.Message),
                ErrorIds.ProcessAccessDenied,
                ErrorCategory.PermissionDenied,
                result.Process.Id));
        }

        private bool ErrorsSilenced()
        {
            object? preference = MyInvocation.BoundParameters.TryGetValue("ErrorAction", out object? bound)
                ? bound
                : GetVariableValue("ErrorActionPreference");
            string? text = preference?.ToString();
            return text == nameof(ActionPreference.SilentlyContinue) || text == nameof(ActionPreference.Ignore);
        }
    }
}
