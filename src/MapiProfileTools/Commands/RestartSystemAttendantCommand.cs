using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using MapiProfileTools.Core.Health;
using MapiProfileTools.Core.Services;

namespace MapiProfileTools.Commands
{
    /// <summary>
    /// Restart-SystemAttendant: KB 817375's workaround. Restarts MSExchangeSA with the dependent services
    /// that were running, every wait bounded by -Timeout, and always tries to put back what ran before.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Restart, "SystemAttendant", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(ServiceRestartRecord))]
    public sealed class RestartSystemAttendantCommand : PSCmdlet
    {
        private const string NameSet = "Name";
        private const string ReportSet = "Report";
        private const string HealthReportType = "MapiProfileTools.MapiProfileHealth";
        private const string DefaultService = Kb817375.SystemAttendantService;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly System.Diagnostics.Stopwatch _sinceProgress = new System.Diagnostics.Stopwatch();

        // The services to restart, in the order they were asked for, each once.
        private readonly List<string> _targets = new List<string>();
        private string? _lastProgress;
        private bool _anyInput;

        /// <summary>
        /// Service names: typed, piped as strings, or taken by property name from service objects
        /// (Get-Service, Get-CimInstance Win32_Service, -PassThru records) and from reports that lost their type.
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
        [Alias("ServiceName")]
        [ArgumentCompleter(typeof(Completion.ExchangeServiceCompleter))]
        public string[] Name { get; set; } = { DefaultService };

        /// <summary>
        /// Get-MapiProfileHealth reports, and only those: the restart happens once per service they name, and only
        /// if one of them NeedsRestart. The PSTypeName keeps every other object out of this parameter set; the
        /// Deserialized. form of a report (from Invoke-Command) does not carry the type name and is recognised by
        /// its NeedsRestart property instead (<see cref="PipedNeedsRestart"/>).
        /// </summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ReportSet)]
        [PSTypeName(HealthReportType)]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        /// <summary>
        /// Where a piped object was made: ComputerName of a report, PSComputerName of anything from
        /// Invoke-Command, MachineName of a ServiceController. Hidden: only the pipeline sets it, so an object
        /// from another computer cannot restart a service of the same name here.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet, DontShow = true)]
        [Alias("ComputerName", "PSComputerName", "MachineName")]
        public string? PipedComputerName { get; set; }

        /// <summary>
        /// NeedsRestart of a piped object that is a report without the live type (deserialized, or after
        /// Select-Object or Import-Csv). Hidden: only the pipeline sets it, so such a report is still used as a
        /// report, never as a bare service name.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet, DontShow = true)]
        [Alias("NeedsRestart")]
        public object? PipedNeedsRestart { get; set; }

        /// <summary>
        /// IsOffline of a piped report without the live type. Hidden: only the pipeline sets it, so a report made
        /// from a server's files is refused however it arrives.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet, DontShow = true)]
        [Alias("IsOffline")]
        public object? PipedIsOffline { get; set; }

