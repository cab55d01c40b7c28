using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MapiProfileTools.Core.Events;
using MapiProfileTools.Core.Health;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.Processes;
using MapiProfileTools.Core.Services.Simulation;
using MapiProfileTools.Core.Tests.Hives;
using Xunit;

namespace MapiProfileTools.Core.Tests.Health
{
    /// <summary>
    /// The live collector names the culprit: the services of a hivex-written SYSTEM hive say which processes are
    /// Exchange's, a recorded set of thread tokens who impersonates whom, and a mingw-built Mapi32.dll is affected.
    /// </summary>
    public class SuspectCollectionTests
    {
        private const int SystemAttendantPid = 1800;
        private const int AgentPid = 2212;
        private const int FaxPid = 3100;

        [SkippableFact]
        public void TheReportNamesTheThirdPartyProcessThatImpersonatesAndNotTheSystemAttendant()
        {
            HealthCollection result = Collect(new Dictionary<int, ImpersonationReading>
            {
                [SystemAttendantPid] = Reading(@"CONTOSO\Administrator"),
                [AgentPid] = Reading(@"NT AUTHORITY\SYSTEM", @"CONTOSO\Administrator"),
                [FaxPid] = Reading(),
            });

            SuspectProcess suspect = Assert.Single(result.SuspectProcesses);
            Assert.Equal(AgentPid, suspect.ProcessId);
            Assert.Equal(new[] { @"CONTOSO\Administrator" }, suspect.ImpersonatedUsers);
            Assert.Contains(@"bkupagent (PID 2212, service BackupAgentSvc) loads mapi32-6.0.6447.9.x86.dll 6.0.6447.9 and impersonates CONTOSO\Administrator: this is the program KB 817375 describes.", result.Verdict.Recommendation);
            Assert.True(result.Inspections[SystemAttendantPid].IsExchange);
            Assert.False(result.Inspections[AgentPid].IsExchange);
            Assert.DoesNotContain(result.NotChecked, s => s.Contains("impersonate"));
        }

        [SkippableFact]
        public void WhereThreadsCannotBeReadTheThirdPartiesAreCandidatesAndTheReportSaysWhy()
        {
            HealthCollection result = Collect(new Dictionary<int, ImpersonationReading>());

            Assert.Equal(new[] { AgentPid, FaxPid }, result.SuspectProcesses.Select(s => s.ProcessId));
            Assert.All(result.SuspectProcesses, s => Assert.False(s.ImpersonationSeen));
            Assert.Contains(result.NotChecked, s => s.Contains("3 MAPI process(es)") && s.Contains("access to its threads' tokens is denied"));
        }

        private static ImpersonationReading Reading(params string[] accounts) =>
            new ImpersonationReading(accounts.Select((a, i) => new ImpersonatingThread(100 + i, a)).ToArray(), 8, 0, null);

        private static HealthCollection Collect(Dictionary<int, ImpersonationReading> tokens)
        {
            string oldDll = TestData.PeFixture("mapi32-6.0.6447.9.x86.dll");
            using RegfHive profiles = RegfHive.Open(HiveFixtures.Hive("default-profiles"));
            using RegfHive system = RegfHive.Open(HiveFixtures.Hive("system-services"));
            var processes = new Processes(oldDll,
                (SystemAttendantPid, "mad", @"C:\Program Files\Exchsrvr\bin\mad.exe", new[] { "MSExchangeSA" }),
                (AgentPid, "bkupagent", @"C:\Program Files\Contoso Backup\bkupagent.exe", new[] { "BackupAgentSvc" }),
                (FaxPid, "faxsvc", @"C:\Program Files\Fax\faxsvc.exe", new[] { "FaxSvc" }));
            var machine = new LocalMachine(
                "EX01",
                user => user == ".DEFAULT" ? profiles.Root : null,
                () => processes,
                SimulatedServiceControl.CreateExchangeServer,
                () => new NoEvents(),
                () => system.Root.OpenSubKey(@"ControlSet001\Services"),
                _ => DateTime.Now.AddHours(-1),
                () => new RecordedTokens(tokens));
            return new HealthEvidenceCollector(machine, new HealthCheckOptions()).CollectLive(CancellationToken.None);
        }

        private sealed class RecordedTokens : IImpersonationSource
        {
            private readonly Dictionary<int, ImpersonationReading> _tokens;

            public RecordedTokens(Dictionary<int, ImpersonationReading> tokens) => _tokens = tokens;

            public ImpersonationReading Read(int processId) =>
                _tokens.TryGetValue(processId, out ImpersonationReading? reading) ? reading : ImpersonationReading.Unreadable("access to its threads' tokens is denied");
        }

        private sealed class Processes : IProcessModuleSource
        {
            private readonly string _dll;
            private readonly (int Id, string Name, string Image, string[] Services)[] _processes;

            public Processes(string dll, params (int, string, string, string[])[] processes)
            {
                _dll = dll;
                _processes = processes;
            }

            public IReadOnlyList<ProcessEntry> ListProcesses() => _processes.Select(p => new ProcessEntry(p.Id, p.Name)).ToArray();

            public ProcessScanResult Scan(ProcessEntry process, ModuleNamePattern pattern)
            {
                var p = _processes.First(x => x.Id == process.Id);
                return ProcessScanResult.Matched(process, new[] { new LoadedModule("MAPI32.DLL", _dll) },
                    new ProcessDetails("x86", @"NT AUTHORITY\SYSTEM", null, null, p.Services, p.Image));
            }
        }

        private sealed class NoEvents : IEventLogReader
        {
            public IReadOnlyList<EventRecordInfo> Read(EventQuery query) => Array.Empty<EventRecordInfo>();
        }
    }
}
