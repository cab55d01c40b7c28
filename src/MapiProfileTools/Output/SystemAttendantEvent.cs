using System;
using MapiProfileTools.Core.Events;

namespace MapiProfileTools
{
    /// <summary>An Application log entry of the System Attendant (MSExchangeSA), such as event 9202.</summary>
    public sealed class SystemAttendantEvent
    {
        internal SystemAttendantEvent(EventRecordInfo record)
        {
            TimeCreated = record.TimeCreated;
            Id = record.Id;
            ProviderName = record.ProviderName;
            Level = record.Level;
            Message = record.Message;
            ComputerName = record.ComputerName;
        }

        public DateTime TimeCreated { get; }

        public int Id { get; }

        public string ProviderName { get; }

        public string Level { get; }

        public string? Message { get; }

        public string ComputerName { get; }

        public override string ToString() => $"{TimeCreated:u} {ProviderName} {Id}";
    }
}
