using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace MapiProfileTools.Core.Events
{
    /// <summary>
    /// What to ask the event log for, as the XPath filter the event log service evaluates itself.
    /// </summary>
    public sealed class EventQuery
    {
        public EventQuery(string channel, string provider, IReadOnlyList<int> ids, DateTime? after, int? maxEvents)
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
        }

        public string Channel { get; }

        public string Provider { get; }

        public IReadOnlyList<int> Ids { get; }

        public DateTime? After { get; }

        public int? MaxEvents { get; }

        /// <summary>The structured-query XPath: provider, any of the ids, and the time lower bound in UTC.</summary>
        public string ToXPath()
        {
            var filter = new StringBuilder();
            filter.Append("*[System[Provider[@Name='").Append(Provider).Append("']");
            if (Ids.Count > 0)
            {
                filter.Append(" and (").Append(string.Join(" or ", Ids.Select(id => "EventID=" + id.ToString(CultureInfo.InvariantCulture)))).Append(')');
            }

            if (After != null)
            {
                string utc = After.Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                filter.Append(" and TimeCreated[@SystemTime>='").Append(utc).Append("']");
            }

            return filter.Append("]]").ToString();
        }
    }
}
