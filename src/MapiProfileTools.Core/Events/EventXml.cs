using System;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace MapiProfileTools.Core.Events
{
    /// <summary>Reads the fields the module reports from an event's XML rendering (the Event schema).</summary>
    public static class EventXml
    {
        private static readonly XNamespace Schema = "http://schemas.microsoft.com/win/2004/08/events/event";

        public static EventRecordInfo Parse(string xml, string? formattedMessage)
        {
            XElement root = XElement.Parse(xml);
            XElement system = root.Element(Schema + "System") ?? throw new FormatException("The event has no System element.");
            string provider = system.Element(Schema + "Provider")?.Attribute("Name")?.Value ?? string.Empty;
            int id = int.Parse(system.Element(Schema + "EventID")?.Value ?? "0", CultureInfo.InvariantCulture);
            int level = int.Parse(system.Element(Schema + "Level")?.Value ?? "0", CultureInfo.InvariantCulture);
            string? created = system.Element(Schema + "TimeCreated")?.Attribute("SystemTime")?.Value;
            DateTime time = created == null ? DateTime.MinValue : DateTime.Parse(created, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).ToLocalTime();
            string computer = system.Element(Schema + "Computer")?.Value ?? string.Empty;
            // Without the provider's message file (Exchange not installed here), the insertion strings still tell the story.
            string? message = formattedMessage ?? DataStrings(root);
            return new EventRecordInfo(time, id, provider, LevelName(level), message, computer);
        }

        public static string LevelName(int level)
        {
            switch (level)
            {
                case 1: return "Critical";
                case 2: return "Error";
                case 3: return "Warning";
                case 5: return "Verbose";
                default: return "Information";
            }
        }

        private static string? DataStrings(XElement root)
        {
            var data = root.Element(Schema + "EventData")?.Elements(Schema + "Data").Select(d => d.Value).Where(v => v.Length > 0).ToList();
            return data == null || data.Count == 0 ? null : string.Join(" ", data);
        }
    }
}
