using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using MapiProfileTools.Core.Services;
using MapiProfileTools.Core.Services.Simulation;
using Xunit;

namespace MapiProfileTools.Core.Tests.Services
{
    /// <summary>The restart of an Exchange-like System Attendant when nothing goes wrong, and the engine's contracts.</summary>
    public class ServiceRestarterTests
    {
        [Fact]
        public void RestartsTheTargetAndExactlyTheDependentsThatWereRunningInOrder()
        {
            var harness = new RestartHarness();

            ServiceRestartResult result = harness.Restart();

            Assert.True(result.Succeeded, result.Message);
            Assert.Null(result.Message);
            Assert.False(result.Recovered);
            Assert.Empty(result.NotRunning);
            Assert.Equal(new[] { "IMAP4Svc", "POP3Svc", "MSExchangeMTA", "MSExchangeIS", "MSExchangeSA" }, harness.Names(SimulatedServiceEventKind.StopRequested));
            Assert.Equal(new[] { "IMAP4Svc", "POP3Svc", "MSExchangeMTA", "MSExchangeIS", "MSExchangeSA" }, harness.Names(SimulatedServiceEventKind.Stopped));
            Assert.Equal(new[] { "MSExchangeSA", "MSExchangeIS", "MSExchangeMTA", "POP3Svc", "IMAP4Svc" }, harness.Names(SimulatedServiceEventKind.StartRequested));
            Assert.Equal(new[] { "MSExchangeSA", "MSExchangeIS", "MSExchangeMTA", "POP3Svc", "IMAP4Svc" }, harness.Names(SimulatedServiceEventKind.Started));
            Assert.DoesNotContain(harness.Simulator.Events, e => e.Detail != null && e.Detail.StartsWith("parent of", StringComparison.Ordinal));
            harness.AssertBoundedAndAccounted(result, TimeSpan.FromMinutes(1));
        }

        [Fact]
        public void EachStopWaitsUntilTheServiceHasStoppedBeforeTheNextStep()
        {
            var harness = new RestartHarness();

            harness.Restart();

            // Every step's request comes after the previous step's completion.
            var events = harness.Simulator.Events.Where(e => e.Kind is SimulatedServiceEventKind.StopRequested or SimulatedServiceEventKind.Stopped
                or SimulatedServiceEventKind.StartRequested or SimulatedServiceEventKind.Started).ToArray();
            for (int i = 0; i + 1 < events.Length; i += 2)
            {
                Assert.Equal(events[i].ServiceName, events[i + 1].ServiceName);
                Assert.True(events[i].Kind is SimulatedServiceEventKind.StopRequested or SimulatedServiceEventKind.StartRequested, harness.EventLog);
            }
        }

        [Fact]
        public void RecordsEveryServiceTouchedWithItsStatesAndTime()
        {
            var harness = new RestartHarness();

            ServiceRestartResult result = harness.Restart();

            Assert.Equal(new[] { "MSExchangeSA", "MSExchangeIS", "MSExchangeMTA", "POP3Svc", "IMAP4Svc" }, result.Records.Select(r => r.Name));
            ServiceRestartRecord target = result.Records[0];
            Assert.Equal(("Microsoft Exchange System Attendant", ServiceRestartRole.Target), (target.DisplayName, target.Role));
            Assert.All(result.Records.Skip(1), r => Assert.Equal(ServiceRestartRole.Dependent, r.Role));
            Assert.All(result.Records, r => Assert.Equal((ServiceState.Running, ServiceState.Running, null), (r.StatusBefore, r.StatusAfter, r.Error)));

            // Stop 2 s plus start 3 s each, rounded up to the 250 ms poll.
            Assert.All(result.Records, r => Assert.Equal(TimeSpan.FromSeconds(5), r.Duration));
            Assert.Equal(TimeSpan.FromSeconds(25), result.Duration);
        }

        [Fact]
        public void ReportsProgressForEveryWaitAndCompletes()
        {
            var harness = new RestartHarness();

            harness.Restart();

            var progress = harness.Progress;
            Assert.Equal(ServiceRestartPhase.Completed, progress.Last().Phase);
            Assert.Equal(100, progress.Last().PercentComplete);
            Assert.Contains(progress, p => p.Phase == ServiceRestartPhase.Stopping && p.Service!.Name == "MSExchangeIS" && p.State == ServiceState.StopPending
                && p.Description == "Stopping Microsoft Exchange Information Store (MSExchangeIS): StopPending");
            Assert.Contains(progress, p => p.Phase == ServiceRestartPhase.Starting && p.Service!.Name == "POP3Svc" && p.StepNumber == 9 && p.StepCount == 10);
            Assert.Equal(progress.Select(p => p.PercentComplete).OrderBy(p => p), progress.Select(p => p.PercentComplete));
            Assert.All(progress, p => Assert.True(p.Elapsed + p.Remaining <= TimeSpan.FromMinutes(10)));
        }

