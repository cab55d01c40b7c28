using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Health
{
    /// <summary>A process the suspect rule names: not Exchange's, with an affected Mapi32.dll loaded, and impersonating (or possibly so).</summary>
    public sealed class SuspectProcess
    {
        public SuspectProcess(int processId, string processName, IReadOnlyList<string> serviceNames, string modulePath, Version? fileVersion,
            IReadOnlyList<string>? impersonatedUsers, string? impersonationFailure, string description)
        {
            ProcessId = processId;
            ProcessName = processName;
            ServiceNames = serviceNames;
            ModulePath = modulePath;
            FileVersion = fileVersion;
            ImpersonatedUsers = impersonatedUsers;
            ImpersonationFailure = impersonationFailure;
            Description = description;
        }

        public int ProcessId { get; }

        public string ProcessName { get; }

        public IReadOnlyList<string> ServiceNames { get; }

        /// <summary>The affected Mapi32.dll it loaded (the oldest, when it loaded more than one).</summary>
        public string ModulePath { get; }

        public Version? FileVersion { get; }

        /// <summary>The accounts it was seen impersonating; null when impersonation could not be seen.</summary>
        public IReadOnlyList<string>? ImpersonatedUsers { get; }

        /// <summary>Seen impersonating: KB 817375's culprit, not merely a candidate.</summary>
        public bool ImpersonationSeen => ImpersonatedUsers != null && ImpersonatedUsers.Count > 0;

        /// <summary>Why impersonation could not be seen; null when it was.</summary>
        public string? ImpersonationFailure { get; }

        /// <summary>One sentence for the recommendation and the report.</summary>
        public string Description { get; }

        public override string ToString() => Description;
    }
}
