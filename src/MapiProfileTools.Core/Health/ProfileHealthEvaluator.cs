using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MapiProfileTools.Core.Health
{
    /// <summary>Turns evidence into a verdict. Pure: the same evidence always gives the same answer.</summary>
    public static class ProfileHealthEvaluator
    {
        private const string Hotfix = "install Mapi32.dll 6.0.6448.0 or later (the September 2003 Exchange 2000 post-SP3 rollup, KB 824282) so the profiles are not deleted again";

        public static HealthVerdict Evaluate(HealthEvidence evidence)
        {
            HealthVerdict verdict = EvaluateWithoutSuspects(evidence);
            IReadOnlyList<SuspectProcess> suspects = SuspectProcessRule.Find(evidence.Loaded, evidence.ServiceName);
            if (suspects.Count == 0)
            {
                return verdict;
            }

            // The recommendation names the culprit: the admin's next step is that program, not a guess.
            string named = string.Join(" ", suspects.Select(s => s.Description + "."));
            return new HealthVerdict(verdict.Status, verdict.NeedsRestart, verdict.NeedsHotfix, verdict.Recommendation + " " + named, suspects);
        }

        private static HealthVerdict EvaluateWithoutSuspects(HealthEvidence evidence)
        {
            var affectedLoaded = evidence.Loaded.Where(l => l.IsAffected == true).ToList();
            var culprits = affectedLoaded
                .Where(l => l.IsExchange != true && !l.ServiceNames.Any(s => string.Equals(s, evidence.ServiceName, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            bool needsHotfix = affectedLoaded.Count > 0 || evidence.AffectedFilesOnDisk > 0;
            string culpritText = string.Join(", ", culprits.Select(c => string.Format(CultureInfo.InvariantCulture, "{0} ({1}) with Mapi32.dll {2}", c.ProcessName, c.ProcessId, c.FileVersion)).Distinct());

            bool profilesGone = evidence.ProfileCount == 0;
            bool symptomSinceStart = evidence.ProfileCount == null && evidence.RecentEventCount > 0;
            if (profilesGone || symptomSinceStart)
            {
                string why = profilesGone
                    ? $"The Exchange profiles of the System Attendant are gone (KB 817375)"
                    : $"The System Attendant logged event 9202 {evidence.RecentEventCount} time(s) since it started (KB 817375)";
                string restart = $"restart {evidence.ServiceName} with its dependent services (Restart-SystemAttendant)";
                string rest = needsHotfix ? $", then {Hotfix}" : ", and find the MAPI program that impersonates another account (Get-MapiLoadedProcess)";
                return new HealthVerdict(ProfileHealthStatus.ProfilesMissing, true, needsHotfix, $"{why}: {restart}{rest}.");
            }

            if (culprits.Count > 0)
            {
                return new HealthVerdict(
                    ProfileHealthStatus.AtRisk,
                    false,
                    true,
                    $"The profiles are there, but {culpritText} can delete them when it impersonates another account: {Hotfix}.");
            }

            if (evidence.ProfileCount > 0)
            {
                string text = needsHotfix
                    ? $"The profiles are there and no other program has an affected Mapi32.dll loaded, but an affected copy exists: {Hotfix}."
                    : "The profiles are there and no affected Mapi32.dll is loaded: nothing to do.";
                if (evidence.RecentEventCount > 0)
                {
                    text += $" Event 9202 was logged {evidence.RecentEventCount} time(s) since {evidence.ServiceName} started; if Mailbox Management still fails, restart it.";
                }

                return new HealthVerdict(ProfileHealthStatus.Healthy, false, needsHotfix, text);
            }

            string missing = evidence.NotChecked.Count > 0 ? string.Join(" ", evidence.NotChecked) : "The profiles could not be read.";
            return new HealthVerdict(
                ProfileHealthStatus.Unknown,
                false,
                needsHotfix,
                $"Cannot tell whether the profiles are there. {missing} Point the check at a copy of the DEFAULT hive with -HivePath.");
        }
    }
}
