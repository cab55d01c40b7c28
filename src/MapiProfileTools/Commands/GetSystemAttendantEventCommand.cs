using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using MapiProfileTools.Core.EventLogFiles;
using MapiProfileTools.Core.Events;
using MapiProfileTools.Core.Health;

namespace MapiProfileTools.Commands
{
    /// <summary>
    /// Get-SystemAttendantEvent: the symptom of KB 817375, event 9202 "Failed to open default message
    /// store" from MSExchangeSA in the Application log — live (the filter runs in the event log service), or
    /// from event log files copied off a server (AppEvent.Evt), read by the core on any OS.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SystemAttendantEvent", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(SystemAttendantEvent))]
    public sealed class GetSystemAttendantEventCommand : PSCmdlet
    {
        internal const string Provider = Kb817375.EventSource;
        internal const int ProfileFailureEventId = Kb817375.ProfileFailureEventId;
        private const string LiveSet = "Live";
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const long ProgressFileLength = 1024 * 1024;
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

        private EventQuery? _query;
        private volatile bool _stopping;

        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ValidateRange(0, 65535)]
        public int[] Id { get; set; } = { ProfileFailureEventId };

        [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        [Parameter]
        public DateTime? After { get; set; }

        [Parameter]
        public DateTime? Before { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? MaxEvents { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string Source { get; set; } = Provider;

        [Parameter]
        public SwitchParameter All { get; set; }

        protected override void BeginProcessing()
        {
            try
            {
                _query = new EventQuery("Application", Source, Id, After, MaxEvents, Before, All.IsPresent);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.InvalidSource, ErrorCategory.InvalidArgument, Source));
            }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == LiveSet)
            {
                return;
            }

            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string input in literal ? LiteralPath : Path)
            {
                foreach (string file in FileSystemPathResolver.Resolve(this, input, literal))
                {
                    if (_stopping)
                    {
                        return;
                    }

                    ReadFile(file);
                }
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == LiveSet)
            {
                ReadLive();
            }
        }

        protected override void StopProcessing() => _stopping = true;

        private void ReadLive()
        {
            IEventLogReader reader;
            try
            {
                reader = new WindowsEventLogReader();
            }
            catch (PlatformNotSupportedException ex)
            {
                var guided = new PlatformNotSupportedException(ex.Message + " To read a server's event log file (%SystemRoot%\\system32\\config\\AppEvent.Evt), use -Path.", ex);
                ThrowTerminatingError(new ErrorRecord(guided, ErrorIds.PlatformNotSupported, ErrorCategory.NotImplemented, null));
                return;
            }

            try
            {
                foreach (EventRecordInfo record in reader.Read(_query!))
                {
                    WriteObject(new SystemAttendantEvent(record));
                }
            }
            catch (EventLogReadException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.EventLogUnavailable, ex.IsAccessDenied ? ErrorCategory.PermissionDenied : ErrorCategory.ReadError, "Application"));
            }
        }

        /// <summary>
        /// Streams one file's matching records, oldest first; with -MaxEvents only the newest that many are
        /// kept (still in file order). Warnings about damage are written as the reader finds them.
        /// </summary>
        private void ReadFile(string file)
        {
            WriteVerbose($"Reading the event log file '{file}'.");
            var progress = new ProgressRecord(1, "Reading event log file", file);
            bool progressShown = false;
            var clock = Stopwatch.StartNew();
            try
            {
                using EvtFile log = EvtFile.Open(file);
                if (log.IsDirty)
                {
                    WriteVerbose($"'{file}' was not closed cleanly (DIRTY): its header is stale, so the records are read to its end-of-file record.");
                }

                int shown = 0;
                void FlushWarnings()
                {
                    for (; shown < log.Warnings.Count; shown++)
                    {
                        WriteWarning(log.Warnings[shown]);
                    }
                }

                FlushWarnings();
                long? expected = log.ExpectedRecordCount;
                if (log.FileLength >= ProgressFileLength)
                {
                    // A long file: show the bar from the start, then every ProgressInterval.
                    progressShown = true;
                    progress.PercentComplete = 0;
                    WriteProgress(progress);
                }

                Queue<SystemAttendantEvent>? newest = MaxEvents == null ? null : new Queue<SystemAttendantEvent>();
                long count = 0;
                foreach (EvtRecord record in log.ReadRecords())
                {
                    if (_stopping)
                    {
                        return;
                    }

                    count++;
                    if (clock.Elapsed >= ProgressInterval)
                    {
                        clock.Restart();
                        progressShown = true;
                        progress.StatusDescription = $"{file}: {count} records";
                        progress.PercentComplete = expected > 0 ? (int)Math.Min(99, 100 * count / expected.Value) : -1;
                        WriteProgress(progress);
                    }

                    FlushWarnings();
                    if (!_query!.Matches(record.SourceName, record.Code, record.TimeGenerated))
                    {
                        continue;
                    }

                    var found = new SystemAttendantEvent(EvtFileEventLogReader.ToInfo(record, file));
                    if (newest == null)
                    {
                        WriteObject(found);
                        continue;
                    }

                    newest.Enqueue(found);
                    if (newest.Count > MaxEvents!.Value)
                    {
                        newest.Dequeue();
                    }
                }

                FlushWarnings();
                if (newest != null)
                {
                    WriteObject(newest.ToArray(), enumerateCollection: true);
                }
            }
            catch (Exception ex) when (EventLogFileErrors.Handles(ex))
            {
                WriteError(EventLogFileErrors.Record(ex, file));
            }
            finally
            {
                if (progressShown && !_stopping)
                {
                    progress.RecordType = ProgressRecordType.Completed;
                    WriteProgress(progress);
                }
            }
        }
    }
}
