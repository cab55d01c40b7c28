using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MapiProfileTools.Core.Processes;
using MapiProfileTools.Core.Processes.Watch;
using MapiProfileTools.Core.Services;
using Xunit;

namespace MapiProfileTools.Core.Tests.Processes
{
    /// <summary>The watch loop in virtual time: a fake clock and a scripted process source.</summary>
    public class ImpersonationWatcherTests
    {
        private static readonly DateTime Start = new DateTime(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);
        private static readonly DateTime AgentStart = new DateTime(2026, 12, 1, 1, 0, 0);

        private static MapiProcessSample Agent(params string[]? accounts) =>
            new MapiProcessSample(2212, "bkupagent", AgentStart, @"NT AUTHORITY\SYSTEM", new[] { "BackupAgentSvc" }, @"C:\Program Files\Contoso Backup\MAPI32.DLL",
                new Version(6, 0, 6249, 0), accounts);

        [Fact]
        public void ReportsEachImpersonationWhenItStartsAndAgainAfterItStopped()
        {
            var clock = new FakeClock();
            var sampler = new ScriptedSampler(
                new[] { Agent() },                                  // t=0: not impersonating
                new[] { Agent(@"CONTOSO\Administrator") },           // t=5: starts
                new[] { Agent(@"CONTOSO\Administrator") },           // t=10: still (not reported again)
                new[] { Agent(@"CONTOSO\Administrator", @"CONTOSO\Backup") }, // t=15: a second account
                new[] { Agent() },                                  // t=20: stopped
                new[] { Agent(@"contoso\administrator") });          // t=25: again (any letter case)
            var watcher = new ImpersonationWatcher(sampler, clock, Start, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(25));

            List<ImpersonationStarted> events = watcher.Run(CancellationToken.None).ToList();

            Assert.Equal(new[] { 5.0, 15.0, 25.0 }, events.Select(e => (e.TimeUtc - Start).TotalSeconds));
            Assert.Equal(new[] { @"CONTOSO\Administrator", @"CONTOSO\Backup", @"contoso\administrator" }, events.Select(e => e.Account));
            Assert.All(events, e => Assert.Equal(new Version(6, 0, 6249, 0), e.Process.ModuleVersion));
            Assert.Equal(6, watcher.Samples);
            Assert.Equal(TimeSpan.FromSeconds(25), clock.Now);
        }

        [Fact]
        public void ReportsWhatIsAlreadyGoingOnAtTheFirstSample()
        {
            var watcher = new ImpersonationWatcher(new ScriptedSampler(new[] { Agent(@"CONTOSO\Administrator") }), new FakeClock(), Start, TimeSpan.FromSeconds(1), TimeSpan.Zero);

            ImpersonationStarted only = Assert.Single(watcher.Run(CancellationToken.None));
            Assert.Equal(Start, only.TimeUtc);
        }

