using System;
using System.Threading;

namespace MapiProfileTools.Core.Services.Simulation
{
    /// <summary>
    /// The virtual clock of a <see cref="SimulatedServiceControl"/>. Time moves only when someone sleeps on
    /// it or advances it, and every service transition due meanwhile happens at its exact virtual time: a
    /// ten-minute restart with a hung service takes milliseconds and gives the same result every run.
    /// Pass it as <see cref="ServiceRestartOptions.Clock"/> to the engine that drives the simulator.
    /// </summary>
    internal sealed class SimulatedClock : IServiceWaitClock
    {
        private readonly SimulatedServiceControl _owner;

        internal SimulatedClock(SimulatedServiceControl owner)
        {
            _owner = owner;
        }

        public TimeSpan Now => _owner.Now;

        /// <summary>Moves time forward, applying every transition and scheduled action due on the way.</summary>
        public void Advance(TimeSpan by) => _owner.AdvanceTo(_owner.Now + by, CancellationToken.None);

        /// <summary>
        /// Advances by <paramref name="duration"/>; stops advancing at the virtual moment a scheduled action
        /// cancels <paramref name="cancellation"/>, as a real cancellable wait would wake up then.
        /// </summary>
        public void Sleep(TimeSpan duration, CancellationToken cancellation)
        {
            if (!cancellation.IsCancellationRequested && duration > TimeSpan.Zero)
            {
                _owner.AdvanceTo(_owner.Now + duration, cancellation);
            }
        }
    }
}
