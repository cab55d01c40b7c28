using System;
using System.Collections.Generic;
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
            XElement? eventId = system.Element(Schema + "EventID");
            int id = int.Parse(eventId?.Value ?? "0", CultureInfo.InvariantCulture);
            int level = int.Parse(system.Element(Schema + "Level")?.Value ?? "0", CultureInfo.InvariantCulture);
            string? created = system.Element(Schema + "TimeCreated")?.Attribute("SystemTime")?.Value;
            DateTime time = created == null ? DateTime.MinValue : DateTime.Parse(created, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).ToLocalTime();
            string computer = system.Element(Schema + "Computer")?.Value ?? string.Empty;
            List<string> strings = root.Element(Schema + "EventData")?.Elements(Schema + "Data").Select(d => d.Value).ToList() ?? new List<string>();

            // Classic (pre-Vista style) sources such as MSExchangeSA keep the severity and facility bits in
            // Qualifiers; the full identifier is what an .evt record stores as its EventID.
            long identifier = id;
            if (ushort.TryParse(eventId?.Attribute("Qualifiers")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out ushort qualifiers))
            {
                identifier = ((long)qualifiers << 16) | (uint)(id & 0xFFFF);
            }

            long? recordNumber = long.TryParse(system.Element(Schema + "EventRecordID")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long number) ? number : (long?)null;
            int? category = int.TryParse(system.Element(Schema + "Task")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int task) ? task : (int?)null;
            string? sid = system.Element(Schema + "Security")?.Attribute("UserID")?.Value;
            byte[]? data = HexBytes(root.Element(Schema + "EventData")?.Element(Schema + "Binary")?.Value);

            // Without the provider's message file (Exchange not installed here), the insertion strings still tell the story.
            string? message = formattedMessage ?? DataStrings(strings);
            return new EventRecordInfo(time, id, provider, LevelName(level), message, computer, recordNumber, null, identifier, category, string.IsNullOrEmpty(sid) ? null : sid, strings, data);
        }

        /// <summary>The bytes of an EventData Binary element (hexadecimal text), or null when absent or not hexadecimal.</summary>
        private static byte[]? HexBytes(string? hex)
        {
            if (string.IsNullOrEmpty(hex) || hex!.Length % 2 != 0)
            {
                return null;
            }

            var bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                if (!byte.TryParse(hex.Substring(2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
                {
                    return null;
                }
            }

            return bytes;
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

        private static string? DataStrings(List<string> strings)
        {
            var data = strings.Where(v => v.Length > 0).ToList();
            return data.Count == 0 ? null : string.Join(" ", data);
        }
    }
}
