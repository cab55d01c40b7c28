using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace MapiProfileTools.Core.Events
{
    /// <summary>
    /// What to ask the event log for: as the XPath filter the event log service evaluates itself (live), or as
    /// a test on each record of a log file (<see cref="Matches"/>).
    /// </summary>
    public sealed class EventQuery
    {
        public EventQuery(string channel, string provider, IReadOnlyList<int> ids, DateTime? after, int? maxEvents)
            : this(channel, provider, ids, after, maxEvents, before: null, all: false)
        {
        }

        /// <param name="channel">The live log (Application).</param>
        /// <param name="provider">The source name; may hold wildcards (* ? [a-z]), matched case-insensitively.</param>
        /// <param name="ids">Event IDs (the low 16 bits) to keep; empty keeps every ID.</param>
        /// <param name="after">Keep events created at or after this time.</param>
        /// <param name="maxEvents">At most this many events, the newest.</param>
        /// <param name="before">Keep events created at or before this time.</param>
        /// <param name="all">Every record, whatever its source and ID (the time bounds still apply).</param>
        public EventQuery(string channel, string provider, IReadOnlyList<int> ids, DateTime? after, int? maxEvents, DateTime? before, bool all)
        {
            if (provider.IndexOfAny(new[] { '\'', '"', '<', '>', '&' }) >= 0)
            {
                throw new ArgumentException($"'{provider}' is not a valid event provider name.", nameof(provider));
            }

            Channel = channel;
            Provider = provider;
            Ids = ids;
            After = after;
            MaxEvents = maxEvents;
            Before = before;
            All = all;
            SourcePattern = new EventSourcePattern(provider);
        }

        public string Channel { get; }

        public string Provider { get; }

        public IReadOnlyList<int> Ids { get; }

        public DateTime? After { get; }

        public int? MaxEvents { get; }

        public DateTime? Before { get; }

        /// <summary>Every record, whatever its source and ID.</summary>
        public bool All { get; }

        public EventSourcePattern SourcePattern { get; }

        /// <summary>Whether a record passes the source, ID and time tests (what <see cref="ToXPath"/> asks the service, and the source wildcard it cannot).</summary>
        public bool Matches(string providerName, int id, DateTime timeCreated)
        {
            if (!All && (!SourcePattern.IsMatch(providerName) || (Ids.Count > 0 && !Ids.Contains(id))))
            {
                return false;
            }

            DateTime utc = timeCreated.ToUniversalTime();
            return (After == null || utc >= After.Value.ToUniversalTime()) && (Before == null || utc <= Before.Value.ToUniversalTime());
        }

        /// <summary>
        /// The structured-query XPath: provider, any of the ids, and the time bounds in UTC. A wildcard source is
        /// left out (XPath cannot match one): the reader tests it on each event with <see cref="Matches"/>.
        /// </summary>
        public string ToXPath()
        {
            var filter = new StringBuilder();
            var terms = new List<string>();
            if (!All && !SourcePattern.HasWildcards)
            {
                terms.Add("Provider[@Name='" + Provider + "']");
            }

            if (!All && Ids.Count > 0)
            {
                terms.Add("(" + string.Join(" or ", Ids.Select(id => "EventID=" + id.ToString(CultureInfo.InvariantCulture))) + ")");
            }

            if (After != null)
            {
                terms.Add("TimeCreated[@SystemTime>='" + Utc(After.Value) + "']");
            }

            if (Before != null)
            {
                terms.Add("TimeCreated[@SystemTime<='" + Utc(Before.Value) + "']");
            }

            if (terms.Count == 0)
            {
                return "*";
            }

            return filter.Append("*[System[").Append(string.Join(" and ", terms)).Append("]]").ToString();
        }

        private static string Utc(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
