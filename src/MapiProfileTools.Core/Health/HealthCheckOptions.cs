using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Health
{
    /// <summary>What a health check looks for; the defaults are KB 817375's.</summary>
    public sealed class HealthCheckOptions
    {
        /// <summary>The System Attendant's service name.</summary>
        public string ServiceName { get; set; } = Kb817375.SystemAttendantService;

        /// <summary>Mapi32.dll builds older than this are affected.</summary>
        public Version MinimumVersion { get; set; } = Kb817375.FixedMapiVersion;

        /// <summary>Live: the module names (wildcards) the process scan looks for.</summary>
        public IReadOnlyList<string> ModuleNames { get; set; } = new[] { Kb817375.MapiModuleName };

        /// <summary>Live: the HKEY_USERS hive with the System Attendant's profiles.</summary>
        public string User { get; set; } = ".DEFAULT";

        /// <summary>Called on the caller's thread as each step starts: what is being done, and the percent done.</summary>
        public Action<string, int>? Progress { get; set; }
    }
}
