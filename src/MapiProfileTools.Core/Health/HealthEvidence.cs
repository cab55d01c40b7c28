using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Health
{
    /// <summary>One loaded module with what its version check found.</summary>
    public sealed class LoadedDllEvidence
    {
        public LoadedDllEvidence(int processId, string processName, IReadOnlyList<string> serviceNames, string modulePath, Version? fileVersion, bool? isAffected,
            bool? isExchange = null, IReadOnlyList<string>? impersonatedUsers = null, string? impersonationFailure = null)
        {
            IsExchange = isExchange;
            ImpersonatedUsers = impersonatedUsers;
            ImpersonationFailure = impersonationFailure;
            ProcessId = processId;
            ProcessName = processName;
            ServiceNames = serviceNames;
            ModulePath = modulePath;
            FileVersion = fileVersion;
            IsAffected = isAffected;
        }

        public int ProcessId { get; }

        public string ProcessName { get; }

        public IReadOnlyList<string> ServiceNames { get; }

        public string ModulePath { get; }

        /// <summary>Null when the file's version could not be read.</summary>
        public Version? FileVersion { get; }

        public bool? IsAffected { get; }

        /// <summary>The process is Exchange's own (Get-MapiLoadedProcess IsExchange); null when not worked out.</summary>
        public bool? IsExchange { get; }

        /// <summary>Accounts its threads impersonate, other than its own; null when that could not be seen.</summary>
        public IReadOnlyList<string>? ImpersonatedUsers { get; }

        /// <summary>Why impersonation could not be seen (no elevation, not Windows); null when it was read.</summary>
        public string? ImpersonationFailure { get; }
    }

    /// <summary>Everything the verdict rests on; a null means "could not be checked" (see <see cref="NotChecked"/>).</summary>
    public sealed class HealthEvidence
    {
        public HealthEvidence(
            string serviceName,
            int? profileCount,
            IReadOnlyList<LoadedDllEvidence> loaded,
            int affectedFilesOnDisk,
            int? recentEventCount,
            string? serviceStatus,
            IReadOnlyList<string> notChecked,
            bool isOffline = false,
            IReadOnlyList<string>? unreadable = null,
            Version? exchangeVersion = null)
        {
            ServiceName = serviceName;
            ProfileCount = profileCount;
            Loaded = loaded;
            AffectedFilesOnDisk = affectedFilesOnDisk;
            RecentEventCount = recentEventCount;
            ServiceStatus = serviceStatus;
            NotChecked = notChecked;
            IsOffline = isOffline;
            Unreadable = unreadable ?? Array.Empty<string>();
            ExchangeVersion = exchangeVersion;
        }

        /// <summary>The System Attendant's service name (MSExchangeSA).</summary>
        public string ServiceName { get; }

        /// <summary>Profiles in the Windows Messaging Subsystem store of the SA's hive; null when unread.</summary>
        public int? ProfileCount { get; }

        public IReadOnlyList<LoadedDllEvidence> Loaded { get; }

        /// <summary>Affected files named with -DllPath (not necessarily loaded).</summary>
        public int AffectedFilesOnDisk { get; }

        /// <summary>
        /// Event 9202 since the System Attendant last started (live), or in the event log file (offline);
        /// null when unread.
        /// </summary>
        public int? RecentEventCount { get; }

        /// <summary>Running, Stopped, NotInstalled, …; null when unread.</summary>
        public string? ServiceStatus { get; }

        /// <summary>What could not be checked and why, one sentence each.</summary>
        public IReadOnlyList<string> NotChecked { get; }

        /// <summary>The evidence came from a server's files, not from this machine.</summary>
        public bool IsOffline { get; }

        /// <summary>
        /// Evidence that was given or found but could not be read (a named DLL that is no PE file, a damaged
        /// hive), one sentence each, also listed in NotChecked: with any of it the verdict is never Healthy.
        /// </summary>
        public IReadOnlyList<string> Unreadable { get; }

        /// <summary>The file version of the System Attendant's image (mad.exe); null when unknown.</summary>
        public Version? ExchangeVersion { get; }
    }
}
