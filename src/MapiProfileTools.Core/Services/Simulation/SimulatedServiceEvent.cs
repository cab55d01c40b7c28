using System;

namespace MapiProfileTools.Core.Services.Simulation
{
    internal enum SimulatedServiceEventKind
    {
        /// <summary>Stop was called and accepted: the service is StopPending.</summary>
        StopRequested,

        /// <summary>Stop was called and refused; <see cref="SimulatedServiceEvent.Detail"/> has the Win32 error.</summary>
        StopRefused,

        /// <summary>The service reached Stopped after a stop.</summary>
        Stopped,

        /// <summary>Start was called and accepted, or the SCM starts the service as a parent of one being started.</summary>
        StartRequested,

        /// <summary>Start was called and refused; <see cref="SimulatedServiceEvent.Detail"/> has the Win32 error.</summary>
        StartRefused,

        /// <summary>The service reached Running.</summary>
        Started,

        /// <summary>A start ended in Stopped instead of Running.</summary>
        StartFailed,

        /// <summary>A running service stopped without being asked (a crash).</summary>
        StoppedItself,
    }

    /// <summary>One line of the simulator's event log, stamped with virtual time.</summary>
    internal sealed class SimulatedServiceEvent
    {
        internal SimulatedServiceEvent(TimeSpan at, string serviceName, SimulatedServiceEventKind kind, string? detail)
        {
            At = at;
            ServiceName = serviceName;
            Kind = kind;
            Detail = detail;
        }

        public TimeSpan At { get; }

        public string ServiceName { get; }

        public SimulatedServiceEventKind Kind { get; }

        public string? Detail { get; }

        public override string ToString() => $"{At.TotalSeconds,8:0.000}s {Kind} {ServiceName}" + (Detail == null ? string.Empty : $" ({Detail})");
    }
}
