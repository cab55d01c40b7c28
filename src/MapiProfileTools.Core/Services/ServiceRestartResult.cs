using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Services
{
    /// <summary>
    /// The outcome of <see cref="ServiceRestarter.Execute"/>: one record per service touched, and one
    /// message that names every service left not running. Per-service problems are reported here, never
    /// thrown; <see cref="ThrowIfFailed"/> turns a failure into one exception for callers that want that.
    /// </summary>
    public sealed class ServiceRestartResult
    {
        internal ServiceRestartResult(
            ServiceRestartPlan plan,
            IReadOnlyList<ServiceRestartRecord> records,
            IReadOnlyList<ServiceRestartRecord> notRunning,
            bool succeeded,
            bool timedOut,
            bool canceled,
            bool recovered,
            TimeSpan duration,
            string? message)
        {
            Plan = plan;
            Records = records;
            NotRunning = notRunning;
            Succeeded = succeeded;
            TimedOut = timedOut;
            Canceled = canceled;
            Recovered = recovered;
            Duration = duration;
            Message = message;
        }

        public ServiceRestartPlan Plan { get; }

        /// <summary>The target first, then each dependent touched, in start order.</summary>
        public IReadOnlyList<ServiceRestartRecord> Records { get; }

        /// <summary>The services that should be running at the end (the target, and every dependent that was active) and are not.</summary>
        public IReadOnlyList<ServiceRestartRecord> NotRunning { get; }

        /// <summary>True when every step worked and everything that should run, runs. False after any error, even a recovered one.</summary>
        public bool Succeeded { get; }

        /// <summary>The overall timeout ran out (while waiting on a service, or between two services).</summary>
        public bool TimedOut { get; }

        /// <summary>The CancellationToken fired (Ctrl+C).</summary>
        public bool Canceled { get; }

        /// <summary>The recovery ran: something was not running after the planned steps, so it was started again.</summary>
        public bool Recovered { get; }

        public TimeSpan Duration { get; }

        /// <summary>Null on success; otherwise what went wrong first and which services are left not running.</summary>
        public string? Message { get; }

        public void ThrowIfFailed()
        {
            if (!Succeeded)
            {
                throw new ServiceRestartException(this);
            }
        }

        public override string ToString() => Message ?? $"Restarted {Plan.Target} and {Plan.DependentsToRestart.Count} dependent service(s) in {Duration}.";
    }

    /// <summary>A restart that did not fully succeed; <see cref="Result"/> has the records.</summary>
    public sealed class ServiceRestartException : Exception
    {
        public ServiceRestartException(ServiceRestartResult result)
            : base(result.Message ?? "The restart failed.")
        {
            Result = result;
        }

        public ServiceRestartResult Result { get; }
    }
}
