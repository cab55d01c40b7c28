using System;

namespace MapiProfileTools.Core.EventLogFiles
{
    /// <summary>The kind of an event (EVENTLOGRECORD's EventType), as Event Viewer shows it.</summary>
    public enum EvtEventType
    {
        Success = 0,
        Error = 1,
        Warning = 2,
        Information = 4,
        AuditSuccess = 8,
        AuditFailure = 16,
    }

    /// <summary>One event record of a legacy event log file (EVENTLOGRECORD), decoded.</summary>
    public sealed class EvtRecord
    {
        internal EvtRecord(
            long fileOffset,
            uint recordNumber,
            DateTime timeGenerated,
            DateTime timeWritten,
            uint eventId,
            ushort eventType,
            ushort eventCategory,
            string sourceName,
            string computerName,
            string? userSid,
            string[] strings,
            byte[] data)
        {
            FileOffset = fileOffset;
            RecordNumber = recordNumber;
            TimeGenerated = timeGenerated;
            TimeWritten = timeWritten;
            EventId = eventId;
            EventType = eventType;
            EventCategory = eventCategory;
            SourceName = sourceName;
            ComputerName = computerName;
            UserSid = userSid;
            Strings = strings;
            Data = data;
        }

        /// <summary>Where the record starts in the file (it may continue at offset 0x30 when it is split across the end).</summary>
        public long FileOffset { get; }

        public uint RecordNumber { get; }

        /// <summary>When the source reported the event, UTC.</summary>
        public DateTime TimeGenerated { get; }

        /// <summary>When the event log service wrote it, UTC.</summary>
        public DateTime TimeWritten { get; }

        /// <summary>The full 32-bit event identifier: severity and facility bits above the 16-bit code Event Viewer shows.</summary>
        public uint EventId { get; }

        /// <summary>The code Event Viewer shows as the event ID (the low 16 bits of <see cref="EventId"/>).</summary>
        public int Code => (int)(EventId & 0xFFFF);

        /// <summary>EVENTLOGRECORD's EventType: 1 error, 2 warning, 4 information, 8 audit success, 16 audit failure (see <see cref="EvtEventType"/>).</summary>
        public ushort EventType { get; }

        public ushort EventCategory { get; }

        public string SourceName { get; }

        public string ComputerName { get; }

        /// <summary>The user's SID in S-1-... form, or null when the record has none.</summary>
        public string? UserSid { get; }

        /// <summary>The insertion strings, in order (empty when none).</summary>
        public string[] Strings { get; }

        /// <summary>The binary data the source attached (empty when none).</summary>
        public byte[] Data { get; }

        /// <summary>Event Viewer's name for <see cref="EventType"/>: Error, Warning, Information, Audit Success, Audit Failure (0 reads as Information).</summary>
        public string LevelName
        {
            get
            {
                switch (EventType)
                {
                    case 1: return "Error";
                    case 2: return "Warning";
                    case 8: return "Audit Success";
                    case 16: return "Audit Failure";
                    default: return "Information";
                }
            }
        }
    }
}
