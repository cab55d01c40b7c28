using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MapiProfileTools.Core.Services;
using MapiProfileTools.Core.Services.Simulation;
using Xunit;

namespace MapiProfileTools.Core.Tests.Services
{
    /// <summary>
    /// The simulated Exchange server, an engine on its virtual clock, and the checks every fault scenario
    /// shares: it ended within its bound, and each service that was running is running again or is named
    /// in the result's message.
    /// </summary>
    internal sealed class RestartHarness
    {
        public static readonly string[] ExchangeRunningDependents = { "MSExchangeIS", "MSExchangeMTA", "POP3Svc", "IMAP4Svc" };

        public RestartHarness(TimeSpan? timeout = null, TimeSpan? grace = null)
        {
            Simulator = SimulatedServiceControl.CreateExchangeServer();
            Options = new ServiceRestartOptions
            {
                Clock = Simulator.Clock,
                Timeout = timeout ?? TimeSpan.FromMinutes(10),
                RecoveryGracePeriod = grace ?? TimeSpan.FromMinutes(1),
                Progress = Progress.Add,
            };
        }

        public SimulatedServiceControl Simulator { get; }

        public ServiceRestartOptions Options { get; }

        public List<ServiceRestartProgress> Progress { get; } = new List<ServiceRestartProgress>();

        public CancellationTokenSource Cancellation { get; } = new CancellationTokenSource();

        public ServiceRestartResult Restart(string name = "MSExchangeSA")
        {
            var restarter = new ServiceRestarter(Simulator, Options);
            return restarter.Execute(restarter.CreatePlan(name), Cancellation.Token);
        }

        /// <summary>The services that reached a state of the given kind, in event order.</summary>
        public string[] Names(SimulatedServiceEventKind kind) =>
            Simulator.Events.Where(e => e.Kind == kind).Select(e => e.ServiceName).ToArray();

        public string EventLog => string.Join(Environment.NewLine, Simulator.Events);

        /// <summary>The promise of the issue: within the bound, and nothing that ran is silently left down.</summary>
        public void AssertBoundedAndAccounted(ServiceRestartResult result, TimeSpan bound)
        {
            Assert.True(Simulator.Clock.Now <= bound, $"the restart ran {Simulator.Clock.Now}, past its bound {bound}\n{EventLog}");
            foreach (string name in new[] { "MSExchangeSA" }.Concat(ExchangeRunningDependents))
            {
                if (Simulator.StateOf(name) != ServiceState.Running)
                {
                    Assert.Contains(result.NotRunning, r => r.Name == name);
                    Assert.NotNull(result.Message);
                    Assert.Contains($"({name})", result.Message!);
                }
                else
                {
                    Assert.DoesNotContain(result.NotRunning, r => r.Name == name);
                }
            }

            // The stopped dependent stays stopped, and services outside the target's tree are never touched.
            Assert.Equal(ServiceState.Stopped, Simulator.StateOf("MSExchangeES"));
            Assert.DoesNotContain(Simulator.Events, e => e.ServiceName is "MSExchangeES" or "W3SVC" or "RpcSs" or "EventLog");
            Assert.Equal(result.Succeeded, result.Message == null);
            foreach (ServiceRestartRecord record in result.Records)
            {
                Assert.Equal(Simulator.StateOf(record.Name), record.StatusAfter);
            }
        }

        public ServiceRestartRecord Record(ServiceRestartResult result, string name) => Assert.Single(result.Records, r => r.Name == name);
    }
}
