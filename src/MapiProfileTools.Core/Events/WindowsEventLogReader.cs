using System.Collections.Generic;
using System.ComponentModel;
using MapiProfileTools.Core.Native;
using MapiProfileTools.Core.Platform;

namespace MapiProfileTools.Core.Events
{
    /// <summary>The local event log through wevtapi: the filter runs in the event log service.</summary>
    public sealed class WindowsEventLogReader : IEventLogReader
    {
        public WindowsEventLogReader()
        {
            WindowsOnly.Ensure("The Windows event log");
        }

        public IReadOnlyList<EventRecordInfo> Read(EventQuery query)
        {
            var events = new List<EventRecordInfo>();
            try
            {
                using Wevtapi.EventHandle results = Wevtapi.Query(query.Channel, query.ToXPath());
                while (query.MaxEvents == null || events.Count < query.MaxEvents)
                {
                    using Wevtapi.EventHandle? next = Wevtapi.Next(results);
                    if (next == null)
                    {
                        break;
                    }

                    string xml = Wevtapi.RenderXml(next);
                    EventRecordInfo info = EventXml.Parse(xml, null);
                    // The XPath cannot hold a source wildcard; test it here. Format with the event's own source.
                    if (!query.Matches(info.ProviderName, info.Id, info.TimeCreated))
                    {
                        continue;
                    }

                    string? formatted = Wevtapi.FormatMessage(info.ProviderName, next);
                    events.Add(formatted == null ? info : EventXml.Parse(xml, formatted));
                }
            }
            catch (Win32Exception ex)
            {
                throw new EventLogReadException($"Cannot read the {query.Channel} event log: {ex.Message} (error {ex.NativeErrorCode}). Check that the Windows Event Log service runs, and that you may read the log.", ex.NativeErrorCode, ex);
            }

            return events;
        }
    }
}
