using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Health
{
    /// <summary>The answer: status, what to do, and one plain sentence for a person.</summary>
    public sealed class HealthVerdict
    {
        public HealthVerdict(ProfileHealthStatus status, bool needsRestart, bool needsHotfix, string recommendation, IReadOnlyList<SuspectProcess>? suspects = null)
        {
            Suspects = suspects ?? Array.Empty<SuspectProcess>();
            Status = status;
            NeedsRestart = needsRestart;
            NeedsHotfix = needsHotfix;
            Recommendation = recommendation;
        }

        public ProfileHealthStatus Status { get; }

        /// <summary>The profiles are gone: restarting the System Attendant with its dependents re-creates them.</summary>
        public bool NeedsRestart { get; }

        /// <summary>An affected Mapi32.dll was found: only a fixed build stops the profiles being deleted again.</summary>
        public bool NeedsHotfix { get; }

        public string Recommendation { get; }

        /// <summary>The processes <see cref="SuspectProcessRule"/> names, culprits seen impersonating first.</summary>
        public IReadOnlyList<SuspectProcess> Suspects { get; }
    }
}
