using System;
using System.Linq;
using MapiProfileTools.Core.Services;
using MapiProfileTools.Core.Services.Simulation;
using Xunit;

namespace MapiProfileTools.Core.Tests.Services
{
    /// <summary>The plan is worked out from the SCM's dependency answers alone and changes nothing (-WhatIf).</summary>
    public class ServiceRestartPlanTests
    {
        private static string[] Steps(ServiceRestartPlan plan, ServiceRestartAction action) =>
            plan.Steps.Where(s => s.Action == action).Select(s => s.Service.Name).ToArray();

        [Fact]
        public void ExchangePlanStopsDeepestFirstAndStartsParentsFirst()
        {
            var simulator = SimulatedServiceControl.CreateExchangeServer();

            ServiceRestartPlan plan = ServiceRestartPlan.Create(simulator, "MSExchangeSA");

            Assert.Equal(new[] { "POP3Svc", "IMAP4Svc", "MSExchangeES", "MSExchangeIS", "MSExchangeMTA" }.OrderBy(n => n), plan.Dependents.Select(d => d.Name).OrderBy(n => n));
            Assert.Equal(new[] { "IMAP4Svc", "POP3Svc", "MSExchangeMTA", "MSExchangeIS", "MSExchangeSA" }, Steps(plan, ServiceRestartAction.Stop));
            Assert.Equal(new[] { "MSExchangeSA", "MSExchangeIS", "MSExchangeMTA", "POP3Svc", "IMAP4Svc" }, Steps(plan, ServiceRestartAction.Start));
            Assert.Equal(Enumerable.Range(1, 10), plan.Steps.Select(s => s.Number));
            Assert.Equal("MSExchangeES", Assert.Single(plan.DependentsNotRestarted).Name);
            Assert.Equal(ServiceRestartRole.Target, plan.Steps.Single(s => s.Action == ServiceRestartAction.Stop && s.Service.Name == "MSExchangeSA").Role);
            Assert.Equal(2, plan.Steps.First().Depth);
            Assert.Contains("Leave Microsoft Exchange Event (MSExchangeES) stopped.", plan.Describe());
            Assert.Equal("stop IMAP4Svc, POP3Svc, MSExchangeMTA, MSExchangeIS, MSExchangeSA; then start MSExchangeSA, MSExchangeIS, MSExchangeMTA, POP3Svc, IMAP4Svc", plan.ToString());
        }

        [Fact]
        public void PlanningAsksNothingOfTheServices()
        {
            var simulator = SimulatedServiceControl.CreateExchangeServer();
            var before = simulator.GetServices().Select(s => (s.Name, s.State)).ToArray();

            var restarter = new ServiceRestarter(simulator, new ServiceRestartOptions { Clock = simulator.Clock });
            ServiceRestartPlan plan = restarter.CreatePlan("MSExchangeSA");
            _ = plan.Describe();

            Assert.Equal(0, simulator.ControlRequestCount);
            Assert.Empty(simulator.Events);
            Assert.Equal(before, simulator.GetServices().Select(s => (s.Name, s.State)).ToArray());
        }

        [Fact]
        public void MissingTargetIsNotFoundBeforeAnyAction()
        {
            var simulator = SimulatedServiceControl.CreateExchangeServer();
            var restarter = new ServiceRestarter(simulator, new ServiceRestartOptions { Clock = simulator.Clock });

            var error = Assert.Throws<ServiceControlException>(() => restarter.Restart("MSExchangeXX"));

            Assert.Equal(ServiceFailure.NotFound, error.Failure);
            Assert.Equal("MSExchangeXX", error.ServiceName);
            Assert.Contains("MSExchangeXX", error.Message);
            Assert.Equal(0, simulator.ControlRequestCount);
        }

        [Fact]
        public void NamesAreMatchedWithoutRegardToCase()
        {
            var simulator = SimulatedServiceControl.CreateExchangeServer();

            ServiceRestartPlan plan = ServiceRestartPlan.Create(simulator, "msexchangesa");

            Assert.Equal("MSExchangeSA", plan.Target.Name);
            Assert.Equal(10, plan.Steps.Count);
        }

        [Fact]
        public void DiamondDependentIsStoppedOnceAfterBothParentsAreStoppedAndStartedAfterBoth()
        {
            // D depends on B and C, which both depend on A; C also depends on B.
            var simulator = new SimulatedServiceControl()
                .AddService("A", "A", ServiceState.Running)
                .AddService("D", "D", ServiceState.Running, "B", "C")
                .AddService("C", "C", ServiceState.Running, "A", "B")
                .AddService("B", "B", ServiceState.Running, "A");

            ServiceRestartPlan plan = ServiceRestartPlan.Create(simulator, "A");

            Assert.Equal(new[] { "A", "B", "C", "D" }, Steps(plan, ServiceRestartAction.Start));
            Assert.Equal(new[] { "D", "C", "B", "A" }, Steps(plan, ServiceRestartAction.Stop));
        }

