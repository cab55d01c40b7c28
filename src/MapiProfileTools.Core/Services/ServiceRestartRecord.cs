using System;

namespace MapiProfileTools.Core.Services
{
    /// <summary>What a restart did to one service: the -PassThru row of Restart-SystemAttendant.</summary>
    public sealed class ServiceRestartRecord
    {
        public ServiceRestartRecord(
            string name,
            string displayName,
            ServiceRestartRole role,
            ServiceState statusBefore,
            ServiceState statusAfter,
            TimeSpan duration,
            string? error)
        {
            Name = name;
            DisplayName = displayName;
            Role = role;
            StatusBefore = statusBefore;
            StatusAfter = statusAfter;
            Duration = duration;
            Error = error;
        }

        public string Name { get; }

        public string DisplayName { get; }

        public ServiceRestartRole Role { get; }

        /// <summary>The state when the plan was made.</summary>
        public ServiceState StatusBefore { get; }

        /// <summary>The state queried once more at the very end of the restart (Unknown when it could not be queried).</summary>
        public ServiceState StatusAfter { get; }

        /// <summary>Time spent stopping and starting this service (its waits, including any recovery).</summary>
        public TimeSpan Duration { get; }

        /// <summary>What went wrong with this service, null when nothing did; several problems are joined with "; ".</summary>
        public string? Error { get; }

        public override string ToString() => $"{Name}: {StatusBefore} -> {StatusAfter}" + (Error == null ? string.Empty : $" ({Error})");
    }
}
