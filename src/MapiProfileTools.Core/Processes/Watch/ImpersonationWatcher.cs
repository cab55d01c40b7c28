using System;
using System.Collections.Generic;
using System.Threading;
using MapiProfileTools.Core.Services;

namespace MapiProfileTools.Core.Processes.Watch
{
    /// <summary>
    /// Samples the MAPI processes at an interval and reports each moment one of them starts impersonating
    /// an account. Impersonation is a moment and the profiles' deletion comes later, so a single look
    /// misses the culprit; a watch over a backup window catches it.
    /// </summary>
    /// <remarks>
    /// Memory stays bounded whatever the duration: only the previous sample's (process, account) pairs are
    /// kept, and events are handed out as they happen, never collected. A pair is new when the process
    /// (id and start time, so a reused id is a new process) did not impersonate that account at the previous
    /// sample; the first sample reports what is already going on. Time comes from an injected clock, so the
    /// loop runs in virtual time under test.
    /// </remarks>
    public sealed class ImpersonationWatcher
    {
        private readonly IMapiProcessSampler _sampler;
        private readonly IServiceWaitClock _clock;
        private readonly DateTime _startUtc;

        public ImpersonationWatcher(IMapiProcessSampler sampler, IServiceWaitClock clock, DateTime startUtc, TimeSpan interval, TimeSpan? duration)
        {
            if (interval <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be longer than zero.");
            }

            if (duration is TimeSpan d && d < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(duration), duration, "The duration cannot be negative.");
            }

            _sampler = sampler ?? throw new ArgumentNullException(nameof(sampler));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            _startUtc = startUtc;
            Interval = interval;
            Duration = duration;
        }

        public TimeSpan Interval { get; }

        /// <summary>How long to watch; null: until cancelled.</summary>
        public TimeSpan? Duration { get; }

        /// <summary>Samples taken so far.</summary>
        public int Samples { get; private set; }

        /// <summary>Impersonations seen starting so far.</summary>
        public int Events { get; private set; }

        /// <summary>
        /// Runs until the duration ends or <paramref name="cancellation"/> fires (then it ends quietly,
        /// having handed out everything seen). Lazy: each event is yielded as its sample is taken.
        /// </summary>
        public IEnumerable<ImpersonationStarted> Run(CancellationToken cancellation, Action<WatchProgress>? progress = null)
        {
            TimeSpan origin = _clock.Now;
            var previous = new HashSet<(int, DateTime?, string)>();
            while (!cancellation.IsCancellationRequested)
            {
                TimeSpan sampledAt = _clock.Now - origin;
                IReadOnlyList<MapiProcessSample> samples;
                try
                {
                    samples = _sampler.Sample(cancellation);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                Samples++;
                var current = new HashSet<(int, DateTime?, string)>();
                var started = new List<ImpersonationStarted>();
                int unreadable = 0;
                foreach (MapiProcessSample sample in samples)
                {
                    if (sample.ImpersonatedUsers == null)
                    {
                        unreadable++;
                        continue;
                    }

                    foreach (string account in sample.ImpersonatedUsers)
                    {
                        var key = (sample.ProcessId, sample.StartTime, account.ToUpperInvariant());
                        // A process with several Mapi32.dll rows reports one impersonation once.
                        if (current.Add(key) && !previous.Contains(key))
                        {
                            started.Add(new ImpersonationStarted(_startUtc + sampledAt, sample, account));
                        }
                    }
                }

                previous = current;
                Events += started.Count;
                foreach (ImpersonationStarted item in started)
                {
                    yield return item;
                }

                TimeSpan elapsed = _clock.Now - origin;
                progress?.Invoke(new WatchProgress(Samples, samples.Count, Events, unreadable, elapsed, Duration));
                if (Duration is TimeSpan limit && elapsed >= limit)
                {
                    yield break;
                }

                // Sample on the interval's beat; never sleep past the duration's end.
                TimeSpan wait = Interval - (elapsed - sampledAt);
                if (Duration is TimeSpan end && elapsed + wait > end)
                {
                    wait = end - elapsed;
                }

                _clock.Sleep(wait, cancellation);
            }
        }
    }
}