        [Fact]
        public void CycleReportedByTheServiceControlManagerEndsAndIsNoted()
        {
            var cyclic = new CyclicServiceControl();

            ServiceRestartPlan plan = ServiceRestartPlan.Create(cyclic, "Target");

            Assert.Equal(new[] { "Target", "X", "Y", "Z" }, Steps(plan, ServiceRestartAction.Start));
            Assert.Equal(new[] { "Z", "Y", "X", "Target" }, Steps(plan, ServiceRestartAction.Stop));
            Assert.Contains(plan.Notes, n => n.Contains("cycle"));
        }

        [Fact]
        public void StoppedTargetIsStartedWithItsStoppedStateNoted()
        {
            var simulator = new SimulatedServiceControl()
                .AddService("Svc", "Some Service", ServiceState.Stopped)
                .AddService("Child", "Child", ServiceState.Stopped, "Svc");

            ServiceRestartPlan plan = ServiceRestartPlan.Create(simulator, "Svc");

            ServiceRestartStep step = Assert.Single(plan.Steps);
            Assert.Equal(ServiceRestartAction.Start, step.Action);
            Assert.Equal(ServiceState.Stopped, step.Service.State);
            Assert.Contains(plan.Notes, n => n.Contains("not running"));
        }

        [Fact]
        public void PausedDependentIsRestartedAndSaidSo()
        {
            var simulator = new SimulatedServiceControl()
                .AddService("Svc", "Svc", ServiceState.Running)
                .AddService("Paused", "Paused", ServiceState.Paused, "Svc");

            ServiceRestartPlan plan = ServiceRestartPlan.Create(simulator, "Svc");

            Assert.Equal(new[] { "Svc", "Paused" }, Steps(plan, ServiceRestartAction.Start));
            Assert.Contains(plan.Notes, n => n.Contains("running, not paused"));
        }

        [Fact]
        public void DependentsThatCannotBeListedStopThePlanBeforeAnyAction()
        {
            var denying = new DenyingDependentsControl(SimulatedServiceControl.CreateExchangeServer());

            var error = Assert.Throws<ServiceControlException>(() => ServiceRestartPlan.Create(denying, "MSExchangeSA"));

            Assert.Equal(ServiceFailure.AccessDenied, error.Failure);
            Assert.Equal(0, denying.Inner.ControlRequestCount);
        }

        [Fact]
        public void EmptyNameIsRejected()
        {
            Assert.Throws<ArgumentException>(() => ServiceRestartPlan.Create(SimulatedServiceControl.CreateExchangeServer(), " "));
        }

        /// <summary>Reports Target -> X -> Y -> Z -> X and Z -> Target, which a real SCM would refuse to configure.</summary>
        private sealed class CyclicServiceControl : IServiceControl
        {
            public ServiceStatusInfo? Query(string name) => new ServiceStatusInfo(name, name, ServiceState.Running, 1);

            public System.Collections.Generic.IReadOnlyList<ServiceStatusInfo> GetDependentServices(string name) => name switch
            {
                "Target" => new[] { Running("X") },
                "X" => new[] { Running("Y") },
                "Y" => new[] { Running("Z") },
                "Z" => new[] { Running("X"), Running("Target"), Running("Z") },
                _ => Array.Empty<ServiceStatusInfo>(),
            };

            public System.Collections.Generic.IReadOnlyList<ServiceStatusInfo> GetServices() => throw new NotSupportedException();

            public void Start(string name) => throw new NotSupportedException();

            public void Stop(string name) => throw new NotSupportedException();

            private static ServiceStatusInfo Running(string name) => new ServiceStatusInfo(name, name, ServiceState.Running, 0);
        }

        /// <summary>Lists the target's dependents but is denied the dependents of MSExchangeIS.</summary>
        private sealed class DenyingDependentsControl : IServiceControl
        {
            public DenyingDependentsControl(SimulatedServiceControl inner) => Inner = inner;

            public SimulatedServiceControl Inner { get; }

            public ServiceStatusInfo? Query(string name) => Inner.Query(name);

            public System.Collections.Generic.IReadOnlyList<ServiceStatusInfo> GetDependentServices(string name) =>
                name == "MSExchangeIS" ? throw new ServiceControlException(name, ServiceFailure.AccessDenied, "Access is denied.", 5) : Inner.GetDependentServices(name);

            public System.Collections.Generic.IReadOnlyList<ServiceStatusInfo> GetServices() => Inner.GetServices();

            public void Start(string name) => Inner.Start(name);

            public void Stop(string name) => Inner.Stop(name);
        }
    }
}
