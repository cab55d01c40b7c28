using System;

namespace MapiProfileTools.Core.Services
{
    public enum ServiceRestartPhase
    {
        /// <summary>Stopping the running dependents, deepest first, then the target.</summary>
        Stopping,

        /// <summary>Starting the target, then the dependents that were running, parents first.</summary>
        Starting,

        /// <summary>After a failure, timeout or cancellation: starting again what was running before.</summary>
        Recovering,

        /// <summary>The last report of a restart: nothing is being waited on any more.</summary>
        Completed,
    }

    /// <summary>What the restart is doing now; the cmdlet layer turns it into a progress record.</summary>
    public sealed class ServiceRestartProgress
    {
        internal ServiceRestartProgress(
            ServiceRestartPhase phase,
            ServiceRestartAction action,
            ServiceStatusInfo? service,
            ServiceState? state,
            int stepNumber,
            int stepCount,
            TimeSpan elapsed,
            TimeSpan remaining,
            string description)
        {
            Phase = phase;
            Action = action;
            Service = service;
            State = state;
            StepNumber = stepNumber;
            StepCount = stepCount;
            Elapsed = elapsed;
            Remaining = remaining;
            Description = description;
        }

        public ServiceRestartPhase Phase { get; }

        public ServiceRestartAction Action { get; }

        /// <summary>The service being waited on; null in the <see cref="ServiceRestartPhase.Completed"/> report.</summary>
        public ServiceStatusInfo? Service { get; }

        /// <summary>The state last seen for <see cref="Service"/>, null before the first query.</summary>
        public ServiceState? State { get; }

        /// <summary>1-based step within the phase (the plan's step number while stopping and starting).</summary>
        public int StepNumber { get; }

        public int StepCount { get; }

        public TimeSpan Elapsed { get; }

        /// <summary>What is left of the bound that applies to the current wait.</summary>
        public TimeSpan Remaining { get; }

        /// <summary>0..100, from the step position; 100 when completed.</summary>
        public int PercentComplete => Phase == ServiceRestartPhase.Completed || StepCount == 0 ? 100 : Math.Min(99, (StepNumber - 1) * 100 / StepCount);

        /// <summary>One line for a person, e.g. "Waiting for Microsoft Exchange MTA Stacks (MSExchangeMTA) to stop (StopPending)".</summary>
        public string Description { get; }

        public override string ToString() => Description;
    }
}
