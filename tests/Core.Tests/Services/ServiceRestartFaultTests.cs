using System;
using System.Collections.Generic;
using System.Linq;
using MapiProfileTools.Core.Services;
using MapiProfileTools.Core.Services.Simulation;
using Xunit;

namespace MapiProfileTools.Core.Tests.Services
{
    /// <summary>
    /// Every fault the issue names, on the simulated Exchange server (stop 2 s, start 3 s, poll 250 ms,
    /// timeout 10 min, recovery grace 1 min unless a test says otherwise). Each ends within its bound with
    /// each service that was running, running again or named in the result's message.
    /// </summary>
    public class ServiceRestartFaultTests
    {
        private static readonly TimeSpan TimeoutPlusGrace = TimeSpan.FromMinutes(11);

        private static string[] NotRunning(ServiceRestartResult result) => result.NotRunning.Select(r => r.Name).OrderBy(n => n).ToArray();

        [Fact]
        public void DependentHungInStopPendingTimesOutAndTheRestComeBack()
        {
            var harness = new RestartHarness();
            harness.Simulator.InjectFault("MSExchangeIS", SimulatedServiceFault.StopHangs);

            ServiceRestartResult result = harness.Restart();

            Assert.True(result.TimedOut);
            Assert.True(result.Recovered);
            Assert.False(result.Succeeded);
            Assert.DoesNotContain("MSExchangeSA", harness.Names(SimulatedServiceEventKind.StopRequested));

            // MTA does not depend on the hung IS, so it is started at once; the POP3/IMAP4 children of IS cannot be.
            Assert.Equal(ServiceState.Running, harness.Simulator.StateOf("MSExchangeMTA"));
            Assert.Equal(new[] { "IMAP4Svc", "MSExchangeIS", "POP3Svc" }, NotRunning(result));
            Assert.StartsWith("The restart of Microsoft Exchange System Attendant (MSExchangeSA) did not finish within 10 min: Microsoft Exchange Information Store (MSExchangeIS): did not stop", result.Message);
            Assert.Contains("still StopPending", harness.Record(result, "MSExchangeIS").Error);
            Assert.Contains("MSExchangeIS", harness.Record(result, "POP3Svc").Error);
            Assert.Equal(TimeoutPlusGrace, harness.Simulator.Clock.Now);
            harness.AssertBoundedAndAccounted(result, TimeoutPlusGrace);
        }

        [Fact]
        public void TargetHungInStopPendingLeavesEverythingNamed()
        {
            var harness = new RestartHarness();
            harness.Simulator.InjectFault("MSExchangeSA", SimulatedServiceFault.StopHangs);

            ServiceRestartResult result = harness.Restart();

            Assert.True(result.TimedOut);
            Assert.Equal(new[] { "IMAP4Svc", "MSExchangeIS", "MSExchangeMTA", "MSExchangeSA", "POP3Svc" }, NotRunning(result));
            Assert.Equal(ServiceState.StopPending, harness.Record(result, "MSExchangeSA").StatusAfter);
            Assert.Empty(harness.Names(SimulatedServiceEventKind.StartRequested));
            harness.AssertBoundedAndAccounted(result, TimeoutPlusGrace);
        }

        [Fact]
        public void SlowStopPastTheTimeoutIsRescuedByTheRecoveryGrace()
        {
            var harness = new RestartHarness(timeout: TimeSpan.FromSeconds(15));
            harness.Simulator.SetTransitionTimes("MSExchangeIS", TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3));

            ServiceRestartResult result = harness.Restart();

