using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Events
{
    /// <summary>One event log entry, as much as the diagnosis needs, from the live log or a log file.</summary>
    public sealed class EventRecordInfo
    {
        public EventRecordInfo(DateTime timeCreated, int id, string providerName, string level, string? message, string computerName)
            : this(timeCreated, id, providerName, level, message, computerName, recordNumber: null)
        {
        }

        public EventRecordInfo(
            DateTime timeCreated,
            int id,
            string providerName,
            string level,
            string? message,
            string computerName,
            long? recordNumber,
            DateTime? timeWritten = null,
            long? eventIdentifier = null,
            int? category = null,
            string? userSid = null,
            IReadOnlyList<string>? insertionStrings = null,
            byte[]? data = null,
            string? path = null)
        {
            TimeCreated = timeCreated;
            Id = id;
            ProviderName = providerName;
            Level = level;
            Message = message;
            ComputerName = computerName;
            RecordNumber = recordNumber;
            TimeWritten = timeWritten;
            EventIdentifier = eventIdentifier ?? id;
            Category = category;
            UserSid = userSid;
            InsertionStrings = insertionStrings ?? Array.Empty<string>();
            Data = data;
            Path = path;
        }

        /// <summary>Local time.</summary>
        public DateTime TimeCreated { get; }

        /// <summary>The ID Event Viewer shows: the low 16 bits of <see cref="EventIdentifier"/>.</summary>
        public int Id { get; }

        public string ProviderName { get; }

        /// <summary>Critical, Error, Warning, Information or Verbose (live); Error, Warning, Information, Audit Success or Audit Failure (a log file).</summary>
        public string Level { get; }

        /// <summary>The formatted message, or the event's data strings when the provider's messages are not installed.</summary>
        public string? Message { get; }

        public string ComputerName { get; }

        /// <summary>The record's number in its log; null when the source does not say.</summary>
        public long? RecordNumber { get; }

        /// <summary>When the event log service wrote the record, local time; null when the source does not say (the live log).</summary>
        public DateTime? TimeWritten { get; }

        /// <summary>The full 32-bit identifier with the severity and facility bits (MSExchangeSA's 9202 is 0xC00023F2); <see cref="Id"/> when the qualifiers are unknown.</summary>
        public long EventIdentifier { get; }

        /// <summary>The event category (a number the source's category file names); null when the source does not say.</summary>
        public int? Category { get; }

        /// <summary>The user's SID as S-1-..., or null.</summary>
        public string? UserSid { get; }

        /// <summary>The insertion strings, in order.</summary>
        public IReadOnlyList<string> InsertionStrings { get; }

        /// <summary>The binary data attached to the event, or null when none.</summary>
        public byte[]? Data { get; }

        /// <summary>The log file the record was read from; null for the live log.</summary>
        public string? Path { get; }
    }
}
