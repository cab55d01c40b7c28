using System;
using System.Linq;
using MapiProfileTools.Core.Services;
using MapiProfileTools.Core.Services.Simulation;
using Xunit;

namespace MapiProfileTools.Core.Tests.Services
{
    /// <summary>The simulator keeps the SCM rules the engine relies on, so that a wrong order would fail here as on Windows.</summary>
    public class SimulatedServiceControlTests
    {
        [Fact]
        public void StoppingAServiceWithRunningDependentsFailsLikeWindows()
        {
            var simulator = SimulatedServiceControl.CreateExchangeServer();

            var error = Assert.Throws<ServiceControlException>(() => simulator.Stop("MSExchangeSA"));

            Assert.Equal(1051, error.NativeErrorCode);
            Assert.Equal(ServiceFailure.Failed, error.Failure);
            Assert.Equal(ServiceState.Running, simulator.StateOf("MSExchangeSA"));
            Assert.Equal(SimulatedServiceEventKind.StopRefused, simulator.Events.Single().Kind);
        }

        [Fact]
        public void TransitionsTakeVirtualTime()
        {
            var simulator = new SimulatedServiceControl().AddService("Svc", "Svc", ServiceState.Running);
            simulator.SetTransitionTimes("Svc", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(7));

            simulator.Stop("Svc");
            Assert.Equal(ServiceState.StopPending, simulator.StateOf("Svc"));
            simulator.Clock.Advance(TimeSpan.FromSeconds(4.9));
            Assert.Equal(ServiceState.StopPending, simulator.StateOf("Svc"));
            simulator.Clock.Advance(TimeSpan.FromSeconds(0.1));
            Assert.Equal(ServiceState.Stopped, simulator.StateOf("Svc"));
            Assert.Equal(0, simulator.Query("Svc")!.ProcessId);

            simulator.Start("Svc");
            simulator.Clock.Advance(TimeSpan.FromSeconds(7));
            Assert.Equal(ServiceState.Running, simulator.StateOf("Svc"));
            Assert.NotEqual(0, simulator.Query("Svc")!.ProcessId);
            Assert.Equal(TimeSpan.FromSeconds(12), simulator.Events.Last().At);
        }

        [Fact]
        public void StartingADependentStartsItsStoppedParentsFirst()
        {
            var simulator = SimulatedServiceControl.CreateExchangeServer();
            foreach (string name in new[] { "IMAP4Svc", "POP3Svc", "MSExchangeMTA", "MSExchangeIS", "MSExchangeSA" })
            {
                simulator.Stop(name);
                simulator.Clock.Advance(TimeSpan.FromSeconds(10));
            }

            simulator.Start("POP3Svc");
            Assert.Equal(ServiceState.StartPending, simulator.StateOf("MSExchangeSA"));
            simulator.Clock.Advance(TimeSpan.FromMinutes(1));

            Assert.Equal(new[] { "MSExchangeSA", "MSExchangeIS", "POP3Svc" }, simulator.Events.Where(e => e.Kind == SimulatedServiceEventKind.Started).Select(e => e.ServiceName));
            Assert.Equal(ServiceState.Stopped, simulator.StateOf("MSExchangeMTA"));
            Assert.Equal("parent of POP3Svc", simulator.Events.First(e => e.Kind == SimulatedServiceEventKind.StartRequested && e.ServiceName == "MSExchangeIS").Detail);
        }

        [Fact]
        public void ADependentWhoseParentFailsToStartFailsToo()
        {
            var simulator = new SimulatedServiceControl()
                .AddService("Parent", "Parent", ServiceState.Stopped)
                .AddService("Child", "Child", ServiceState.Stopped, "Parent")
                .InjectFault("Parent", SimulatedServiceFault.StartFails);

            simulator.Start("Child");
            simulator.Clock.Advance(TimeSpan.FromMinutes(1));

            Assert.Equal(ServiceState.Stopped, simulator.StateOf("Child"));
            Assert.Contains(simulator.Events, e => e.ServiceName == "Child" && e.Kind == SimulatedServiceEventKind.StartFailed);
        }

        [Fact]
        public void HangsLastForEver()
        {
            var simulator = new SimulatedServiceControl()
                .AddService("A", "A", ServiceState.Running)
                .AddService("B", "B", ServiceState.Stopped)
                .InjectFault("A", SimulatedServiceFault.StopHangs)
                .InjectFault("B", SimulatedServiceFault.StartHangs);

            simulator.Stop("A");
            simulator.Start("B");
            simulator.Clock.Advance(TimeSpan.FromDays(1));

            Assert.Equal(ServiceState.StopPending, simulator.StateOf("A"));
            Assert.Equal(ServiceState.StartPending, simulator.StateOf("B"));
            Assert.Equal(1061, Assert.Throws<ServiceControlException>(() => simulator.Stop("A")).NativeErrorCode);
        }

        [Fact]
        public void AccessDeniedAndRefusedStartsSayWhy()
        {
            var simulator = new SimulatedServiceControl()
                .AddService("A", "A", ServiceState.Running)
                .AddService("B", "B", ServiceState.Stopped)
                .AddService("C", "C", ServiceState.Stopped)
                .InjectFault("A", SimulatedServiceFault.StopAccessDenied)
                .InjectFault("B", SimulatedServiceFault.StartAccessDenied)
                .InjectFault("C", SimulatedServiceFault.StartRefused, occurrences: 1);

            Assert.Equal(ServiceFailure.AccessDenied, Assert.Throws<ServiceControlException>(() => simulator.Stop("A")).Failure);
            Assert.Equal(ServiceFailure.AccessDenied, Assert.Throws<ServiceControlException>(() => simulator.Start("B")).Failure);
            Assert.Equal(1069, Assert.Throws<ServiceControlException>(() => simulator.Start("C")).NativeErrorCode);
            simulator.Start("C");
            Assert.Equal(4, simulator.ControlRequestCount);
        }

        [Fact]
        public void ACrashLeavesTheDependentsRunning()
        {
            var simulator = SimulatedServiceControl.CreateExchangeServer();
            simulator.Schedule(TimeSpan.FromSeconds(3), () => simulator.StopItself("MSExchangeIS"));

            simulator.Clock.Advance(TimeSpan.FromSeconds(5));

            Assert.Equal(ServiceState.Stopped, simulator.StateOf("MSExchangeIS"));
            Assert.Equal(ServiceState.Running, simulator.StateOf("POP3Svc"));
            SimulatedServiceEvent crash = Assert.Single(simulator.Events);
            Assert.Equal((SimulatedServiceEventKind.StoppedItself, TimeSpan.FromSeconds(3)), (crash.Kind, crash.At));
        }

        [Fact]
        public void UnknownServicesAreNotFoundAndQueryReturnsNull()
        {
            var simulator = SimulatedServiceControl.CreateExchangeServer();

            Assert.Null(simulator.Query("Nope"));
            Assert.Equal(ServiceFailure.NotFound, Assert.Throws<ServiceControlException>(() => simulator.Start("Nope")).Failure);
            Assert.Equal(ServiceFailure.NotFound, Assert.Throws<ServiceControlException>(() => simulator.GetDependentServices("Nope")).Failure);
            Assert.Equal(9, simulator.GetServices().Count);
            Assert.Equal(new[] { "POP3Svc", "IMAP4Svc", "MSExchangeES" }, simulator.GetDependentServices("msexchangeis").Select(s => s.Name));
        }
    }
}
