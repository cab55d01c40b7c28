using System;
using System.Linq;
using MapiProfileTools.Core.Health;
using MapiProfileTools.Core.Processes;

namespace MapiProfileTools
{
    /// <summary>One report per server: is it in the KB 817375 state, and what should be done.</summary>
    public sealed class MapiProfileHealth
    {
        private MapiProfileHealth(HealthCollection collection, MapiLoadedProcess[] loadingProcesses, MapiDllVersion[] affectedDlls, object[] findings)
        {
            HealthVerdict verdict = collection.Verdict;
            ComputerName = collection.ComputerName;
            Status = verdict.Status.ToString();
            Source = new ReadableList<string>(collection.Sources);
            IsOffline = collection.IsOffline;
            ProfileCount = collection.ProfileCount;
            ProfileSource = collection.ProfileSource;
            LoadingProcesses = new ReadableList<MapiLoadedProcess>(loadingProcesses);
            AffectedDlls = new ReadableList<MapiDllVersion>(affectedDlls);
            RecentEventCount = collection.RecentEventCount;
            LastEventTime = collection.LastEventTime;
            ServiceName = collection.ServiceName;
            ServiceStatus = collection.ServiceStatus;
            DependentServices = collection.DependentServices == null ? null : new ReadableList<string>(collection.DependentServices);
            ExchangeVersion = collection.ExchangeVersion?.ToString();
            ExchangeServicePack = collection.ExchangeServicePack;
            NeedsRestart = verdict.NeedsRestart;
            NeedsHotfix = verdict.NeedsHotfix;
            Recommendation = verdict.Recommendation;
            Findings = new ReadableList<object>(findings);
            NotChecked = new ReadableList<string>(collection.NotChecked);
            SuspectProcesses = new ReadableList<SuspectProcess>(collection.SuspectProcesses);
        }

        /// <summary>The report of a collection, with its evidence as the sibling cmdlets' objects.</summary>
        internal static MapiProfileHealth From(HealthCollection collection, Version minimumVersion)
        {
            string source = collection.ProfileSource ?? string.Empty;
            // Offline, the profiles are the server's: its name from its files, never this computer's.
            var profiles = collection.Profiles.Select(p => (object)new MessagingProfile(p, source, collection.ComputerName));
            var loading = collection.LoadingProcesses.SelectMany(p =>
            {
                collection.Inspections.TryGetValue(p.Process.Id, out ProcessInspection? inspection);
                return MapiLoadedProcess.FromScan(p, inspection);
            }).ToArray();
            var versions = collection.DllVersions.Select(v => MapiDllVersion.FromVersionInfo(v.Path, v.Info, minimumVersion, v.ProcessId)).ToList();
            var events = collection.Events.Select(e => (object)new SystemAttendantEvent(e));
            var findings = profiles.Concat(loading).Concat(versions).Concat(events).ToArray();
            return new MapiProfileHealth(collection, loading, versions.Where(v => v.IsAffected).ToArray(), findings);
        }

        /// <summary>The server the report is about: this computer live; offline, the name in its files (null when they do not say).</summary>
        public string? ComputerName { get; }

        /// <summary>Healthy, ProfilesMissing, AtRisk or Unknown.</summary>
        public string Status { get; }

        /// <summary>"Live", or the evidence files the report was made from.</summary>
        public ReadableList<string> Source { get; }

        /// <summary>Made from a server's files: nothing of this computer was read, and Restart-SystemAttendant refuses it.</summary>
        public bool IsOffline { get; }

        /// <summary>Profiles in the System Attendant's hive; null when they could not be read.</summary>
        public int? ProfileCount { get; }

        /// <summary>Where the profiles were read: HKEY_USERS\.DEFAULT or a hive file.</summary>
        public string? ProfileSource { get; }

        /// <summary>The processes that have Mapi32.dll loaded (Get-MapiLoadedProcess); live only.</summary>
        public ReadableList<MapiLoadedProcess> LoadingProcesses { get; }

        /// <summary>The loaded or named Mapi32.dll files older than the minimum version (Test-MapiDllVersion).</summary>
        public ReadableList<MapiDllVersion> AffectedDlls { get; }

        /// <summary>Event 9202 since the System Attendant last started (live) or in the event log file (offline); null when unread.</summary>
        public int? RecentEventCount { get; }

        /// <summary>When the System Attendant last logged event 9202; null when never, or unread.</summary>
        public DateTime? LastEventTime { get; }

        /// <summary>The service checked; binds to Restart-SystemAttendant -Name.</summary>
        public string? ServiceName { get; }

        /// <summary>Running, Stopped, NotInstalled, …; null when it could not be read (always offline, but NotInstalled).</summary>
        public string? ServiceStatus { get; }

        /// <summary>Every service that depends on the System Attendant, directly or through another: what a restart takes down.</summary>
        public ReadableList<string>? DependentServices { get; }

        /// <summary>The file version of the System Attendant's image (mad.exe) as text ("6.0.6249.0"); null when it was not found.</summary>
        public string? ExchangeVersion { get; }

        /// <summary>RTM, SP1, SP2 or SP3 (or "... with later updates") for a known Exchange 2000 build.</summary>
        public string? ExchangeServicePack { get; }

        /// <summary>The profiles are gone: Restart-SystemAttendant re-creates them.</summary>
        public bool NeedsRestart { get; }

        /// <summary>An affected Mapi32.dll was found: a fixed build is the cure.</summary>
        public bool NeedsHotfix { get; }

        public string Recommendation { get; }

        /// <summary>The evidence objects: profiles, loading processes, DLL versions and events.</summary>
        public ReadableList<object> Findings { get; }

        /// <summary>What could not be checked, and why.</summary>
        public ReadableList<string> NotChecked { get; }

        /// <summary>The programs KB 817375 describes: not Exchange's, an affected Mapi32.dll loaded, impersonating (or not seen).</summary>
        public ReadableList<SuspectProcess> SuspectProcesses { get; }

        public override string ToString() => $"{ComputerName}: {Status}";
    }
}
