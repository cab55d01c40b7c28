using System;
using System.Collections.Generic;
using System.Text;

namespace MapiProfileTools.Core.Registry
{
    /// <summary>
    /// Reads the plain registry types (REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_DWORD) from a value's raw
    /// bytes. Lenient the way Windows itself is with real data: a missing terminator, an odd trailing byte
    /// or a string stored under the other string type is read, never thrown at; a value of an unrelated
    /// type reads as null, so a caller treats it as absent.
    /// </summary>
    public static class RegistryValueDecoder
    {
        /// <summary>The value as one string (REG_SZ, REG_EXPAND_SZ as stored, unexpanded); the first string of a REG_MULTI_SZ; else null.</summary>
        public static string? AsString(this RegistryValue value)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            switch (value.Type)
            {
                case RegistryValueType.String:
                case RegistryValueType.ExpandString:
                    return Utf16UpToNull(value.Data, 0, out _);
                case RegistryValueType.MultiString:
                    IReadOnlyList<string> strings = AsMultiString(value)!;
                    return strings.Count == 0 ? string.Empty : strings[0];
                default:
                    return null;
            }
        }

        /// <summary>
        /// The strings of a REG_MULTI_SZ (empty strings dropped: an empty string ends the list for Windows,
        /// but some writers leave one at the end only); a REG_SZ or REG_EXPAND_SZ reads as a list of one
        /// (installers do write single dependencies that way); else null.
        /// </summary>
        public static IReadOnlyList<string>? AsMultiString(this RegistryValue value)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            switch (value.Type)
            {
                case RegistryValueType.String:
                case RegistryValueType.ExpandString:
                    string single = Utf16UpToNull(value.Data, 0, out _);
                    return single.Length == 0 ? Array.Empty<string>() : new[] { single };
                case RegistryValueType.MultiString:
                    var list = new List<string>();
                    int offset = 0;
                    while (offset + 1 < value.Data.Length)
                    {
                        string item = Utf16UpToNull(value.Data, offset, out int next);
                        if (item.Length == 0)
                        {
                            // Two NULs: the list's end for Windows; anything after it is slack.
                            break;
                        }

                        list.Add(item);
                        offset = next;
                    }

                    return list;
                default:
                    return null;
            }
        }

        /// <summary>A REG_DWORD (little-endian) or REG_DWORD_BIG_ENDIAN of at least four bytes; else null.</summary>
        public static uint? AsDWord(this RegistryValue value)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            byte[] d = value.Data;
            if (d.Length < 4)
            {
                return null;
            }

            switch (value.Type)
            {
                case RegistryValueType.DWord:
                    return (uint)(d[0] | d[1] << 8 | d[2] << 16 | d[3] << 24);
                case RegistryValueType.DWordBigEndian:
                    return (uint)(d[3] | d[2] << 8 | d[1] << 16 | d[0] << 24);
                default:
                    return null;
            }
        }

        /// <summary>Finds a value by name, ignoring case as Windows does; null when absent.</summary>
        public static RegistryValue? Find(IReadOnlyList<RegistryValue> values, string name)
        {
            foreach (RegistryValue value in values)
            {
                if (string.Equals(value.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            return null;
        }

        private static string Utf16UpToNull(byte[] data, int start, out int next)
        {
            int end = start;
            while (end + 1 < data.Length && (data[end] != 0 || data[end + 1] != 0))
            {
                end += 2;
            }

            // Past the terminator, or to the end (an odd last byte is dropped).
            next = end + 2;
            return Encoding.Unicode.GetString(data, start, Math.Min(end, data.Length & ~1) - start);
        }
    }
}