        [Fact]
        public void AStoppedTargetIsStartedAndRecordedAsStoppedBefore()
        {
            var simulator = new SimulatedServiceControl()
                .AddService("MSExchangeSA", "Microsoft Exchange System Attendant", ServiceState.Stopped)
                .AddService("MSExchangeIS", "Microsoft Exchange Information Store", ServiceState.Stopped, "MSExchangeSA");
            var restarter = new ServiceRestarter(simulator, new ServiceRestartOptions { Clock = simulator.Clock });

            ServiceRestartResult result = restarter.Restart("MSExchangeSA");

            Assert.True(result.Succeeded, result.Message);
            ServiceRestartRecord record = Assert.Single(result.Records);
            Assert.Equal((ServiceState.Stopped, ServiceState.Running), (record.StatusBefore, record.StatusAfter));
            Assert.Equal(ServiceState.Stopped, simulator.StateOf("MSExchangeIS"));
        }

        [Fact]
        public void ADependentAlreadyStoppingIsWaitedForAndNotStartedAgain()
        {
            var simulator = new SimulatedServiceControl()
                .AddService("Svc", "Svc", ServiceState.Running)
                .AddService("Child", "Child", ServiceState.Running, "Svc");
            simulator.Stop("Child");
            var restarter = new ServiceRestarter(simulator, new ServiceRestartOptions { Clock = simulator.Clock });

            ServiceRestartResult result = restarter.Restart("Svc");

            Assert.True(result.Succeeded, result.Message);
            Assert.Equal(ServiceState.Stopped, simulator.StateOf("Child"));
            Assert.Equal((ServiceState.StopPending, ServiceState.Stopped), (result.Records[1].StatusBefore, result.Records[1].StatusAfter));
        }

        [Fact]
        public void APausedDependentComesBackRunning()
        {
            var simulator = new SimulatedServiceControl()
                .AddService("Svc", "Svc", ServiceState.Running)
                .AddService("Child", "Child", ServiceState.Paused, "Svc");
            var restarter = new ServiceRestarter(simulator, new ServiceRestartOptions { Clock = simulator.Clock });

            ServiceRestartResult result = restarter.Restart("Svc");

            Assert.True(result.Succeeded, result.Message);
            Assert.Equal(ServiceState.Running, simulator.StateOf("Child"));
        }

        [Fact]
        public void InvalidOptionsAreRejectedUpFront()
        {
            var simulator = SimulatedServiceControl.CreateExchangeServer();

            Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceRestarter(simulator, new ServiceRestartOptions { Timeout = TimeSpan.Zero }));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceRestarter(simulator, new ServiceRestartOptions { PollInterval = TimeSpan.Zero }));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceRestarter(simulator, new ServiceRestartOptions { RecoveryGracePeriod = TimeSpan.FromSeconds(-1) }));
            Assert.Throws<ArgumentNullException>(() => new ServiceRestarter(null!));
        }

        [Fact]
        public void AHugeTimeoutDoesNotOverflow()
        {
            var harness = new RestartHarness(timeout: TimeSpan.MaxValue, grace: TimeSpan.MaxValue);

            Assert.True(harness.Restart().Succeeded);
        }

        [Fact]
        public void ThrowIfFailedCarriesTheResult()
        {
            var harness = new RestartHarness();
            harness.Simulator.InjectFault("MSExchangeMTA", SimulatedServiceFault.StartRefused);

            ServiceRestartResult result = harness.Restart();

            var error = Assert.Throws<ServiceRestartException>(result.ThrowIfFailed);
            Assert.Same(result, error.Result);
            Assert.Equal(result.Message, error.Message);
            harness.Restart().ThrowIfFailed();
        }

        [Fact]
        public void TheRealClockWakesUpAtOnceWhenCanceled()
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            var watch = Stopwatch.StartNew();
            TimeSpan before = SystemWaitClock.Instance.Now;

            SystemWaitClock.Instance.Sleep(TimeSpan.FromSeconds(30), cancellation.Token);

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the sleep took {watch.Elapsed}");
            Assert.True(SystemWaitClock.Instance.Now > before);
        }
    }
}
