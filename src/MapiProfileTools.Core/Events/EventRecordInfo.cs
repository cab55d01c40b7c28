using System;

namespace MapiProfileTools.Core.Events
{
    /// <summary>One event log entry, as much as the diagnosis needs.</summary>
    public sealed class EventRecordInfo
    {
        public EventRecordInfo(DateTime timeCreated, int id, string providerName, string level, string? message, string computerName)
        {
            TimeCreated = timeCreated;
            Id = id;
            ProviderName = providerName;
            Level = level;
            Message = message;
            ComputerName = computerName;
        }

        /// <summary>Local time.</summary>
        public DateTime TimeCreated { get; }

        public int Id { get; }

        public string ProviderName { get; }

        /// <summary>Critical, Error, Warning, Information or Verbose.</summary>
        public string Level { get; }

        /// <summary>The formatted message, or the event's data strings when the provider's messages are not installed.</summary>
        public string? Message { get; }

        public string ComputerName { get; }
    }
}
