using System.Collections.Generic;

namespace MapiProfileTools.Core.Events
{
    /// <summary>The seam to the event log; failures are <see cref="EventLogReadException"/>s.</summary>
    public interface IEventLogReader
    {
        /// <summary>Matching events, newest first, at most <see cref="EventQuery.MaxEvents"/>.</summary>
        IReadOnlyList<EventRecordInfo> Read(EventQuery query);
    }
}
