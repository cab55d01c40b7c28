using System;
using System.Linq;
using MapiProfileTools.Core.Events;

namespace MapiProfileTools
{
    /// <summary>
    /// An Application log entry of the System Attendant (MSExchangeSA), such as event 9202 — or, with -All,
    /// any entry — from the live event log or from a server's event log file (AppEvent.Evt).
    /// </summary>
    public sealed class SystemAttendantEvent
    {
        internal SystemAttendantEvent(EventRecordInfo record)
        {
            RecordNumber = record.RecordNumber;
            TimeCreated = record.TimeCreated;
            TimeWritten = record.TimeWritten;
            Id = record.Id;
            EventIdentifier = record.EventIdentifier;
            ProviderName = record.ProviderName;
            Level = record.Level;
            Category = record.Category;
            ComputerName = record.ComputerName;
            UserSid = record.UserSid;
            InsertionStrings = new ReadableList<string>(record.InsertionStrings);
            Data = new ReadableList<byte>(record.Data);
            // A log file has no message DLL beside it: the module's known texts or nothing, never an invented one.
            Message = record.Message ?? (record.Path != null ? string.Empty : null);
            Path = record.Path;
        }

        /// <summary>The record's number in its log; null when the live log does not say.</summary>
        public long? RecordNumber { get; }

        /// <summary>When the source reported the event, local time.</summary>
        public DateTime TimeCreated { get; }

        /// <summary>When the event log service wrote it, local time (log files; null live).</summary>
        public DateTime? TimeWritten { get; }

        /// <summary>The ID Event Viewer shows (the low 16 bits), e.g. 9202.</summary>
        public int Id { get; }

        /// <summary>The full 32-bit identifier with the severity and facility bits, e.g. 3221234674 (0xC00023F2) for 9202.</summary>
        public long EventIdentifier { get; }

        public string ProviderName { get; }

        public string Level { get; }

        /// <summary>The event category number (the source's category file names it; 9202 is logged under Mailbox Management).</summary>
        public int? Category { get; }

        public string? Message { get; }

        /// <summary>The computer the event was logged on, from the record.</summary>
        public string ComputerName { get; }

        /// <summary>The user's SID (S-1-...), or null.</summary>
        public string? UserSid { get; }

        public ReadableList<string> InsertionStrings { get; }

        /// <summary>The record's binary data; written as hex ("1D 01 04 80") by Export-Csv.</summary>
        public ReadableList<byte> Data { get; }

        /// <summary>The event log file the record was read from; null when live.</summary>
        public string? Path { get; }

        public override string ToString() => $"{TimeCreated:u} {ProviderName} {Id}";
    }
}
