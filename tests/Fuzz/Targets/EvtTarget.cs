using System;
using System.IO;
using MapiProfileTools.Core.EventLogFiles;
using MapiProfileTools.Core.Events;

namespace MapiProfileTools.Fuzz.Targets
{
    /// <summary>
    /// The legacy event log (.evt) reader, as Get-SystemAttendantEvent -Path reads a server's AppEvent.Evt:
    /// open, stream every record of the live window, turn each into the event the cmdlet writes.
    /// </summary>
    internal sealed class EvtTarget : FuzzTarget
    {
        // -All: every record is matched, so every one is also turned into an event.
        private static readonly EventQuery Query = new EventQuery("Application", "MSExchangeSA", Array.Empty<int>(), null, null, null, all: true);

        public override string Name => "evt";

        public override string Description => "EvtFile.Open on a .evt event log, every record read and converted";

        protected override void Run(byte[] data)
        {
            using EvtFile log = EvtFile.Open(new MemoryStream(data, writable: false), "fuzz.evt");
            GC.KeepAlive(log.IsDirty || log.IsWrapped);
            GC.KeepAlive(log.ExpectedRecordCount);
            foreach (EvtRecord record in log.ReadRecords())
            {
                if (Query.Matches(record.SourceName, record.Code, record.TimeGenerated))
                {
                    EventRecordInfo info = EvtFileEventLogReader.ToInfo(record, "fuzz.evt");
                    GC.KeepAlive(info);
                }

                GC.KeepAlive(record.LevelName + record.UserSid + string.Join("|", record.Strings));
            }

            GC.KeepAlive(log.Warnings.Count);
        }

        protected override bool IsDocumented(Exception exception) => exception is EvtFormatException;
    }
}
