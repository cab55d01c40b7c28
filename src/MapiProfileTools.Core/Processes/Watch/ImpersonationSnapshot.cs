using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Processes.Watch
{
    /// <summary>One MAPI process at one sampling moment: who it is, what it loaded, whom it impersonates.</summary>
    public sealed class MapiProcessSample
    {
        public MapiProcessSample(int processId, string processName, DateTime? startTime, string? userName, IReadOnlyList<string> serviceNames,
            string modulePath, Version? moduleVersion, IReadOnlyList<string>? impersonatedUsers, bool isExchange = false)
        {
            IsExchange = isExchange;
            ProcessId = processId;
            ProcessName = processName;
            StartTime = startTime;
            UserName = userName;
            ServiceNames = serviceNames;
            ModulePath = modulePath;
            ModuleVersion = moduleVersion;
            ImpersonatedUsers = impersonatedUsers;
        }

        public int ProcessId { get; }

        public string ProcessName { get; }

        /// <summary>With the id, tells a process from a later one that reuses its id.</summary>
        public DateTime? StartTime { get; }

        public string? UserName { get; }

        public IReadOnlyList<string> ServiceNames { get; }

        public string ModulePath { get; }

        public Version? ModuleVersion { get; }

        /// <summary>Accounts impersonated now, other than the process's own; null when they could not be read.</summary>
        public IReadOnlyList<string>? ImpersonatedUsers { get; }

        /// <summary>The process is Exchange's own (see <see cref="ExchangeProcessClassifier"/>).</summary>
        public bool IsExchange { get; }
    }

    /// <summary>Takes one sample of every MAPI process: the seam between the watch loop and the process table.</summary>
    public interface IMapiProcessSampler
    {
        IReadOnlyList<MapiProcessSample> Sample(System.Threading.CancellationToken cancellation);
    }

    /// <summary>A MAPI process began impersonating an account (it was not, at the previous sample).</summary>
    public sealed class ImpersonationStarted
    {
        public ImpersonationStarted(DateTime timeUtc, MapiProcessSample process, string account)
        {
            TimeUtc = timeUtc;
            Process = process;
            Account = account;
        }

        /// <summary>When the sample that saw it was taken (the impersonation began since the sample before).</summary>
        public DateTime TimeUtc { get; }

        public MapiProcessSample Process { get; }

        public string Account { get; }
    }

    /// <summary>Where a watch is, for a progress bar.</summary>
    public sealed class WatchProgress
    {
        public WatchProgress(int samples, int processes, int events, int unreadable, TimeSpan elapsed, TimeSpan? duration)
        {
            Samples = samples;
            Processes = processes;
            Events = events;
            Unreadable = unreadable;
            Elapsed = elapsed;
            Duration = duration;
        }

        public int Samples { get; }

        /// <summary>MAPI processes in the last sample.</summary>
        public int Processes { get; }

        /// <summary>Impersonations seen starting so far.</summary>
        public int Events { get; }

        /// <summary>MAPI processes in the last sample whose threads could not be read.</summary>
        public int Unreadable { get; }

        public TimeSpan Elapsed { get; }

        public TimeSpan? Duration { get; }

        /// <summary>0–100 of the duration; null for a watch without one.</summary>
        public int? PercentComplete => Duration is TimeSpan d && d > TimeSpan.Zero
            ? (int)Math.Min(100, Elapsed.Ticks * 100 / d.Ticks)
            : (int?)null;
    }
}
