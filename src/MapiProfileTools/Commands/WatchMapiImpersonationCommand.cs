using System;
using System.Management.Automation;
using System.Threading;
using MapiProfileTools.Core.Platform;
using MapiProfileTools.Core.Processes;
using MapiProfileTools.Core.Processes.Watch;
using MapiProfileTools.Core.Services;

namespace MapiProfileTools.Commands
{
    /// <summary>
    /// Watch-MapiImpersonation: samples the processes that loaded Mapi32.dll until Ctrl+C or -Duration ends,
    /// and writes an object whenever one starts impersonating an account. KB 817375's damage follows a
    /// moment of impersonation (a backup job), which a single Get-MapiLoadedProcess is unlikely to hit.
    /// </summary>
    [Cmdlet(VerbsCommon.Watch, "MapiImpersonation")]
    [OutputType(typeof(MapiImpersonationEvent))]
    public sealed class WatchMapiImpersonationCommand : PSCmdlet
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.MapiModuleNameCompleter))]
        public string[] ModuleName { get; set; } = { "mapi32.dll" };

        /// <summary>Time between samples (each sample scans every process).</summary>
        [Parameter]
        public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>How long to watch; without it, until Ctrl+C.</summary>
        [Parameter]
        public TimeSpan? Duration { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ExchangePath { get; set; }

        protected override void EndProcessing()
        {
            if (Interval <= TimeSpan.Zero || (Duration is TimeSpan d && d < TimeSpan.Zero))
            {
                string name = Interval <= TimeSpan.Zero ? nameof(Interval) : nameof(Duration);
                object value = Interval <= TimeSpan.Zero ? Interval : (object)Duration!;
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentOutOfRangeException(name, value, $"-{name} must be longer than zero, for example -{name} (New-TimeSpan -Seconds 5)."),
                    ErrorIds.InvalidTimeout,
                    ErrorCategory.InvalidArgument,
                    value));
            }

            IProcessModuleSource source;
            try
            {
                source = ProcessModuleSources.ForThisPlatform();
            }
            catch (PlatformNotSupportedException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.PlatformNotSupported, ErrorCategory.NotImplemented, null));
                return;
            }

            if (!WindowsOnly.IsWindows)
            {
                WriteWarning("Threads' impersonation tokens exist on Windows only: on this system the watch lists the MAPI processes but can see no impersonation.");
            }

            MapiProcessInspector inspector = Culprits.LiveInspector.Create(ExchangePath, WriteVerbose);
            var sampler = new MapiProcessSampler(source, new ModuleNamePattern(ModuleName), inspector);
            var watcher = new ImpersonationWatcher(sampler, SystemWaitClock.Instance, DateTime.UtcNow, Interval, Duration);
            string activity = $"Watching the processes that loaded {string.Join(", ", ModuleName)} for impersonation";
            var progress = new ProgressRecord(3, activity, "Taking the first sample");
            string? warned = null;
            try
            {
                foreach (ImpersonationStarted started in watcher.Run(_stop.Token, p =>
                {
                    progress.StatusDescription = $"{p.Samples} sample(s), {p.Processes} MAPI process(es), {p.Events} impersonation(s) seen" +
                        (p.Unreadable > 0 ? $", {p.Unreadable} unreadable" : string.Empty);
                    progress.PercentComplete = p.PercentComplete ?? -1;
                    progress.SecondsRemaining = Duration is TimeSpan total ? (int)Math.Max(0, (total - p.Elapsed).TotalSeconds) : -1;
                    WriteProgress(progress);
                    if (sampler.LastFailure != null && warned == null)
                    {
                        // Once per watch, not once per sample.
                        warned = sampler.LastFailure;
                        WriteWarning($"Whom the threads of some MAPI processes impersonate cannot be seen ({warned}). Run elevated (as Administrator) to read other accounts' thread tokens.");
                    }
                }))
                {
                    WriteObject(new MapiImpersonationEvent(started, Environment.MachineName));
                }
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
                WriteVerbose($"Watched for {watcher.Samples} sample(s); {watcher.Events} impersonation(s) began.");
            }
        }

        protected override void StopProcessing() => _stop.Cancel();
    }
}
