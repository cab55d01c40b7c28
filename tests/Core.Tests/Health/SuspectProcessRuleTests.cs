using System;
using System.Collections.Generic;
using System.Linq;
using MapiProfileTools.Core.Health;
using Xunit;

namespace MapiProfileTools.Core.Tests.Health
{
    /// <summary>The suspect rule over recorded evidence: Exchange vs third party, affected vs fixed, impersonation seen or not.</summary>
    public class SuspectProcessRuleTests
    {
        private static readonly Version Affected = new Version(6, 0, 6249, 0);
        private static readonly Version Fixed = new Version(6, 0, 6448, 0);

        private static LoadedDllEvidence Dll(int pid, string name, Version version, bool? isExchange, string[]? impersonated, string[]? services = null, string? failure = null) =>
            new LoadedDllEvidence(pid, name, services ?? Array.Empty<string>(), @"C:\Program Files\Contoso Backup\MAPI32.DLL", version, version < Fixed,
                isExchange, impersonated, failure);

        [Fact]
        public void NamesAThirdPartyProcessThatImpersonatesWithAnAffectedMapi32()
        {
            var suspects = SuspectProcessRule.Find(new[] { Dll(2212, "bkupagent", Affected, false, new[] { @"CONTOSO\Administrator" }, new[] { "BackupAgentSvc" }) }, "MSExchangeSA");

            SuspectProcess suspect = Assert.Single(suspects);
            Assert.True(suspect.ImpersonationSeen);
            Assert.Equal(@"bkupagent (PID 2212, service BackupAgentSvc) loads MAPI32.DLL 6.0.6249.0 and impersonates CONTOSO\Administrator: this is the program KB 817375 describes", suspect.Description);
        }

        [Fact]
        public void ExchangesOwnProcessesAreNeverSuspects()
        {
            var loaded = new[]
            {
                Dll(100, "mad", Affected, true, new[] { @"CONTOSO\Administrator" }, new[] { "MSExchangeSA" }),
                Dll(101, "store", Affected, true, new[] { @"CONTOSO\Someone" }),
                // Evidence from before IsExchange: hosting the SA still counts as Exchange's.
                Dll(102, "mad", Affected, null, new[] { @"CONTOSO\Administrator" }, new[] { "msexchangesa" }),
            };

            Assert.Empty(SuspectProcessRule.Find(loaded, "MSExchangeSA"));
        }

        [Fact]
        public void AFixedMapi32IsNoSuspectEvenWhenItImpersonates()
        {
            Assert.Empty(SuspectProcessRule.Find(new[] { Dll(7, "bkupagent", Fixed, false, new[] { @"CONTOSO\Administrator" }) }, "MSExchangeSA"));
        }

        [Fact]
        public void SeenNotImpersonatingIsNoSuspect()
        {
            Assert.Empty(SuspectProcessRule.Find(new[] { Dll(7, "faxsvc", Affected, false, Array.Empty<string>()) }, "MSExchangeSA"));
        }

        [Fact]
        public void WhereImpersonationCouldNotBeSeenTheCandidateIsMarkedAsSuch()
        {
            var suspects = SuspectProcessRule.Find(new[]
            {
                Dll(30, "faxsvc", Affected, false, null, failure: "access to its threads' tokens is denied"),
                Dll(20, "bkupagent", Affected, false, new[] { @"CONTOSO\Administrator" }),
            }, "MSExchangeSA");

            Assert.Equal(new[] { 20, 30 }, suspects.Select(s => s.ProcessId));
            SuspectProcess candidate = suspects[1];
            Assert.False(candidate.ImpersonationSeen);
            Assert.Null(candidate.ImpersonatedUsers);
            Assert.Equal("access to its threads' tokens is denied", candidate.ImpersonationFailure);
            Assert.Contains("could not be seen (access to its threads' tokens is denied): it may be the program KB 817375 describes", candidate.Description);
        }

        [Fact]
        public void AProcessWithTwoRowsIsNamedOnceWithItsOldestAffectedDll()
        {
            var suspects = SuspectProcessRule.Find(new[]
            {
                Dll(5, "agent", new Version(6, 0, 5762, 0), false, new[] { "X\\y" }),
                Dll(5, "agent", Affected, false, new[] { "X\\y" }),
                Dll(5, "agent", Fixed, false, new[] { "X\\y" }),
            }, "MSExchangeSA");

            Assert.Equal(new Version(6, 0, 5762, 0), Assert.Single(suspects).FileVersion);
        }

        [Fact]
        public void TheVerdictsRecommendationNamesTheCulprit()
        {
            var evidence = new HealthEvidence("MSExchangeSA", 2,
                new[] { Dll(2212, "bkupagent", Affected, false, new[] { @"CONTOSO\Administrator" }, new[] { "BackupAgentSvc" }) },
                0, 0, "Running", Array.Empty<string>());

            HealthVerdict verdict = ProfileHealthEvaluator.Evaluate(evidence);

            Assert.Equal(ProfileHealthStatus.AtRisk, verdict.Status);
            Assert.Contains(@"bkupagent (PID 2212, service BackupAgentSvc) loads MAPI32.DLL 6.0.6249.0 and impersonates CONTOSO\Administrator: this is the program KB 817375 describes.", verdict.Recommendation);
            Assert.Equal(2212, Assert.Single(verdict.Suspects).ProcessId);
        }

        [Fact]
        public void AnExchangeProcessWithAnAffectedDllIsNotCalledAThirdPartyRisk()
        {
            var evidence = new HealthEvidence("MSExchangeSA", 2,
                new[] { Dll(101, "store", Affected, true, Array.Empty<string>()) },
                0, 0, "Running", Array.Empty<string>());

            HealthVerdict verdict = ProfileHealthEvaluator.Evaluate(evidence);

            Assert.NotEqual(ProfileHealthStatus.AtRisk, verdict.Status);
            Assert.True(verdict.NeedsHotfix);
            Assert.Empty(verdict.Suspects);
        }
    }
}
