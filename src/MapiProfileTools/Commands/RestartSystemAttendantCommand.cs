using System;
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
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly System.Diagnostics.Stopwatch _sinceProgress = new System.Diagnostics.Stopwatch();
        private string? _lastProgress;
        private bool _anyReport;
        private bool _restartNeeded;

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ServiceName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ExchangeServiceCompleter))]
        public string Name { get; set; } = Kb817375.SystemAttendantService;

        /// <summary>Get-MapiProfileHealth reports: the restart happens once, and only if one of them NeedsRestart.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ReportSet)]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        [Parameter]
        public TimeSpan Timeout { get; set; } = ServiceRestartOptions.DefaultTimeout;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            if (Timeout <= TimeSpan.Zero)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentOutOfRangeException(nameof(Timeout), Timeout, "The timeout must be longer than zero, for example -Timeout (New-TimeSpan -Minutes 10)."),
                    ErrorIds.InvalidTimeout,
                    ErrorCategory.InvalidArgument,
                    Timeout));
            }

            // Piped reports are checked first (an offline one is refused anywhere); the platform only matters
            // once a restart is really asked for.
            if (!MyInvocation.ExpectingInput)
            {
                ThrowIfNotWindows();
            }
        }

        private void ThrowIfNotWindows()
        {
            if (!Core.Platform.WindowsOnly.IsWindows)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PlatformNotSupportedException("Restarting the System Attendant needs the Windows service control manager. Run it on the Exchange server, or through Invoke-Command."),
                    ErrorIds.PlatformNotSupported,
                    ErrorCategory.NotImplemented,
                    null));
            }
        }

        protected override void ProcessRecord()
        {
            if (InputObject == null)
            {
                return;
            }

            _anyReport = true;
            string? computer = (InputObject.Properties["ComputerName"]?.Value ?? InputObject.Properties["PSComputerName"]?.Value) as string;
            if (InputObject.Properties["IsOffline"]?.Value is bool offline && offline)
            {
                // A report made from a server's files is about that server, not this computer, whatever its name.
                string server = string.IsNullOrEmpty(computer) ? "the server" : computer!;
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"The report was made offline, from the files of {server}; Restart-SystemAttendant restarts services on the computer it runs on. Run the restart on the server itself: where PowerShell runs, Get-MapiProfileHealth | Where-Object NeedsRestart | Restart-SystemAttendant; on Windows 2000, restart {Name} with its dependent services in the Services console, or restart the server."),
                    ErrorIds.OfflineReport,
                    ErrorCategory.InvalidArgument,
                    InputObject));
                return;
            }

            if (computer != null && !string.Equals(computer, Environment.MachineName, StringComparison.OrdinalIgnoreCase) && !string.Equals(computer, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                // A report that came back from Invoke-Command must not restart this computer's service.
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"The report is for {computer}, not for this computer ({Environment.MachineName}). Restart the System Attendant there: Invoke-Command -ComputerName {computer} {{ Get-MapiProfileHealth | Where-Object NeedsRestart | Restart-SystemAttendant }}."),
                    ErrorIds.ReportForOtherComputer,
                    ErrorCategory.InvalidArgument,
                    InputObject));
                return;
            }

            if (InputObject.Properties["NeedsRestart"]?.Value is bool needs && needs)
            {
                _restartNeeded = true;
            }
        }

        protected override void EndProcessing()
        {
            if (_anyReport && !_restartNeeded)
            {
                WriteVerbose("No report says the System Attendant needs a restart; nothing was done.");
                return;
            }

            ThrowIfNotWindows();

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
                plan = restarter.CreatePlan(Name);
            }
            catch (ServiceControlException ex)
            {
                ThrowTerminatingError(new ErrorRecord(
                    ex,
                    ex.Failure == ServiceFailure.NotFound ? ErrorIds.ServiceNotFound : ex.Failure == ServiceFailure.AccessDenied ? ErrorIds.ServiceAccessDenied : ErrorIds.RestartFailed,
                    ex.Failure == ServiceFailure.NotFound ? ErrorCategory.ObjectNotFound : ex.Failure == ServiceFailure.AccessDenied ? ErrorCategory.PermissionDenied : ErrorCategory.OpenError,
                    Name));
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
                result = restarter.Execute(restarter.CreatePlan(Name), _stop.Token);
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
                    Name));
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