        [Parameter]
        public TimeSpan Timeout { get; set; } = ServiceRestartOptions.DefaultTimeout;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            if (Timeout <= TimeSpan.Zero)
            {
                // No parameter name or value in the exception: .NET would append them as two more lines of its own.
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException($"-Timeout must be longer than zero, not {Timeout}. For example: -Timeout (New-TimeSpan -Minutes 10), or -Timeout 00:10:00."),
                    ErrorIds.InvalidTimeout,
                    ErrorCategory.InvalidArgument,
                    Timeout));
            }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ReportSet)
            {
                if (InputObject != null)
                {
                    _anyInput = true;
                    ConsiderReport(
                        InputObject,
                        (InputObject.Properties["ComputerName"]?.Value ?? InputObject.Properties["PSComputerName"]?.Value) as string,
                        InputObject.Properties["NeedsRestart"]?.Value,
                        InputObject.Properties["ServiceName"]?.Value as string,
                        InputObject.Properties["IsOffline"]?.Value);
                }

                return;
            }

            if (!MyInvocation.ExpectingInput)
            {
                // Named on the command line (or the default): EndProcessing restarts them.
                return;
            }

            _anyInput = true;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(PipedNeedsRestart)))
            {
                // A report without its live type: still a report, never a bare service name.
                ConsiderReport(null, PipedComputerName, PipedNeedsRestart, Name?.FirstOrDefault(n => !string.IsNullOrEmpty(n)), PipedIsOffline);
                return;
            }

            string[] names = (Name ?? Array.Empty<string>()).Where(n => !string.IsNullOrWhiteSpace(n)).ToArray();
            if (names.Length == 0)
            {
                WriteWarning("A piped object names no service (its Name or ServiceName is empty), so it was not used. Pipe service names, Get-Service objects or Get-MapiProfileHealth reports.");
                return;
            }

            if (!IsThisComputer(PipedComputerName))
            {
                // Get-Service run through Invoke-Command names a service of another computer.
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"The piped service {string.Join(", ", names)} is on {PipedComputerName}, not on this computer ({Environment.MachineName}); it was not restarted here. Restart it there: Invoke-Command -ComputerName {PipedComputerName} {{ Restart-SystemAttendant -Name {names[0]} }}."),
                    ErrorIds.ServiceForOtherComputer,
                    ErrorCategory.InvalidArgument,
                    names[0]));
                return;
            }

            foreach (string name in names)
            {
                AddTarget(name);
            }
        }

        protected override void EndProcessing()
        {
            if (!MyInvocation.ExpectingInput && ParameterSetName == NameSet)
            {
                foreach (string name in Name ?? Array.Empty<string>())
                {
                    AddTarget(name);
                }
            }

            if (_targets.Count == 0)
            {
                // Also when the pipeline was empty: `Get-MapiProfileHealth | Where-Object NeedsRestart |
                // Restart-SystemAttendant` on a healthy server must restart nothing.
                WriteVerbose(_anyInput
                    ? "No piped report says the System Attendant needs a restart, and no service was named; nothing was done."
                    : "Nothing was piped in; nothing was done.");
                return;
            }

            // Only now, with something to restart: piped reports are still judged (refused when offline or
            // from another computer, skipped when healthy) on any system.
            if (!Core.Platform.WindowsOnly.IsWindows)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PlatformNotSupportedException("Restarting the System Attendant needs the Windows service control manager. Run it on the Exchange server, or through Invoke-Command."),
                    ErrorIds.PlatformNotSupported,
                    ErrorCategory.NotImplemented,
                    null));
            }

            foreach (string target in _targets)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                Restart(target);
            }
        }

        private void ConsiderReport(PSObject? report, string? computer, object? needsRestart, string? serviceName, object? isOffline)
        {
            object target = (object?)report ?? serviceName ?? DefaultService;
            if (ToFlag(isOffline is PSObject wrappedOffline ? wrappedOffline.BaseObject : isOffline) == true)
            {
                // A report made from a server's files is about that server, not this computer, whatever its name.
                string server = string.IsNullOrEmpty(computer) ? "the server" : computer!;
                string service = string.IsNullOrWhiteSpace(serviceName) ? DefaultService : serviceName!;
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"The report was made offline, from the files of {server}; Restart-SystemAttendant restarts services on the computer it runs on. Run the restart on the server itself: where PowerShell runs, Get-MapiProfileHealth | Where-Object NeedsRestart | Restart-SystemAttendant; on Windows 2000, restart {service} with its dependent services in the Services console, or restart the server."),
                    ErrorIds.OfflineReport,
                    ErrorCategory.InvalidArgument,
                    target));
                return;
            }

            if (!IsThisComputer(computer))
            {
                // A report that came back from Invoke-Command must not restart this computer's service.
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"The report is for {computer}, not for this computer ({Environment.MachineName}). Restart the System Attendant there: Invoke-Command -ComputerName {computer} {{ Get-MapiProfileHealth | Where-Object NeedsRestart | Restart-SystemAttendant }}."),
                    ErrorIds.ReportForOtherComputer,
                    ErrorCategory.InvalidArgument,
                    target));
                return;
            }

            bool? needs = needsRestart is PSObject wrapped ? ToFlag(wrapped.BaseObject) : ToFlag(needsRestart);
            if (needs == null)
            {
                WriteWarning($"A piped report's NeedsRestart is '{needsRestart}', which is neither True nor False, so the report was not used.");
                return;
            }

            if (needs.Value)
            {
                AddTarget(string.IsNullOrWhiteSpace(serviceName) ? DefaultService : serviceName!);
            }
        }

        // Import-Csv gives "True"/"False" strings; a live or deserialized report gives a bool.
        private static bool? ToFlag(object? value) => value switch
        {
            bool b => b,
            string s when bool.TryParse(s.Trim(), out bool parsed) => parsed,
            _ => null,
        };

        private static bool IsThisComputer(string? computer) =>
            string.IsNullOrEmpty(computer)
            || computer == "."
            || string.Equals(computer, Environment.MachineName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(computer, "localhost", StringComparison.OrdinalIgnoreCase);

        private void AddTarget(string name)
        {
            if (!string.IsNullOrWhiteSpace(name) && !_targets.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                _targets.Add(name);
            }
        }

        private void Restart(string name)
        {
            // After a failure the engine still starts what ran before; give that as long again as -Timeout,
            // up to its one-minute default, so a short -Timeout means a short worst case too.
            var options = new ServiceRestartOptions
            {
                Timeout = Timeout,
                RecoveryGracePeriod = Timeout < ServiceRestartOptions.DefaultRecoveryGracePeriod ? Timeout : ServiceRestartOptions.DefaultRecoveryGracePeriod,
                Progress = ShowProgress,
            };
            var restarter = new ServiceRestarter(new WindowsServiceControl(), options);
            ServiceRestartPlan plan;
            try
            {
                plan = restarter.CreatePlan(name);
            }
            catch (ServiceControlException ex)
            {
                // One error per service, and the others named still get their turn.
                WriteError(new ErrorRecord(
                    ex,
                    ex.Failure == ServiceFailure.NotFound ? ErrorIds.ServiceNotFound : ex.Failure == ServiceFailure.AccessDenied ? ErrorIds.ServiceAccessDenied : ErrorIds.RestartFailed,
                    ex.Failure == ServiceFailure.NotFound ? ErrorCategory.ObjectNotFound : ex.Failure == ServiceFailure.AccessDenied ? ErrorCategory.PermissionDenied : ErrorCategory.OpenError,
                    name));
                return;
            }

            string description = $"Restart {plan.Target} with its running dependent services:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", plan.Describe());
            WriteVerbose(description);
            string warning = $"Restart {plan.Target} and {plan.DependentsToRestart.Count} dependent service(s)? Mailbox access through them stops meanwhile.";
            if (!ShouldProcess(description, warning, "Restart the Exchange System Attendant"))
            {
                return;
            }

            ServiceRestartResult result;
            try
            {
                // The confirmation prompt may have waited a long time: plan again from the services' state now.
                result = restarter.Execute(restarter.CreatePlan(name), _stop.Token);
            }
            finally
            {
                WriteProgress(new ProgressRecord(3, "Restarting the System Attendant", "Done") { RecordType = ProgressRecordType.Completed });
            }

            if (PassThru)
            {
                WriteObject(result.Records.Select(r => new ServiceRestartRecord(r)), enumerateCollection: true);
            }

            if (!result.Succeeded)
            {
                WriteError(new ErrorRecord(
                    new ServiceRestartException(result),
                    result.TimedOut ? ErrorIds.RestartTimedOut : result.Canceled ? ErrorIds.RestartCanceled : ErrorIds.RestartFailed,
                    result.TimedOut ? ErrorCategory.OperationTimeout : ErrorCategory.InvalidResult,
                    name));
            }
        }

        protected override void StopProcessing() => _stop.Cancel();

        // The engine reports on this thread (Execute is synchronous), so writing progress here is allowed.
        // It reports on every poll: write when the step changes, or twice a second.
        private void ShowProgress(ServiceRestartProgress progress)
        {
            if (progress.Description == _lastProgress && _sinceProgress.IsRunning && _sinceProgress.ElapsedMilliseconds < 500)
            {
                return;
            }

            _lastProgress = progress.Description;
            _sinceProgress.Restart();
            WriteProgress(new ProgressRecord(3, "Restarting the System Attendant", progress.Description)
            {
                PercentComplete = progress.PercentComplete,
                SecondsRemaining = (int)Math.Max(0, progress.Remaining.TotalSeconds),
                CurrentOperation = progress.Service?.ToString() ?? string.Empty,
            });
        }
    }
}
