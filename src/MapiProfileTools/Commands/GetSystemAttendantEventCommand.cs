using System;
using System.Management.Automation;
using MapiProfileTools.Core.Events;
using MapiProfileTools.Core.Health;

namespace MapiProfileTools.Commands
{
    /// <summary>
    /// Get-SystemAttendantEvent: the symptom of KB 817375, event 9202 "Failed to open default message
    /// store" from MSExchangeSA in the Application log. The filter runs in the event log service.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SystemAttendantEvent")]
    [OutputType(typeof(SystemAttendantEvent))]
    public sealed class GetSystemAttendantEventCommand : PSCmdlet
    {
        internal const string Provider = Kb817375.EventSource;
        internal const int ProfileFailureEventId = Kb817375.ProfileFailureEventId;

        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ValidateRange(0, 65535)]
        public int[] Id { get; set; } = { ProfileFailureEventId };

        [Parameter]
        public DateTime? After { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? MaxEvents { get; set; }

        protected override void EndProcessing()
        {
            IEventLogReader reader;
            try
            {
                reader = new WindowsEventLogReader();
            }
            catch (PlatformNotSupportedException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.PlatformNotSupported, ErrorCategory.NotImplemented, null));
                return;
            }

            try
            {
                foreach (EventRecordInfo record in reader.Read(new EventQuery("Application", Provider, Id, After, MaxEvents)))
                {
                    WriteObject(new SystemAttendantEvent(record));
                }
            }
            catch (EventLogReadException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.EventLogUnavailable, ex.IsAccessDenied ? ErrorCategory.PermissionDenied : ErrorCategory.ReadError, "Application"));
            }
        }
    }
}
