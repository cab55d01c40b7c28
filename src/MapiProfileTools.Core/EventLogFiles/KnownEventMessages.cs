using System;

namespace MapiProfileTools.Core.EventLogFiles
{
    /// <summary>
    /// The message texts the module knows for events read from a log file. Offline the source's message DLL
    /// is not there to format a record, so only texts published for the event (the KB article's own wording)
    /// are given; every other event gets none rather than an invented one.
    /// </summary>
    public static class KnownEventMessages
    {
        /// <summary>The text for <paramref name="source"/>'s event <paramref name="id"/> (low 16 bits), or null when the module does not know it.</summary>
        public static string? Find(string source, int id)
        {
            if (string.Equals(source, Health.Kb817375.EventSource, StringComparison.OrdinalIgnoreCase) && id == Health.Kb817375.ProfileFailureEventId)
            {
                // KB 817375: source MSExchangeSA, category Mailbox Management, event 9202.
                return "Failed to open default message store.";
            }

            return null;
        }
    }
}
