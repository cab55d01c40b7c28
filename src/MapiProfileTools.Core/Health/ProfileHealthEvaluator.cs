using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MapiProfileTools.Core.Health
{
    /// <summary>Turns evidence into a verdict. Pure: the same evidence always gives the same answer.</summary>
    public static class ProfileHealthEvaluator
    {
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
            string hotfix = HotfixText(evidence.ExchangeVersion);
            string culpritText = string.Join(", ", culprits.Select(c => string.Format(CultureInfo.InvariantCulture, "{0} ({1}) with Mapi32.dll {2}", c.ProcessName, c.ProcessId, c.FileVersion)).Distinct());

            bool profilesGone = evidence.ProfileCount == 0;
            bool symptomSinceStart = evidence.ProfileCount == null && evidence.RecentEventCount > 0;
            if (profilesGone || symptomSinceStart)
            {
                string when = evidence.IsOffline ? "in its event log file" : "since it started";
                string why = profilesGone
                    ? "The Exchange profiles of the System Attendant are gone (KB 817375)"
                    : $"The System Attendant logged event {Kb817375.ProfileFailureEventId} {evidence.RecentEventCount} time(s) {when} (KB 817375)";
                string where = evidence.IsOffline ? " on the server itself" : string.Empty;
                string restart = $"restart {evidence.ServiceName} with its dependent services{where} (Restart-SystemAttendant)";
                string rest = needsHotfix ? $", then {hotfix}" : ", and find the MAPI program that impersonates another account (Get-MapiLoadedProcess)";
                return new HealthVerdict(ProfileHealthStatus.ProfilesMissing, true, needsHotfix, $"{why}: {restart}{rest}.");
            }

            if (culprits.Count > 0)
            {
                return new HealthVerdict(
                    ProfileHealthStatus.AtRisk,
                    false,
                    true,
                    evidence.ProfileCount > 0
                        ? $"The profiles are there, but {culpritText} can delete them when it impersonates another account: {hotfix}."
                        : $"The profiles could not be checked, but {culpritText} can delete them when it impersonates another account: {hotfix}.");
            }

            if (evidence.ProfileCount > 0 && evidence.Unreadable.Count == 0)
            {
                string loadedText = evidence.IsOffline ? "no program's loaded modules can be seen in files" : "no other program has an affected Mapi32.dll loaded";
                string text = needsHotfix
                    ? $"The profiles are there and {loadedText}, but an affected copy exists: {hotfix}."
                    : evidence.IsOffline
                        ? "The profiles are there and no affected Mapi32.dll was found: nothing to do."
                        : "The profiles are there and no affected Mapi32.dll is loaded: nothing to do.";
                if (evidence.RecentEventCount > 0)
                {
                    string when = evidence.IsOffline ? "in the event log file" : $"since {evidence.ServiceName} started";
                    text += $" Event {Kb817375.ProfileFailureEventId} was logged {evidence.RecentEventCount} time(s) {when}; if Mailbox Management still fails, restart it.";
                }

                return new HealthVerdict(ProfileHealthStatus.Healthy, false, needsHotfix, text);
            }

            // Evidence that could not be read never adds up to a clean bill of health.
            // What failed to read says why best; else everything that was not checked (unreadable evidence is in both).
            string missing = evidence.Unreadable.Count > 0 ? string.Join(" ", evidence.Unreadable)
                : evidence.NotChecked.Count > 0 ? string.Join(" ", evidence.NotChecked)
                : "The profiles could not be read.";
            string lead = evidence.ProfileCount > 0
                ? "The profiles are there, but not all the evidence could be read, so the server cannot be called healthy."
                : "Cannot tell whether the profiles are there.";
            string next = evidence.ProfileCount > 0
                ? "Give readable copies of those files and check again."
                : evidence.IsOffline
                    ? "Check that the hive given is the server's own DEFAULT hive (%SystemRoot%\\system32\\config\\DEFAULT, with its .LOG) and that it is readable."
                    : "Point the check at a copy of the DEFAULT hive with -HivePath, or at the server's folder with -SystemRoot.";
            string hotfixText = needsHotfix ? $" Meanwhile, {hotfix}." : string.Empty;
            return new HealthVerdict(
                ProfileHealthStatus.Unknown,
                false,
                needsHotfix,
                $"{lead} {missing} {next}{hotfixText}");
        }

        /// <summary>The cure; on a server older than Exchange 2000 SP3, SP3 comes first (the fix requires it).</summary>
        private static string HotfixText(Version? exchangeVersion)
        {
            string fix = $"install Mapi32.dll {Kb817375.FixedMapiVersion} or later (the September 2003 Exchange 2000 post-SP3 rollup, {Kb817375.FixRollupArticle}) so the profiles are not deleted again";
            if (!Kb817375.IsBeforeSp3(exchangeVersion))
            {
                return fix;
            }

            string level = Kb817375.Exchange2000ServicePack(exchangeVersion) ?? "a build before SP3";
            return $"install Exchange 2000 SP3 first (the fix requires it; this server runs {exchangeVersion}, {level}), then {fix}";
        }
    }
}
