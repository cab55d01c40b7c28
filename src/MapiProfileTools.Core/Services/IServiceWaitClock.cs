using System;
using System.Diagnostics;
using System.Threading;

namespace MapiProfileTools.Core.Services
{
    /// <summary>
    /// The time source of the restart engine's waits. Injected so that tests run against a virtual clock
    /// (see <see cref="Simulation.SimulatedClock"/>) and finish in milliseconds, deterministically.
    /// </summary>
    public interface IServiceWaitClock
    {
        /// <summary>Monotonic time since an arbitrary origin; only differences are meaningful.</summary>
        TimeSpan Now { get; }

        /// <summary>Waits for <paramref name="duration"/>, returning early (without throwing) when <paramref name="cancellation"/> fires.</summary>
        void Sleep(TimeSpan duration, CancellationToken cancellation);
    }

    /// <summary>The real clock: a Stopwatch (immune to wall-clock changes) and a cancellable wait.</summary>
    public sealed class SystemWaitClock : IServiceWaitClock
    {
        public static readonly SystemWaitClock Instance = new SystemWaitClock();

        private readonly Stopwatch _stopwatch = Stopwatch.StartNew();

        private SystemWaitClock()
        {
        }

        public TimeSpan Now => _stopwatch.Elapsed;

        public void Sleep(TimeSpan duration, CancellationToken cancellation)
        {
            if (duration > TimeSpan.Zero)
            {
                // The token's wait handle wakes up at once on Ctrl+C; Thread.Sleep would not.
                cancellation.WaitHandle.WaitOne(duration);
            }
        }
    }
}
