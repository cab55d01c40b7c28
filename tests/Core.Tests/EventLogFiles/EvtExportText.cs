using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace MapiProfileTools.Core.Tests.EventLogFiles
{
    /// <summary>One record as libevt's evtexport prints it.</summary>
    internal sealed class EvtExportRecord
    {
        public uint Number { get; set; }

        public DateTime Created { get; set; }

        public DateTime Written { get; set; }

        public int EventType { get; set; }

        public string? UserSid { get; set; }

        public string Computer { get; set; } = string.Empty;

        public string Source { get; set; } = string.Empty;

        public int Category { get; set; }

        public uint Identifier { get; set; }

        public List<string> Strings { get; } = new List<string>();
    }

    /// <summary>Parses evtexport's text output ("Name\t\t: value" lines, a blank line between records).</summary>
    internal static class EvtExportText
    {
        public static List<EvtExportRecord> Parse(string path)
        {
            var records = new List<EvtExportRecord>();
            EvtExportRecord? current = null;
            foreach (string line in File.ReadAllLines(path, Encoding.UTF8))
            {
                // "Name<tabs>: value": the name ("String: 1") and the value may hold colons, the tabs end the name.
                int colon = line.IndexOf("\t:", StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }

                string name = line.Substring(0, colon).TrimEnd('\t');
                string value = line.Length > colon + 3 ? line.Substring(colon + 3) : string.Empty;
                switch (name)
                {
                    case "Event number":
                        current = new EvtExportRecord { Number = uint.Parse(value, CultureInfo.InvariantCulture) };
                        records.Add(current);
                        break;
                    case "Creation time":
                        current!.Created = Time(value);
                        break;
                    case "Written time":
                        current!.Written = Time(value);
                        break;
                    case "Event type":
                        current!.EventType = int.Parse(value.Substring(value.LastIndexOf('(') + 1).TrimEnd(')'), CultureInfo.InvariantCulture);
                        break;
                    case "User security identifier":
                        current!.UserSid = value;
                        break;
                    case "Computer name":
                        current!.Computer = value;
                        break;
                    case "Source name":
                        current!.Source = value;
                        break;
                    case "Event category":
                        current!.Category = int.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case "Event identifier":
                        current!.Identifier = uint.Parse(value.Substring(2, value.IndexOf(' ') - 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        break;
                    default:
                        if (name.StartsWith("String: ", StringComparison.Ordinal))
                        {
                            current!.Strings.Add(value);
                        }

                        break;
                }
            }

            return records;
        }

        private static DateTime Time(string value) =>
            DateTime.ParseExact(value, "MMM dd, yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }
}