            Assert.True(result.TimedOut);
            Assert.True(result.Recovered);
            Assert.Empty(result.NotRunning);
            Assert.EndsWith("Every service that was running before is running.", result.Message);
            Assert.Equal(TimeSpan.FromSeconds(32), harness.Simulator.Clock.Now);
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromSeconds(15) + TimeSpan.FromMinutes(1));
        }

        [Fact]
        public void DependentThatWillNotStartIsNamedAndTheOthersRun()
        {
            var harness = new RestartHarness();
            harness.Simulator.InjectFault("POP3Svc", SimulatedServiceFault.StartFails);

            ServiceRestartResult result = harness.Restart();

            Assert.False(result.TimedOut);
            Assert.Equal(new[] { "POP3Svc" }, NotRunning(result));
            Assert.Contains("failed to start", harness.Record(result, "POP3Svc").Error);
            Assert.Equal(ServiceState.Running, harness.Simulator.StateOf("IMAP4Svc"));
            Assert.Equal(2, harness.Names(SimulatedServiceEventKind.StartFailed).Count(n => n == "POP3Svc"));
            Assert.StartsWith("The restart of Microsoft Exchange System Attendant (MSExchangeSA) failed: Microsoft Exchange POP3 (POP3Svc)", result.Message);
            Assert.EndsWith("Left not running: Microsoft Exchange POP3 (POP3Svc) (Stopped).", result.Message);
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromMinutes(1));
        }

        [Fact]
        public void DependentThatFailsOnceIsStartedAgainByTheRecovery()
        {
            var harness = new RestartHarness();
            harness.Simulator.InjectFault("POP3Svc", SimulatedServiceFault.StartFails, occurrences: 1);

            ServiceRestartResult result = harness.Restart();

            Assert.False(result.Succeeded);
            Assert.True(result.Recovered);
            Assert.Empty(result.NotRunning);
            Assert.Equal(ServiceState.Running, harness.Record(result, "POP3Svc").StatusAfter);
            Assert.NotNull(harness.Record(result, "POP3Svc").Error);
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromMinutes(1));
        }

        [Fact]
        public void DependentHungInStartPendingTimesOutAndItsSiblingsStillStart()
        {
            var harness = new RestartHarness();
            harness.Simulator.InjectFault("MSExchangeMTA", SimulatedServiceFault.StartHangs);

            ServiceRestartResult result = harness.Restart();

            Assert.True(result.TimedOut);
            Assert.Equal(new[] { "MSExchangeMTA" }, NotRunning(result));
            Assert.Equal(ServiceState.StartPending, harness.Record(result, "MSExchangeMTA").StatusAfter);
            Assert.Equal(ServiceState.Running, harness.Simulator.StateOf("POP3Svc"));
            harness.AssertBoundedAndAccounted(result, TimeoutPlusGrace);
        }

        [Fact]
        public void RefusedStartIsNamedWithTheServiceControlManagersReason()
        {
            var harness = new RestartHarness();
            harness.Simulator.InjectFault("MSExchangeMTA", SimulatedServiceFault.StartRefused);

            ServiceRestartResult result = harness.Restart();

            Assert.Equal(new[] { "MSExchangeMTA" }, NotRunning(result));
            Assert.Contains("error 1069", harness.Record(result, "MSExchangeMTA").Error);
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromMinutes(1));
        }

        [Fact]
        public void AccessDeniedOnAStopPutsBackWhatWasAlreadyStopped()
        {
            var harness = new RestartHarness();
            harness.Simulator.InjectFault("MSExchangeIS", SimulatedServiceFault.StopAccessDenied);

            ServiceRestartResult result = harness.Restart();

            Assert.False(result.Succeeded);
            Assert.True(result.Recovered);
            Assert.Empty(result.NotRunning);
            Assert.Equal(new[] { "IMAP4Svc", "POP3Svc", "MSExchangeMTA" }, harness.Names(SimulatedServiceEventKind.StopRequested));
            Assert.Equal(new[] { "MSExchangeMTA", "POP3Svc", "IMAP4Svc" }, harness.Names(SimulatedServiceEventKind.Started));
            Assert.Contains("Access is denied", harness.Record(result, "MSExchangeIS").Error);
            Assert.Contains("Access is denied", result.Message);
            Assert.Null(harness.Record(result, "POP3Svc").Error);
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromMinutes(1));
        }

        [Fact]
        public void AccessDeniedOnTheFirstStopChangesNothing()
        {
            var harness = new RestartHarness();
            harness.Simulator.InjectFault("IMAP4Svc", SimulatedServiceFault.StopAccessDenied);

            ServiceRestartResult result = harness.Restart();

            Assert.False(result.Succeeded);
            Assert.False(result.Recovered);
            Assert.Equal(1, harness.Simulator.ControlRequestCount);
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromSeconds(1));
        }

        [Fact]
        public void AccessDeniedOnTheTargetsStartNamesItAndEveryDependentAtOnce()
        {
            var harness = new RestartHarness();
            harness.Simulator.InjectFault("MSExchangeSA", SimulatedServiceFault.StartAccessDenied);

            ServiceRestartResult result = harness.Restart();

            Assert.Equal(new[] { "IMAP4Svc", "MSExchangeIS", "MSExchangeMTA", "MSExchangeSA", "POP3Svc" }, NotRunning(result));
            Assert.Contains("Access is denied", harness.Record(result, "MSExchangeSA").Error);
            Assert.Contains("MSExchangeSA", harness.Record(result, "MSExchangeIS").Error);
            Assert.Contains("MSExchangeIS", harness.Record(result, "POP3Svc").Error);

            // No dependent was asked to start behind a parent that cannot run, and no grace was spent on them.
            Assert.Empty(harness.Names(SimulatedServiceEventKind.StartRequested));
            Assert.Equal(TimeSpan.FromSeconds(10), harness.Simulator.Clock.Now);
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromMinutes(1));
        }

        [Fact]
        public void DependentThatStopsItselfBeforeItsStopIsStartedAgainWithoutFuss()
        {
            var harness = new RestartHarness();
            harness.Simulator.Schedule(TimeSpan.FromSeconds(1), () => harness.Simulator.StopItself("MSExchangeMTA"));

            ServiceRestartResult result = harness.Restart();

            Assert.True(result.Succeeded, result.Message);
            Assert.DoesNotContain("MSExchangeMTA", harness.Names(SimulatedServiceEventKind.StopRequested));
            Assert.Contains("MSExchangeMTA", harness.Names(SimulatedServiceEventKind.StoppedItself));
            Assert.Equal(ServiceState.Running, harness.Simulator.StateOf("MSExchangeMTA"));
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromMinutes(1));
        }

        [Fact]
        public void TargetThatStopsItselfWhileItsDependentsStopIsStartedAsPlanned()
        {
            var harness = new RestartHarness();
            harness.Simulator.Schedule(TimeSpan.FromSeconds(3), () => harness.Simulator.StopItself("MSExchangeSA"));

            ServiceRestartResult result = harness.Restart();

            Assert.True(result.Succeeded, result.Message);
            Assert.DoesNotContain("MSExchangeSA", harness.Names(SimulatedServiceEventKind.StopRequested));
            Assert.Equal(new[] { "MSExchangeSA", "MSExchangeIS", "MSExchangeMTA", "POP3Svc", "IMAP4Svc" }, harness.Names(SimulatedServiceEventKind.Started));
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromMinutes(1));
        }

        [Fact]
        public void DependentThatStopsItselfAfterItWasStartedIsCaughtAndStartedAgain()
        {
            var harness = new RestartHarness();
            bool crashed = false;
            harness.Simulator.EventRecorded += e =>
            {
                if (!crashed && e.ServiceName == "MSExchangeMTA" && e.Kind == SimulatedServiceEventKind.Started)
                {
                    crashed = true;
                    harness.Simulator.Schedule(e.At + TimeSpan.FromSeconds(1), () => harness.Simulator.StopItself("MSExchangeMTA"));
                }
            };

            ServiceRestartResult result = harness.Restart();

            Assert.False(result.Succeeded);
            Assert.True(result.Recovered);
            Assert.Empty(result.NotRunning);
            Assert.Equal(2, harness.Names(SimulatedServiceEventKind.Started).Count(n => n == "MSExchangeMTA"));
            Assert.Contains("stopped by itself after it was started", harness.Record(result, "MSExchangeMTA").Error);
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromMinutes(1));
        }

        [Fact]
        public void TimeoutReachedBetweenServicesStopsNoFurtherServiceAndRestartsTheStoppedOnes()
        {
            // IMAP4, POP3, MTA and IS take 2 s each to stop: the 8 s timeout is used up exactly when IS is down.
            var harness = new RestartHarness(timeout: TimeSpan.FromSeconds(8));

            ServiceRestartResult result = harness.Restart();

            Assert.True(result.TimedOut);
            Assert.Equal(new[] { "IMAP4Svc", "POP3Svc", "MSExchangeMTA", "MSExchangeIS" }, harness.Names(SimulatedServiceEventKind.StopRequested));
            Assert.Contains("ran out before its turn", harness.Record(result, "MSExchangeSA").Error);
            Assert.Empty(result.NotRunning);
            Assert.StartsWith("The restart of Microsoft Exchange System Attendant (MSExchangeSA) did not finish within 8 s", result.Message);

            // The recovery starts IS and MTA together, then the children of IS: 8 s + 3 s + 3 s.
            Assert.Equal(TimeSpan.FromSeconds(14), harness.Simulator.Clock.Now);
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromSeconds(8) + TimeSpan.FromMinutes(1));
        }

        [Fact]
        public void ZeroGraceAsksOnceAndDoesNotWaitPastTheTimeout()
        {
            var harness = new RestartHarness(timeout: TimeSpan.FromSeconds(30), grace: TimeSpan.Zero);
            harness.Simulator.InjectFault("MSExchangeSA", SimulatedServiceFault.StopHangs);

            ServiceRestartResult result = harness.Restart();

            Assert.True(result.TimedOut);
            Assert.Equal(TimeSpan.FromSeconds(30), harness.Simulator.Clock.Now);
            Assert.Equal(5, result.NotRunning.Count);
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromSeconds(30));
        }

        [Fact]
        public void CancellationDuringAStopReturnsAtOnceAndNamesWhatIsDown()
        {
            var harness = new RestartHarness();
            harness.Simulator.Schedule(TimeSpan.FromSeconds(5), harness.Cancellation.Cancel);

            ServiceRestartResult result = harness.Restart();

            Assert.True(result.Canceled);
            Assert.False(result.TimedOut);
            Assert.Equal(TimeSpan.FromSeconds(5), harness.Simulator.Clock.Now);

            // MTA was stopping: left alone. IS still runs, so its children are asked to start, once.
            Assert.Equal(new[] { "IMAP4Svc", "MSExchangeMTA", "POP3Svc" }, NotRunning(result));
            Assert.Equal(new[] { "POP3Svc", "IMAP4Svc" }, harness.Names(SimulatedServiceEventKind.StartRequested));
            Assert.Contains("canceled", harness.Record(result, "MSExchangeMTA").Error);
            Assert.StartsWith("The restart of Microsoft Exchange System Attendant (MSExchangeSA) was canceled. Left not running:", result.Message);
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromSeconds(5));
        }

        [Fact]
        public void CancellationDuringTheStartsAsksForTheRestWithoutWaiting()
        {
            var harness = new RestartHarness();
            harness.Simulator.Schedule(TimeSpan.FromSeconds(14), harness.Cancellation.Cancel);

            ServiceRestartResult result = harness.Restart();

            Assert.True(result.Canceled);
            Assert.Equal(TimeSpan.FromSeconds(14), harness.Simulator.Clock.Now);
            Assert.Equal(new[] { "IMAP4Svc", "MSExchangeIS", "MSExchangeMTA", "POP3Svc" }, NotRunning(result));
            Assert.Equal(ServiceState.StartPending, harness.Simulator.StateOf("MSExchangeMTA"));
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromSeconds(14));
        }

        [Fact]
        public void CancellationBeforeTheFirstStepChangesNothing()
        {
            var harness = new RestartHarness();
            harness.Cancellation.Cancel();

            ServiceRestartResult result = harness.Restart();

            Assert.True(result.Canceled);
            Assert.Equal(0, harness.Simulator.ControlRequestCount);
            Assert.Empty(result.NotRunning);
            Assert.EndsWith("was canceled. Every service that was running before is running.", result.Message);
        }

        [Fact]
        public void UnexpectedExceptionFromTheSeamIsRecordedAndTheRecoveryStillRuns()
        {
            var harness = new RestartHarness();
            var throwing = new ThrowingOnStop(harness.Simulator, "MSExchangeMTA");
            var restarter = new ServiceRestarter(throwing, harness.Options);

            ServiceRestartResult result = restarter.Restart("MSExchangeSA");

            Assert.True(result.Recovered);
            Assert.Empty(result.NotRunning);
            Assert.Contains("unexpected InvalidOperationException", harness.Record(result, "MSExchangeMTA").Error);
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromMinutes(1));
        }

        [Fact]
        public void ProgressCallbackThatThrowsDoesNotStrandTheServices()
        {
            var harness = new RestartHarness();
            int calls = 0;
            harness.Options.Progress = _ =>
            {
                calls++;
                throw new InvalidOperationException("the host is going away");
            };

            ServiceRestartResult result = harness.Restart();

            Assert.True(result.Succeeded, result.Message);
            Assert.Equal(1, calls);
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromMinutes(1));
        }

        [Fact]
        public void DependentStartedAfterThePlanMakesItsParentsStopFailAndEverythingIsPutBack()
        {
            var harness = new RestartHarness();
            var restarter = new ServiceRestarter(harness.Simulator, harness.Options);
            ServiceRestartPlan plan = restarter.CreatePlan("MSExchangeSA");
            harness.Simulator.Start("MSExchangeES");
            harness.Simulator.Clock.Advance(TimeSpan.FromSeconds(5));

            ServiceRestartResult result = restarter.Execute(plan);

            Assert.False(result.Succeeded);
            Assert.Empty(result.NotRunning);
            // MSExchangeES depends on MSExchangeIS: the SCM refuses to stop IS while ES runs.
            Assert.Contains("error 1051", harness.Record(result, "MSExchangeIS").Error);
            Assert.DoesNotContain("MSExchangeSA", harness.Names(SimulatedServiceEventKind.StopRequested));
            Assert.All(new[] { "MSExchangeSA", "MSExchangeIS", "MSExchangeMTA", "POP3Svc", "IMAP4Svc", "MSExchangeES" },
                name => Assert.Equal(ServiceState.Running, harness.Simulator.StateOf(name)));
        }

        [Fact]
        public void TargetRemovedAfterThePlanIsReportedNotThrown()
        {
            var simulator = new SimulatedServiceControl().AddService("Svc", "Svc", ServiceState.Running);
            var restarter = new ServiceRestarter(simulator, new ServiceRestartOptions { Clock = simulator.Clock });
            ServiceRestartPlan plan = restarter.CreatePlan("Svc");
            var gone = new ServiceGone(simulator);

            ServiceRestartResult result = new ServiceRestarter(gone, restarter.Options).Execute(plan);

            Assert.Equal("Svc", Assert.Single(result.NotRunning).Name);
            Assert.Contains("no longer installed", result.Records[0].Error);
            Assert.Equal(ServiceState.Unknown, result.Records[0].StatusAfter);
        }

        /// <summary>Delegates to the simulator but throws a non-service exception when one service is stopped.</summary>
        private sealed class ThrowingOnStop : IServiceControl
        {
            private readonly SimulatedServiceControl _inner;
            private readonly string _name;

            public ThrowingOnStop(SimulatedServiceControl inner, string name)
            {
                _inner = inner;
                _name = name;
            }

            public ServiceStatusInfo? Query(string name) => _inner.Query(name);

            public IReadOnlyList<ServiceStatusInfo> GetDependentServices(string name) => _inner.GetDependentServices(name);

            public IReadOnlyList<ServiceStatusInfo> GetServices() => _inner.GetServices();

            public void Start(string name) => _inner.Start(name);

            public void Stop(string name)
            {
                if (name == _name)
                {
                    throw new InvalidOperationException("the handle went bad");
                }

                _inner.Stop(name);
            }
        }

        /// <summary>Every service has been uninstalled.</summary>
        private sealed class ServiceGone : IServiceControl
        {
            private readonly SimulatedServiceControl _inner;

            public ServiceGone(SimulatedServiceControl inner) => _inner = inner;

            public ServiceStatusInfo? Query(string name) => null;

            public IReadOnlyList<ServiceStatusInfo> GetDependentServices(string name) => throw new ServiceControlException(name, ServiceFailure.NotFound, "gone", 1060);

            public IReadOnlyList<ServiceStatusInfo> GetServices() => Array.Empty<ServiceStatusInfo>();

            public void Start(string name) => _inner.Start(name);

            public void Stop(string name) => _inner.Stop(name);
        }
    }
}