        [Fact]
        public void AReusedProcessIdIsANewProcess()
        {
            MapiProcessSample later = new MapiProcessSample(2212, "other", AgentStart.AddMinutes(30), null, Array.Empty<string>(), "/x/mapi32.dll", null, new[] { @"CONTOSO\Administrator" });
            var sampler = new ScriptedSampler(new[] { Agent(@"CONTOSO\Administrator") }, new[] { later });
            var watcher = new ImpersonationWatcher(sampler, new FakeClock(), Start, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

            Assert.Equal(new[] { "bkupagent", "other" }, watcher.Run(CancellationToken.None).Select(e => e.Process.ProcessName));
        }

        [Fact]
        public void UnreadableThreadsAreCountedNotReported()
        {
            var progress = new List<WatchProgress>();
            var watcher = new ImpersonationWatcher(new ScriptedSampler(new[] { Agent(null) }), new FakeClock(), Start, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

            Assert.Empty(watcher.Run(CancellationToken.None, progress.Add));
            Assert.Equal(3, progress.Count);
            Assert.All(progress, p => Assert.Equal(1, p.Unreadable));
            Assert.Equal(new int?[] { 0, 50, 100 }, progress.Select(p => p.PercentComplete));
        }

        [Fact]
        public void EndsAtTheDurationEvenWhenASampleIsSlowerThanTheInterval()
        {
            var clock = new FakeClock();
            var sampler = new ScriptedSampler(new[] { Agent() }) { Cost = TimeSpan.FromSeconds(3), Clock = clock };
            var watcher = new ImpersonationWatcher(sampler, clock, Start, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

            watcher.Run(CancellationToken.None).ToList();

            // Samples at 0, 3, 6, 9 (each ends 3 s later); the one ending at 12 passes 10 and ends the watch.
            Assert.Equal(4, watcher.Samples);
            Assert.Equal(TimeSpan.FromSeconds(12), clock.Now);
        }

        [Fact]
        public void CancellationEndsTheWatchCleanlyWithWhatWasSeen()
        {
            var clock = new FakeClock();
            using var stop = new CancellationTokenSource();
            var sampler = new ScriptedSampler(new[] { Agent(@"CONTOSO\Administrator") }, new[] { Agent(@"CONTOSO\Administrator") });
            var watcher = new ImpersonationWatcher(sampler, clock, Start, TimeSpan.FromSeconds(1), duration: null);
            clock.OnSleep = () => { if (clock.Now >= TimeSpan.FromSeconds(60)) stop.Cancel(); };

            List<ImpersonationStarted> events = watcher.Run(stop.Token).ToList();

            Assert.Single(events);
            // Samples at 0..59 s; the wait that reaches 60 s is where Ctrl+C comes.
            Assert.Equal(60, watcher.Samples);
        }

        [Fact]
        public void MemoryStaysBoundedOverAVeryLongWatch()
        {
            // A process that flips between two accounts forever: every sample starts one impersonation.
            var clock = new FakeClock();
            var sampler = new ScriptedSampler(new[] { Agent("A\\one") }, new[] { Agent("A\\two") }) { Repeat = true };
            var watcher = new ImpersonationWatcher(sampler, clock, Start, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(200_000));
            long before = GC.GetTotalMemory(true);
            int count = 0;
            foreach (ImpersonationStarted _ in watcher.Run(CancellationToken.None))
            {
                count++;
            }

            long after = GC.GetTotalMemory(true);
            Assert.Equal(200_001, count);
            Assert.True(after - before < 1_000_000, $"grew by {after - before} bytes");
        }

        [Theory]
        [InlineData(0, 1)]
        [InlineData(-1, 1)]
        [InlineData(1, -1)]
        public void RefusesAnIntervalOrDurationThatCannotBe(int intervalSeconds, int durationSeconds)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new ImpersonationWatcher(new ScriptedSampler(), new FakeClock(), Start, TimeSpan.FromSeconds(intervalSeconds), TimeSpan.FromSeconds(durationSeconds)));
        }

        [Fact]
        public void OtherAccountsLeavesOutTheProcesssOwnAndSaysNullOnlyWhenNothingWasSeen()
        {
            var threads = new[] { new ImpersonatingThread(1, @"NT AUTHORITY\SYSTEM"), new ImpersonatingThread(2, @"CONTOSO\Administrator"), new ImpersonatingThread(3, @"contoso\administrator") };
            Assert.Equal(new[] { @"CONTOSO\Administrator" }, new ImpersonationReading(threads, 3, 0, null).OtherAccounts(@"nt authority\system"));
            Assert.Empty(new ImpersonationReading(threads.Take(1).ToArray(), 5, 0, null).OtherAccounts(@"NT AUTHORITY\SYSTEM")!);
            Assert.Null(new ImpersonationReading(threads.Take(1).ToArray(), 2, 3, "access denied").OtherAccounts(@"NT AUTHORITY\SYSTEM"));
            Assert.Equal(new[] { @"CONTOSO\Administrator" }, new ImpersonationReading(threads, 2, 3, "access denied").OtherAccounts(@"NT AUTHORITY\SYSTEM"));
            Assert.Null(ImpersonationReading.Unreadable("no threads").OtherAccounts("x"));
        }

        private sealed class FakeClock : IServiceWaitClock
        {
            public TimeSpan Now { get; set; }

            public Action? OnSleep { get; set; }

            public void Sleep(TimeSpan duration, CancellationToken cancellation)
            {
                if (duration > TimeSpan.Zero && !cancellation.IsCancellationRequested)
                {
                    Now += duration;
                }

                OnSleep?.Invoke();
            }
        }

        private sealed class ScriptedSampler : IMapiProcessSampler
        {
            private readonly MapiProcessSample[][] _script;
            private int _next;

            public ScriptedSampler(params MapiProcessSample[][] script) => _script = script;

            public TimeSpan Cost { get; set; }

            public FakeClock? Clock { get; set; }

            public bool Repeat { get; set; }

            public IReadOnlyList<MapiProcessSample> Sample(CancellationToken cancellation)
            {
                if (Clock != null)
                {
                    Clock.Now += Cost;
                }

                if (_script.Length == 0)
                {
                    return Array.Empty<MapiProcessSample>();
                }

                // Past the script's end, the last sample again (or the whole script, repeated).
                int index = Repeat ? _next % _script.Length : Math.Min(_next, _script.Length - 1);
                _next++;
                return _script[index];
            }
        }
    }
}
