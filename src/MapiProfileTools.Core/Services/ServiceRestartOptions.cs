using System;

namespace MapiProfileTools.Core.Services
{
    /// <summary>How a <see cref="ServiceRestarter"/> waits and reports.</summary>
    public sealed class ServiceRestartOptions
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);
        public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(250);
        public static readonly TimeSpan DefaultRecoveryGracePeriod = TimeSpan.FromMinutes(1);

        /// <summary>The overall bound of the restart: every wait gets only what is left of it.</summary>
        public TimeSpan Timeout { get; set; } = DefaultTimeout;

        /// <summary>How often a wait asks the service control manager for the state.</summary>
        public TimeSpan PollInterval { get; set; } = DefaultPollInterval;

        /// <summary>
        /// The least time the recovery (starting again what was running) gets after a failure, even when
        /// the failure was that <see cref="Timeout"/> ran out: a timeout must not leave the services down
        /// just because it left no time to bring them back. The recovery uses whatever is left of
        /// <see cref="Timeout"/> when that is more, so the worst case is Timeout + RecoveryGracePeriod.
        /// Zero makes the recovery ask each service to start once without waiting for it.
        /// </summary>
        public TimeSpan RecoveryGracePeriod { get; set; } = DefaultRecoveryGracePeriod;

        /// <summary>The clock of every wait; <see cref="SystemWaitClock"/> unless a test injects a virtual one.</summary>
        public IServiceWaitClock Clock { get; set; } = SystemWaitClock.Instance;

        /// <summary>
        /// Called on the caller's thread at each step and each poll (so throttle before drawing). A callback
        /// that throws is not called again and the restart goes on: a restart must not stop half-way over a
        /// progress bar. Cancel through the CancellationToken instead.
        /// </summary>
        public Action<ServiceRestartProgress>? Progress { get; set; }

        internal void Validate()
        {
            if (Timeout <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The restart timeout must be greater than zero.");
            }

            if (PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromMinutes(1))
            {
                throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "The poll interval must be greater than zero and at most one minute.");
            }

            if (RecoveryGracePeriod < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(RecoveryGracePeriod), RecoveryGracePeriod, "The recovery grace period cannot be negative.");
            }

            if (Clock == null)
            {
                throw new ArgumentNullException(nameof(Clock));
            }
        }
    }
}
