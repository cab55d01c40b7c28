using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Core.Profiles
{
    /// <summary>
    /// Turns a profile property's registry data into a value of its MAPI type. MAPI normally stores every
    /// property as REG_BINARY whatever its type; data stored as REG_SZ or REG_DWORD is decoded as stored.
    /// Data that does not fit its type is returned as the raw bytes rather than guessed at.
    /// </summary>
    public static class MapiValueDecoder
    {
        // Windows-1252 differs from Latin-1 only in 0x80-0x9F; the ANSI code page of Western Exchange servers.
        private static readonly char[] Cp1252High =
        {
            '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021', '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
            '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014', '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
        };

        /// <summary>Parses a registry value name such as "001e6602" into (id, type); false for other names.</summary>
        public static bool TryParseValueName(string name, out ushort id, out ushort type)
        {
            id = 0;
            type = 0;
            return name.Length == 8
                && ushort.TryParse(name.Substring(0, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out type)
                && ushort.TryParse(name.Substring(4, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id);
        }

        public static object? Decode(ushort type, RegistryValue value)
        {
            byte[] data = value.Data;
            switch (value.Type)
            {
                case RegistryValueType.String:
                case RegistryValueType.ExpandString:
                    return Utf16(data, 0, data.Length);
                case RegistryValueType.DWord when data.Length == 4:
                    return BitConverter.ToInt32(data, 0);
            }

            switch ((MapiPropertyType)type)
            {
                case MapiPropertyType.String8: return Ansi(data, 0, data.Length);
                case MapiPropertyType.Unicode: return Utf16(data, 0, data.Length);
                case MapiPropertyType.Short when data.Length >= 2: return BitConverter.ToInt16(data, 0);
                case MapiPropertyType.Long when data.Length >= 4: return BitConverter.ToInt32(data, 0);
                case MapiPropertyType.Boolean when data.Length >= 2: return data.Any(b => b != 0);
                case MapiPropertyType.LongLong when data.Length >= 8: return BitConverter.ToInt64(data, 0);
                case MapiPropertyType.SystemTime when data.Length >= 8: return FileTime(BitConverter.ToInt64(data, 0));
                case MapiPropertyType.ClassId when data.Length >= 16: return new Guid(data.Take(16).ToArray());
                case MapiPropertyType.MultiString8: return Multi(data, (d, s, e) => Ansi(d, s, e - s)) ?? (object)data;
                case MapiPropertyType.MultiUnicode: return Multi(data, (d, s, e) => Utf16(d, s, e - s)) ?? (object)data;
                case MapiPropertyType.MultiBinary: return Multi(data, (d, s, e) => d.Skip(s).Take(e - s).ToArray()) ?? (object)data;
                case MapiPropertyType.MultiLong when data.Length >= 4 && data.Length % 4 == 0:
                    return Enumerable.Range(0, data.Length / 4).Select(i => BitConverter.ToInt32(data, i * 4)).ToArray();
                default: return data;
            }
        }

        /// <summary>A short text for a value, for ToString and messages.</summary>
        public static string Display(object? value)
        {
            switch (value)
            {
                case null: return string.Empty;
                case byte[] bytes: return bytes.Length <= 32 ? BitConverter.ToString(bytes) : BitConverter.ToString(bytes, 0, 32) + $"… ({bytes.Length} bytes)";
                case string[] strings: return string.Join("; ", strings);
                case Array array: return string.Join("; ", array.Cast<object>().Select(Display));
                default: return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }

        /// <summary>The 16 bytes of a MAPIUID as the registry names its section: 32 lower-case hex digits.</summary>
        public static string UidToSectionName(byte[] data, int offset)
        {
            var text = new StringBuilder(32);
            for (int i = 0; i < 16; i++)
            {
                text.Append(data[offset + i].ToString("x2", CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }

        private static string Ansi(byte[] data, int start, int length)
        {
            var text = new StringBuilder(length);
            for (int i = start; i < start + length && data[i] != 0; i++)
            {
                byte b = data[i];
                text.Append(b >= 0x80 && b <= 0x9F ? Cp1252High[b - 0x80] : (char)b);
            }

            return text.ToString();
        }

        private static string Utf16(byte[] data, int start, int length)
        {
            int end = start;
            while (end + 1 < start + length && (data[end] != 0 || data[end + 1] != 0))
            {
                end += 2;
            }

            return Encoding.Unicode.GetString(data, start, end - start);
        }

        private static DateTime? FileTime(long ticks)
        {
            try
            {
                return ticks <= 0 ? (DateTime?)null : DateTime.FromFileTimeUtc(ticks);
            }
            catch (ArgumentOutOfRangeException)
            {
                return null;
            }
        }

        // Multi-valued data: a 32-bit count, that many 32-bit offsets from the start, then the values.
        // Null when the data does not have that shape, so the caller keeps the raw bytes.
        private static T[]? Multi<T>(byte[] data, Func<byte[], int, int, T> element)
        {
            if (data.Length < 4)
            {
                return null;
            }

            long count = BitConverter.ToUInt32(data, 0);
            if (count > (data.Length - 4) / 4)
            {
                return null;
            }

            var offsets = new List<int>((int)count);
            int previous = 4 + ((int)count * 4);
            for (int i = 0; i < count; i++)
            {
                long offset = BitConverter.ToUInt32(data, 4 + (i * 4));
                if (offset < previous || offset > data.Length)
                {
                    return null;
                }

                offsets.Add((int)offset);
                previous = (int)offset;
            }

            var values = new T[count];
            for (int i = 0; i < count; i++)
            {
                int end = i + 1 < count ? offsets[i + 1] : data.Length;
                values[i] = element(data, offsets[i], end);
            }

            return values;
        }
    }
}
