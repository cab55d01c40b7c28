using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using MapiProfileTools.Core.Events;
using MapiProfileTools.Core.Health;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.Processes;
using MapiProfileTools.Core.Registry;
using MapiProfileTools.Core.Services;
using MapiProfileTools.Core.Services.Simulation;
using MapiProfileTools.Core.Tests.Hives;
using Xunit;

namespace MapiProfileTools.Core.Tests.Health
{
    /// <summary>
    /// The evidence collector on real evidence files (hives by hivex, PE files by mingw) with fakes and the
    /// service simulator for this machine's seams: offline, a machine whose every seam throws when touched.
    /// </summary>
    public sealed class HealthEvidenceCollectorTests : IDisposable
    {
        private readonly string _work = Path.Combine(Path.GetTempPath(), "mapi-collector-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_work))
            {
                Directory.Delete(_work, recursive: true);
            }
        }

        /// <summary>This machine, as an offline collection must never see it: any use fails the test.</summary>
        private static LocalMachine Untouchable() => new LocalMachine(
            "LOCALBOX",
            _ => throw new InvalidOperationException("offline collection opened this machine's registry"),
            () => throw new InvalidOperationException("offline collection scanned this machine's processes"),
            () => throw new InvalidOperationException("offline collection asked this machine's service control manager"),
            () => throw new InvalidOperationException("offline collection read this machine's event log"),
            () => throw new InvalidOperationException("offline collection opened this machine's services key"),
            _ => throw new InvalidOperationException("offline collection read a local process"));

        private static EventRecordInfo Event9202(DateTime time, string computer) =>
            new EventRecordInfo(time, Kb817375.ProfileFailureEventId, Kb817375.EventSource, "Error", "Failed to open default message store.", computer);

        /// <summary>A server's WINNT folder with the names in the letter case real servers have them.</summary>
        private string ServerTree(string defaultHive = "emptied-profiles")
        {
            string drive = Path.Combine(_work, "disk");
            string root = Path.Combine(drive, "WINNT");
            string config = Directory.CreateDirectory(Path.Combine(root, "System32", "CONFIG")).FullName;
            File.Copy(HiveFixtures.Hive(defaultHive), Path.Combine(config, "default"));
            File.Copy(HiveFixtures.Hive("server-system"), Path.Combine(config, "system"));
            File.WriteAllText(Path.Combine(config, "AppEvent.Evt"), "read by the fake reader");
            File.Copy(TestData.PeFixture("mapi32-6.0.6447.9.x86.dll"), Path.Combine(root, "System32", "MAPI32.DLL"));
            string bin = Directory.CreateDirectory(Path.Combine(drive, "Program Files", "Exchsrvr", "BIN")).FullName;
            File.Copy(TestData.PeFixture("mad-6.0.5762.0.x86.dll"), Path.Combine(bin, "MAD.EXE"));
            return root;
        }

        private static HealthEvidenceCollector Collector(LocalMachine machine) => new HealthEvidenceCollector(machine, new HealthCheckOptions());

