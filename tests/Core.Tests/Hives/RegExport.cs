using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.Registry;
using Xunit;

namespace MapiProfileTools.Core.Tests.Hives
{
    /// <summary>
    /// hivexregedit --export output, parsed: keys (paths below the prefix, the root as "") and their values as
    /// type and bytes. Written for the test only, apart from the reader under test: it is the oracle.
    /// </summary>
    internal sealed class RegExport
    {
        private RegExport(Dictionary<string, Dictionary<string, (uint Type, byte[] Data)>> keys) => Keys = keys;

        /// <summary>Key path (case as stored) -> value name ("" for the default value) -> type and data.</summary>
        public Dictionary<string, Dictionary<string, (uint Type, byte[] Data)>> Keys { get; }

        public static RegExport Load(string path, string prefix)
        {
            var keys = new Dictionary<string, Dictionary<string, (uint, byte[])>>(StringComparer.Ordinal);
            Dictionary<string, (uint, byte[])>? current = null;
            foreach (string line in LogicalLines(File.ReadAllText(path, Encoding.UTF8)))
            {
                if (line.Length == 0 || line.StartsWith("Windows Registry Editor", StringComparison.Ordinal) || line.StartsWith(";", StringComparison.Ordinal))
                {
                    continue;
                }

                if (line.StartsWith("[", StringComparison.Ordinal))
                {
                    string key = line.Substring(1, line.Length - 2);
                    if (!key.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        throw new FormatException($"key '{key}' is not under '{prefix}'");
                    }

                    key = key.Substring(prefix.Length).Trim('\\');
                    current = new Dictionary<string, (uint, byte[])>(StringComparer.Ordinal);
                    keys.Add(key, current);
                    continue;
                }

                if (current == null)
                {
                    throw new FormatException($"a value before any key: {line}");
                }

                var (name, rest) = SplitName(line);
                current.Add(name, ParseData(rest));
            }

            return new RegExport(keys);
        }

        /// <summary>Asserts that the tree under <paramref name="root"/> holds exactly these keys and values, types and bytes alike.</summary>
        public void AssertReadAlike(RegfKey root)
        {
            Dictionary<string, RegfKey> keys = HiveWalk.Keys(root);
            Assert.Equal(Keys.Keys.OrderBy(k => k, StringComparer.Ordinal), keys.Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach (var (path, expected) in Keys)
            {
                IReadOnlyList<RegistryValue> values = keys[path].GetValues();
                Assert.Equal(expected.Keys.OrderBy(n => n, StringComparer.Ordinal), values.Select(v => v.Name).OrderBy(n => n, StringComparer.Ordinal));
                foreach (RegistryValue value in values)
                {
                    var (type, data) = expected[value.Name];
                    Assert.True(type == (uint)value.Type, $"{path} \"{value.Name}\": type {(uint)value.Type}, hivex says {type}");
                    Assert.True(data.SequenceEqual(value.Data), $"{path} \"{value.Name}\": {value.Data.Length} bytes differ from hivex's {data.Length}");
                }
            }
        }

        private static IEnumerable<string> LogicalLines(string text)
        {
            var pending = new StringBuilder();
            foreach (string raw in text.Replace("\r\n", "\n").Split('\n'))
            {
                string line = pending.Length > 0 ? raw.TrimStart() : raw;
                if (line.EndsWith("\\", StringComparison.Ordinal) && !line.StartsWith("[", StringComparison.Ordinal))
                {
                    pending.Append(line, 0, line.Length - 1);
                    continue;
                }

                pending.Append(line);
                yield return pending.ToString();
                pending.Clear();
            }
        }

        private static (string Name, string Data) SplitName(string line)
        {
            if (line.StartsWith("@=", StringComparison.Ordinal))
            {
                return (string.Empty, line.Substring(2));
            }

            if (line[0] != '"')
            {
                throw new FormatException($"unexpected line: {line}");
            }

            var name = new StringBuilder();
            for (int i = 1; i < line.Length; i++)
            {
                char c = line[i];
                if (c == '\\')
                {
                    name.Append(line[++i]);
                }
                else if (c == '"')
                {
                    if (line[i + 1] != '=')
                    {
                        throw new FormatException($"no '=' after the name: {line}");
                    }

                    return (name.ToString(), line.Substring(i + 2));
                }
                else
                {
                    name.Append(c);
                }
            }

            throw new FormatException($"unterminated name: {line}");
        }

        private static (uint Type, byte[] Data) ParseData(string text)
        {
            if (text.StartsWith("dword:", StringComparison.Ordinal))
            {
                uint value = uint.Parse(text.Substring(6), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                return (4, BitConverter.GetBytes(value));
            }

            if (text.StartsWith("\"", StringComparison.Ordinal) && text.EndsWith("\"", StringComparison.Ordinal) && text.Length >= 2)
            {
                // A quoted string, as regedit writes REG_SZ and hivexregedit --merge stores it: UTF-16LE, null-terminated.
                string value = text.Substring(1, text.Length - 2).Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
                return (1, Encoding.Unicode.GetBytes(value + "\0"));
            }

            uint type = 3;
            string bytes;
            if (text.StartsWith("hex:", StringComparison.Ordinal))
            {
                bytes = text.Substring(4);
            }
            else if (text.StartsWith("hex(", StringComparison.Ordinal))
            {
                int close = text.IndexOf("):", StringComparison.Ordinal);
                type = uint.Parse(text.Substring(4, close - 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                bytes = text.Substring(close + 2);
            }
            else
            {
                throw new FormatException($"unexpected data: {text}");
            }

            if (bytes.Length == 0)
            {
                return (type, Array.Empty<byte>());
            }

            string[] parts = bytes.Split(',');
            var data = new byte[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                data[i] = byte.Parse(parts[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }

            return (type, data);
        }
    }
}
