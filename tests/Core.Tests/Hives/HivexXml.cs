using System;
using System.Collections.Generic;
using System.Globalization;
using System.Xml.Linq;

namespace MapiProfileTools.Core.Tests.Hives
{
    /// <summary>hivexml output, read for what the export leaves out: each key's last-written time (absent when zero).</summary>
    internal static class HivexXml
    {
        /// <summary>Key path below the root ("" for the root) -> last-written time, or null when hivexml gives none.</summary>
        public static Dictionary<string, DateTime?> LastWriteTimes(string path)
        {
            var times = new Dictionary<string, DateTime?>(StringComparer.Ordinal);
            XElement root = XDocument.Load(path).Root!.Element("node")!;
            Add(root, string.Empty, times);
            return times;
        }

        private static void Add(XElement node, string key, Dictionary<string, DateTime?> times)
        {
            string? mtime = node.Element("mtime")?.Value;
            times[key] = mtime == null
                ? (DateTime?)null
                : DateTime.Parse(mtime, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            foreach (XElement child in node.Elements("node"))
            {
                string name = (string)child.Attribute("name")!;
                Add(child, key.Length == 0 ? name : key + "\\" + name, times);
            }
        }
    }
}