        [SkippableFact]
        public void OfflineFromASystemRootReadsTheServerAndNothingOfThisMachine()
        {
            string root = ServerTree();
            var reader = new FakeEventLog(Event9202(new DateTime(2003, 9, 1, 4, 0, 0), "EX2000"), Event9202(new DateTime(2003, 9, 2, 4, 0, 0), "EX2000"));
            OfflineEvidence evidence = OfflineEvidence.FromSystemRoot(new ServerFolder(root));
            evidence.OpenEventLog = path =>
            {
                reader.OpenedPath = path;
                return reader;
            };

            HealthCollection result = Collector(Untouchable()).CollectOffline(evidence, CancellationToken.None);

            Assert.True(result.IsOffline);
            Assert.Equal("EX2000", result.ComputerName);   // ControlSet002, the one Select\Current names
            Assert.Equal(0, result.ProfileCount);
            Assert.Equal(2, result.RecentEventCount);
            Assert.Equal(new DateTime(2003, 9, 2, 4, 0, 0), result.LastEventTime);
            Assert.Equal(Path.Combine(root, "System32", "CONFIG", "AppEvent.Evt"), reader.OpenedPath);
            Assert.Equal(new[] { "IMAP4Svc", "MSExchangeIS", "MSExchangeMTA", "POP3Svc" }, result.DependentServices!.OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(new Version(6, 0, 5762, 0), result.ExchangeVersion);
            Assert.Equal("SP2", result.ExchangeServicePack);
            Assert.Equal(Path.Combine(Path.GetDirectoryName(root)!, "Program Files", "Exchsrvr", "BIN", "MAD.EXE"), result.ServiceImagePath);
            Assert.Equal(new Version(6, 0, 6447, 9), Assert.Single(result.DllVersions).Info.FileVersion);
            Assert.Empty(result.LoadingProcesses);
            Assert.Contains(result.NotChecked, s => s.Contains("cannot be read from files"));
            Assert.Contains(Path.Combine(root, "System32", "CONFIG", "default"), result.Sources);
            Assert.DoesNotContain("Live", result.Sources);

            HealthVerdict verdict = result.Verdict;
            Assert.Equal(ProfileHealthStatus.ProfilesMissing, verdict.Status);
            Assert.True(verdict.NeedsRestart);
            Assert.True(verdict.NeedsHotfix);
            Assert.Contains("SP3 first", verdict.Recommendation);
            Assert.Contains("on the server itself", verdict.Recommendation);
        }

        [SkippableFact]
        public void OfflineFilesWithoutASystemHiveTakeTheNameFromTheEvents()
        {
            var evidence = new OfflineEvidence
            {
                HivePath = HiveFixtures.Hive("default-profiles"),
                EventLogPath = "AppEvent.Evt",
                OpenEventLog = _ => new FakeEventLog(Event9202(new DateTime(2003, 9, 1), "EX2000B")),
            };

            HealthCollection result = Collector(Untouchable()).CollectOffline(evidence, CancellationToken.None);

            Assert.Equal("EX2000B", result.ComputerName);
            Assert.Equal(4, result.ProfileCount);
            Assert.Null(result.DependentServices);
            Assert.Null(result.ExchangeVersion);
            Assert.Contains(result.NotChecked, s => s.Contains("No SYSTEM hive"));
        }

        [SkippableFact]
        public void OfflineWithoutANameAnywhereSaysSoAndNeverUsesThisMachines()
        {
            var evidence = new OfflineEvidence { HivePath = HiveFixtures.Hive("default-profiles") };

            HealthCollection result = Collector(Untouchable()).CollectOffline(evidence, CancellationToken.None);

            Assert.Null(result.ComputerName);
            Assert.Contains(result.NotChecked, s => s.Contains("server's name"));
            Assert.Contains(result.NotChecked, s => s.Contains("-EventLogPath"));
            Assert.Equal(ProfileHealthStatus.Healthy, result.Verdict.Status);
        }

        [SkippableFact]
        public void ADllThatCannotBeReadNeverGivesAHealthyVerdict()
        {
            string text = Path.Combine(Directory.CreateDirectory(_work).FullName, "mapi32.dll");
            File.WriteAllText(text, "not a PE file");
            var evidence = new OfflineEvidence { HivePath = HiveFixtures.Hive("default-profiles"), DllPaths = new[] { text } };

            HealthCollection result = Collector(Untouchable()).CollectOffline(evidence, CancellationToken.None);

            Assert.Equal(4, result.ProfileCount);
            EvidenceProblem problem = Assert.Single(result.Problems);
            Assert.Equal(EvidenceKind.MapiDll, problem.Kind);
            Assert.Equal(text, problem.Path);
            Assert.Equal(ProfileHealthStatus.Unknown, result.Verdict.Status);
            Assert.DoesNotContain("nothing to do", result.Verdict.Recommendation);
            Assert.DoesNotContain("-HivePath", result.Verdict.Recommendation);
        }

        [SkippableFact]
        public void ADamagedHiveGivenOfflineIsAProblemAndTheAdviceIsNotToGiveAHive()
        {
            string cut = Path.Combine(Directory.CreateDirectory(_work).FullName, "cut.hive");
            File.WriteAllBytes(cut, HiveFixtures.Bytes("default-profiles").Take(5000).ToArray());

            HealthCollection result = Collector(Untouchable()).CollectOffline(new OfflineEvidence { HivePath = cut }, CancellationToken.None);

            Assert.Equal(EvidenceKind.ProfileHive, Assert.Single(result.Problems).Kind);
            Assert.Equal(ProfileHealthStatus.Unknown, result.Verdict.Status);
            Assert.DoesNotContain("-HivePath", result.Verdict.Recommendation);
            Assert.Contains("cut.hive", result.Verdict.Recommendation);
        }

        [SkippableFact]
        public void LiveUsesThisMachinesSeamsAndTheServiceControlManagerForDependents()
        {
            string oldDll = TestData.PeFixture("mapi32-6.0.6447.9.x86.dll");
            using RegfHive profiles = RegfHive.Open(HiveFixtures.Hive("default-profiles"));
            using RegfHive system = RegfHive.Open(HiveFixtures.Hive("server-system"));
            SimulatedServiceControl services = SimulatedServiceControl.CreateExchangeServer();
            var events = new FakeEventLog(Event9202(DateTime.Now.AddMinutes(-5), "LOCALBOX"));
            var processes = new FakeProcesses(new ProcessEntry(4242, "bkupagent"), new ProcessEntry(7, "idle"), oldDll);
            var machine = new LocalMachine(
                "LOCALBOX",
                user => user == ".DEFAULT" ? profiles.Root : null,
                () => processes,
                () => services,
                () => events,
                () => system.Root.OpenSubKey(@"ControlSet002\Services"),
                _ => DateTime.Now.AddHours(-1));

            HealthCollection result = Collector(machine).CollectLive(CancellationToken.None);

            Assert.False(result.IsOffline);
            Assert.Equal(new[] { "Live" }, result.Sources);
            Assert.Equal("LOCALBOX", result.ComputerName);
            Assert.Equal("Running", result.ServiceStatus);
            Assert.Equal(new[] { "IMAP4Svc", "MSExchangeES", "MSExchangeIS", "MSExchangeMTA", "POP3Svc" }, result.DependentServices!.OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(1, result.RecentEventCount);
            Assert.Equal(4, result.ProfileCount);
            Assert.Equal(4242, Assert.Single(result.LoadingProcesses).Process.Id);
            Assert.Equal(new[] { 4242, 7 }, processes.Scanned.OrderByDescending(i => i));
            Assert.Contains(result.NotChecked, s => s.Contains("image") && s.Contains("mad.exe"));   // the C:\ path is not on this machine
            Assert.Equal(ProfileHealthStatus.AtRisk, result.Verdict.Status);
            Assert.Contains("bkupagent (4242)", result.Verdict.Recommendation);
        }

        [Fact]
        public void CancellingStopsALiveScan()
        {
            var processes = new FakeProcesses(new ProcessEntry(1, "a"), new ProcessEntry(2, "b"), "unused");
            var machine = new LocalMachine("LOCALBOX", _ => null, () => processes, () => new SimulatedServiceControl(), () => new FakeEventLog(), () => null, _ => null);
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            Assert.ThrowsAny<OperationCanceledException>(() => Collector(machine).CollectLive(cancelled.Token));
            Assert.Empty(processes.Scanned);
        }

        private sealed class FakeEventLog : IEventLogReader
        {
            private readonly EventRecordInfo[] _events;

            public FakeEventLog(params EventRecordInfo[] events)
            {
                _events = events;
            }

            public string? OpenedPath { get; set; }

            public IReadOnlyList<EventRecordInfo> Read(EventQuery query)
            {
                IEnumerable<EventRecordInfo> matching = _events
                    .Where(e => e.ProviderName == query.Provider && query.Ids.Contains(e.Id) && (query.After == null || e.TimeCreated >= query.After))
                    .OrderByDescending(e => e.TimeCreated);
                return (query.MaxEvents == null ? matching : matching.Take(query.MaxEvents.Value)).ToList();
            }
        }

        /// <summary>Two processes; the first has the old DLL loaded.</summary>
        private sealed class FakeProcesses : IProcessModuleSource
        {
            private readonly ProcessEntry[] _processes;
            private readonly string _dllPath;

            public FakeProcesses(ProcessEntry loader, ProcessEntry other, string dllPath)
            {
                _processes = new[] { loader, other };
                _dllPath = dllPath;
            }

            public List<int> Scanned { get; } = new List<int>();

            public IReadOnlyList<ProcessEntry> ListProcesses() => _processes;

            public ProcessScanResult Scan(ProcessEntry process, ModuleNamePattern pattern)
            {
                lock (Scanned)
                {
                    Scanned.Add(process.Id);
                }

                return process == _processes[0]
                    ? ProcessScanResult.Matched(process, new[] { new LoadedModule("MAPI32.DLL", _dllPath) }, new ProcessDetails("x86", "SYSTEM", null, null, new[] { "BackupAgentSvc" }))
                    : ProcessScanResult.NoMatch(process);
            }
        }
    }
}
