using System;
using MapiProfileTools.Core.Health;
using Xunit;

namespace MapiProfileTools.Core.Tests.Health
{
    public class ProfileHealthEvaluatorTests
    {
        private static readonly LoadedDllEvidence OldInBackupAgent =
            new LoadedDllEvidence(4242, "backupagent", new[] { "BackupAgentSvc" }, @"C:\Agent\mapi32.dll", new Version(6, 0, 6249, 0), true);

        private static readonly LoadedDllEvidence OldInSystemAttendant =
            new LoadedDllEvidence(1200, "mad", new[] { "MSExchangeSA" }, @"C:\WINNT\system32\mapi32.dll", new Version(6, 0, 6249, 0), true);

        private static readonly LoadedDllEvidence FixedInBackupAgent =
            new LoadedDllEvidence(4242, "backupagent", new[] { "BackupAgentSvc" }, @"C:\Agent\mapi32.dll", new Version(6, 0, 6448, 0), false);

        private static HealthEvidence Evidence(int? profiles, int? events = 0, int onDisk = 0, params LoadedDllEvidence[] loaded) =>
            new HealthEvidence("MSExchangeSA", profiles, loaded, onDisk, events, "Running", profiles == null ? new[] { "The live registry is only available on Windows." } : Array.Empty<string>());

        [Fact]
        public void ProfilesGoneNeedsARestartAndTheHotfixWhenAnOldDllIsLoaded()
        {
            HealthVerdict verdict = ProfileHealthEvaluator.Evaluate(Evidence(0, 3, 0, OldInBackupAgent));

            Assert.Equal(ProfileHealthStatus.ProfilesMissing, verdict.Status);
            Assert.True(verdict.NeedsRestart);
            Assert.True(verdict.NeedsHotfix);
            Assert.Contains("Restart-SystemAttendant", verdict.Recommendation);
            Assert.Contains("6.0.6448.0", verdict.Recommendation);
        }

        [Fact]
        public void EventsSinceStartCountAsMissingProfilesWhenTheRegistryCouldNotBeRead()
        {
            HealthVerdict verdict = ProfileHealthEvaluator.Evaluate(Evidence(null, 2));

            Assert.Equal(ProfileHealthStatus.ProfilesMissing, verdict.Status);
            Assert.True(verdict.NeedsRestart);
            Assert.Contains("9202 2 time(s)", verdict.Recommendation);
        }

        [Fact]
        public void AnOldDllInAnotherProgramPutsHealthyProfilesAtRisk()
        {
            HealthVerdict verdict = ProfileHealthEvaluator.Evaluate(Evidence(2, 0, 0, OldInBackupAgent, OldInSystemAttendant));

            Assert.Equal(ProfileHealthStatus.AtRisk, verdict.Status);
            Assert.False(verdict.NeedsRestart);
            Assert.True(verdict.NeedsHotfix);
            Assert.Contains("backupagent (4242) with Mapi32.dll 6.0.6249.0", verdict.Recommendation);
            Assert.DoesNotContain("mad", verdict.Recommendation);
        }

        [Fact]
        public void TheSystemAttendantsOwnOldDllIsNoRiskToItsProfilesButStillWantsTheHotfix()
        {
            HealthVerdict verdict = ProfileHealthEvaluator.Evaluate(Evidence(1, 0, 0, OldInSystemAttendant));

            Assert.Equal(ProfileHealthStatus.Healthy, verdict.Status);
            Assert.True(verdict.NeedsHotfix);
        }

        [Fact]
        public void FixedBuildsAndProfilesPresentAreHealthy()
        {
            HealthVerdict verdict = ProfileHealthEvaluator.Evaluate(Evidence(1, 0, 0, FixedInBackupAgent));

            Assert.Equal(ProfileHealthStatus.Healthy, verdict.Status);
            Assert.False(verdict.NeedsRestart);
            Assert.False(verdict.NeedsHotfix);
            Assert.Contains("nothing to do", verdict.Recommendation);
        }

        [Fact]
        public void NoProfileEvidenceIsUnknownAndSaysWhatWasMissing()
        {
            HealthVerdict verdict = ProfileHealthEvaluator.Evaluate(Evidence(null, null, 1, FixedInBackupAgent));

            Assert.Equal(ProfileHealthStatus.Unknown, verdict.Status);
            Assert.False(verdict.NeedsRestart);
            Assert.True(verdict.NeedsHotfix);
            Assert.Contains("only available on Windows", verdict.Recommendation);
            Assert.Contains("-HivePath", verdict.Recommendation);
        }
    }
}
