using System;
using System.Collections.Generic;
using System.Linq;
using MapiProfileTools.Core.Events;

namespace MapiProfileTools.Core.EventLogFiles
{
    /// <summary>
    /// The <see cref="IEventLogReader"/> seam answered from a legacy event log file (a server's AppEvent.Evt),
    /// on any platform. The file is streamed: only the matching events are kept, at most
    /// <see cref="EventQuery.MaxEvents"/> of them when that is set.
    /// </summary>
    public sealed class EvtFileEventLogReader : IEventLogReader
    {
        private readonly string _path;
        private readonly List<string> _warnings = new List<string>();

        public EvtFileEventLogReader(string path)
        {
            _path = path ?? throw new ArgumentNullException(nameof(path));
        }

        /// <summary>The damage read past in the last <see cref="Read"/> (see <see cref="EvtFile.Warnings"/>).</summary>
        public IReadOnlyList<string> Warnings => _warnings;

        /// <summary>Matching events, newest first, at most <see cref="EventQuery.MaxEvents"/>.</summary>
        /// <exception cref="EvtFormatException">The file is not an event log or is damaged before its first record.</exception>
        /// <exception cref="System.IO.IOException">The file cannot be read.</exception>
        /// <exception cref="UnauthorizedAccessException">Access to the file is denied.</exception>
        public IReadOnlyList<EventRecordInfo> Read(EventQuery query)
        {
            _warnings.Clear();
            var kept = new Queue<EventRecordInfo>();
            using (EvtFile file = EvtFile.Open(_path))
            {
                foreach (EvtRecord record in file.ReadRecords())
                {
                    if (!query.Matches(record.SourceName, record.Code, record.TimeGenerated))
                    {
                        continue;
                    }

                    kept.Enqueue(ToInfo(record, _path));
                    if (query.MaxEvents != null && kept.Count > query.MaxEvents.Value)
                    {
                        kept.Dequeue();
                    }
                }

                _warnings.AddRange(file.Warnings);
            }

            return kept.Reverse().ToList();
        }

        /// <summary>The seam's view of a record: local times, Event Viewer's level name, the known message text or none.</summary>
        public static EventRecordInfo ToInfo(EvtRecord record, string path) =>
            new EventRecordInfo(
                record.TimeGenerated.ToLocalTime(),
                record.Code,
                record.SourceName,
                record.LevelName,
                KnownEventMessages.Find(record.SourceName, record.Code),
                record.ComputerName,
                record.RecordNumber,
                record.TimeWritten.ToLocalTime(),
                record.EventId,
                record.EventCategory,
                record.UserSid,
                record.Strings,
                record.Data,
                path);
    }
}
