using System;
using CoreRecord = MapiProfileTools.Core.Services.ServiceRestartRecord;

namespace MapiProfileTools
{
    /// <summary>What Restart-SystemAttendant did to one service (-PassThru).</summary>
    public sealed class ServiceRestartRecord
    {
        internal ServiceRestartRecord(CoreRecord record)
        {
            Name = record.Name;
            DisplayName = record.DisplayName;
            Role = record.Role.ToString();
            StatusBefore = record.StatusBefore.ToString();
            StatusAfter = record.StatusAfter.ToString();
            Duration = record.Duration.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
            Error = record.Error;
        }

        public string Name { get; }

        public string DisplayName { get; }

        /// <summary>Target (the System Attendant) or Dependent.</summary>
        public string Role { get; }

        public string StatusBefore { get; }

        public string StatusAfter { get; }

        /// <summary>
        /// Time spent stopping and starting this service, as TimeSpan text ("00:00:41.2000000") so that CSV and
        /// JSON show it as written; [TimeSpan] turns it back into a TimeSpan.
        /// </summary>
        public string Duration { get; }

        /// <summary>What went wrong with this service, or null.</summary>
        public string? Error { get; }

        public override string ToString() => $"{Name}: {StatusBefore} -> {StatusAfter}";
    }
}
