using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Core.RegFiles
{
    /// <summary>
    /// Writes registry keys in the text form regedit exports and imports ("Windows Registry Editor Version
    /// 5.00", the form Windows 2000's regedit reads): one [key] section each, a value per line, hex data
    /// wrapped as regedit wraps it. A value is written as a quoted string or dword only when importing that
    /// gives back the same bytes; everything else is hex(type), so an import restores type and bytes exactly.
    /// The caller owns the stream and its encoding (<see cref="Encoding"/>: UTF-16LE with a byte-order mark).
    /// </summary>
    public sealed class RegFileWriter
    {
        public const string Header = "Windows Registry Editor Version 5.00";

        // regedit (and Wine's, written to match it) breaks a hex line once it reaches 77 characters and
        // indents the continuation by two spaces, so lines stay within 80 columns.
        private const int MaxHexLineLength = 77;
        private const string NewLine = "\r\n";
        private readonly TextWriter _output;

        public RegFileWriter(TextWriter output) => _output = output;

        /// <summary>UTF-16LE with a byte-order mark, as regedit writes version 5.00 files.</summary>
        public static Encoding Encoding { get; } = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);

        public void WriteHeader()
        {
            _output.Write(Header);
            _output.Write(NewLine);
            _output.Write(NewLine);
        }

        /// <summary>One [key] section: <paramref name="fullPath"/> as regedit names it (HKEY_USERS\...), then its values.</summary>
        public void WriteKey(string fullPath, IEnumerable<RegistryValue> values)
        {
            string? problem = KeyNameProblem(fullPath);
            if (problem != null)
            {
                throw new ArgumentException(problem, nameof(fullPath));
            }

            _output.Write('[');
            _output.Write(fullPath);
            _output.Write(']');
            _output.Write(NewLine);
            foreach (RegistryValue value in values)
            {
                _output.Write(FormatValue(value));
                _output.Write(NewLine);
            }

            _output.Write(NewLine);
        }

        /// <summary>Why a key path cannot be written to a .reg file, or null when it can.</summary>
        public static string? KeyNameProblem(string path) =>
            path.IndexOfAny(LineBreaks) >= 0 ? $"The key name '{Printable(path)}' holds a line break, which a .reg file cannot carry." : null;

        /// <summary>Why a value cannot be written to a .reg file, or null when it can.</summary>
        public static string? ValueProblem(RegistryValue value) =>
            value.Name.IndexOfAny(LineBreaks) >= 0 ? $"The value name '{Printable(value.Name)}' holds a line break, which a .reg file cannot carry." : null;

        /// <summary>One value as its line(s) in the file, without the final line break.</summary>
        public static string FormatValue(RegistryValue value)
        {
            string? problem = ValueProblem(value);
            if (problem != null)
            {
                throw new ArgumentException(problem, nameof(value));
            }

            var text = new StringBuilder();
            if (value.Name.Length == 0)
            {
                text.Append("@=");
            }
            else
            {
                text.Append('"').Append(Escape(value.Name)).Append("\"=");
            }

            byte[] data = value.Data;
            if (value.Type == RegistryValueType.String && TryGetQuotableString(data, out string? quoted))
            {
                text.Append('"').Append(Escape(quoted!)).Append('"');
                return text.ToString();
            }

            if (value.Type == RegistryValueType.DWord && data.Length == 4)
            {
                text.Append("dword:").Append(BitConverter.ToUInt32(data, 0).ToString("x8", CultureInfo.InvariantCulture));
                return text.ToString();
            }

            text.Append(value.Type == RegistryValueType.Binary ? "hex:" : "hex(" + ((uint)value.Type).ToString("x", CultureInfo.InvariantCulture) + "):");
            int lineLength = text.Length;
            for (int i = 0; i < data.Length; i++)
            {
                text.Append(data[i].ToString("x2", CultureInfo.InvariantCulture));
                if (i == data.Length - 1)
                {
                    break;
                }

                text.Append(',');
                lineLength += 3;
                if (lineLength >= MaxHexLineLength)
                {
                    text.Append('\\').Append(NewLine).Append("  ");
                    lineLength = 2;
                }
            }

            return text.ToString();
        }

        /// <summary>
        /// A REG_SZ is written as "text" only when every importer stores exactly these bytes again: printable
        /// ASCII ending in one NUL character. Anything else is hex(1): no terminator, a NUL inside (regedit
        /// would cut the string there), an odd length, a line break (a .reg line cannot hold one), and also
        /// non-ASCII text, which regedit reads back fine from a UTF-16 file but an importer that reads the
        /// file in an 8-bit encoding (hivexregedit, the older REGEDIT4 tools) would store differently.
        /// </summary>
        private static bool TryGetQuotableString(byte[] data, out string? text)
        {
            text = null;
            if (data.Length < 2 || data.Length % 2 != 0 || data[data.Length - 1] != 0 || data[data.Length - 2] != 0)
            {
                return false;
            }

            var chars = new char[(data.Length / 2) - 1];
            for (int i = 0; i < chars.Length; i++)
            {
                if (data[(2 * i) + 1] != 0 || data[2 * i] < 0x20 || data[2 * i] > 0x7E)
                {
                    return false;
                }

                chars[i] = (char)data[2 * i];
            }

            text = new string(chars);
            return true;
        }

        private static readonly char[] LineBreaks = { '\r', '\n' };

        private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");

        private static string Printable(string text) => text.Replace("\r", "\\r").Replace("\n", "\\n");
    }
}
