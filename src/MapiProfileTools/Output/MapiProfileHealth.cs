using MapiProfileTools.Core.Health;

namespace MapiProfileTools
{
    /// <summary>One report per computer: is it in the KB 817375 state, and what should be done.</summary>
    public sealed class MapiProfileHealth
    {
        internal MapiProfileHealth(
            string computerName,
            HealthVerdict verdict,
            int? profileCount,
            string? profileSource,
            MapiLoadedProcess[] loadingProcesses,
            MapiDllVersion[] affectedDlls,
            int? recentEventCount,
            string? serviceName,
            string? serviceStatus,
            object[] findings,
            string[] notChecked)
        {
            ComputerName = computerName;
            Status = verdict.Status.ToString();
            ProfileCount = profileCount;
            ProfileSource = profileSource;
            LoadingProcesses = new ReadableList<MapiLoadedProcess>(loadingProcesses);
            AffectedDlls = new ReadableList<MapiDllVersion>(affectedDlls);
            RecentEventCount = recentEventCount;
            ServiceName = serviceName;
            ServiceStatus = serviceStatus;
            NeedsRestart = verdict.NeedsRestart;
            NeedsHotfix = verdict.NeedsHotfix;
            Recommendation = verdict.Recommendation;
            Findings = new ReadableList<object>(findings);
            NotChecked = new ReadableList<string>(notChecked);
        }

        public string ComputerName { get; }

        /// <summary>Healthy, ProfilesMissing, AtRisk or Unknown.</summary>
        public string Status { get; }

        /// <summary>Profiles in the System Attendant's hive; null when they could not be read.</summary>
        public int? ProfileCount { get; }

        /// <summary>Where the profiles were read: HKEY_USERS\.DEFAULT or a hive file.</summary>
        public string? ProfileSource { get; }

        /// <summary>The processes that have Mapi32.dll loaded (Get-MapiLoadedProcess).</summary>
        public ReadableList<MapiLoadedProcess> LoadingProcesses { get; }

        /// <summary>The loaded or named Mapi32.dll files older than the minimum version (Test-MapiDllVersion).</summary>
        public ReadableList<MapiDllVersion> AffectedDlls { get; }

        /// <summary>Event 9202 since the System Attendant last started; null when the log could not be read.</summary>
        public int? RecentEventCount { get; }

        /// <summary>The service checked; binds to Restart-SystemAttendant -Name.</summary>
        public string? ServiceName { get; }

        /// <summary>Running, Stopped, NotInstalled, …; null when it could not be read.</summary>
        public string? ServiceStatus { get; }

        /// <summary>The profiles are gone: Restart-SystemAttendant re-creates them.</summary>
        public bool NeedsRestart { get; }

        /// <summary>An affected Mapi32.dll was found: a fixed build is the cure.</summary>
        public bool NeedsHotfix { get; }

        public string Recommendation { get; }

        /// <summary>The evidence objects: profiles, loading processes, DLL versions and events.</summary>
        public ReadableList<object> Findings { get; }

        /// <summary>What could not be checked, and why.</summary>
        public ReadableList<string> NotChecked { get; }

        public override string ToString() => $"{ComputerName}: {Status}";
    }
}
