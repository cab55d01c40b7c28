using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MapiProfileTools.Core.PortableExecutable
{
    /// <summary>
    /// Decodes a VS_VERSIONINFO block: the VS_FIXEDFILEINFO value, then the StringFileInfo tables and
    /// the VarFileInfo translation list. Every child length is checked against its parent, and a child
    /// shorter than its own header is an error, so a hostile block cannot loop or read out of bounds.
    /// </summary>
    internal static class VersionInfoParser
    {
        private const uint FixedFileInfoSignature = 0xFEEF04BD;
        private const int FixedFileInfoSize = 52;
        private const int BlockHeaderSize = 6;

        public static (Version File, Version Product, Dictionary<string, string> Strings) Parse(byte[] data, long fileOffset, string path)
        {
            var root = ReadBlock(data, 0, data.Length, fileOffset, path);
            if (!string.Equals(root.Key, "VS_VERSION_INFO", StringComparison.Ordinal))
            {
                throw Corrupt(path, fileOffset, $"the version resource starts with key '{Printable(root.Key)}' instead of VS_VERSION_INFO");
            }

            if (root.ValueLength < FixedFileInfoSize || root.ValueStart + FixedFileInfoSize > root.End)
            {
                throw new PeFormatException(PeProblem.NoVersionResource, path, fileOffset + root.ValueStart, "the version resource carries no VS_FIXEDFILEINFO (fixed file version)");
            }

            int f = root.ValueStart;
            uint signature = LittleEndian.UInt32(data, f);
            if (signature != FixedFileInfoSignature)
            {
                throw Corrupt(path, fileOffset + f, $"VS_FIXEDFILEINFO has signature 0x{signature:X8} instead of 0xFEEF04BD");
            }

            Version fileVersion = ToVersion(LittleEndian.UInt32(data, f + 8), LittleEndian.UInt32(data, f + 12));
            Version productVersion = ToVersion(LittleEndian.UInt32(data, f + 16), LittleEndian.UInt32(data, f + 20));

            var tables = new List<(string Key, Dictionary<string, string> Strings)>();
            var translations = new List<string>();
            foreach (var child in Children(data, root, fileOffset, path))
            {
                if (child.Key == "StringFileInfo")
                {
                    foreach (var table in Children(data, child, fileOffset, path))
                    {
                        var strings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        foreach (var entry in Children(data, table, fileOffset, path))
                        {
                            strings[entry.Key] = ReadText(data, entry.ValueStart, entry.End);
                        }

                        tables.Add((table.Key, strings));
                    }
                }
                else if (child.Key == "VarFileInfo")
                {
                    foreach (var variable in Children(data, child, fileOffset, path))
                    {
                        if (variable.Key != "Translation")
                        {
                            continue;
                        }

                        for (int p = variable.ValueStart; p + 4 <= variable.End && p + 4 <= variable.ValueStart + variable.ValueLength; p += 4)
                        {
                            translations.Add(string.Format(CultureInfo.InvariantCulture, "{0:x4}{1:x4}", LittleEndian.UInt16(data, p), LittleEndian.UInt16(data, p + 2)));
                        }
                    }
                }
            }

            return (fileVersion, productVersion, ChooseTable(tables, translations));
        }

        // Prefer the table the Translation list names first, as Windows' version API does; else the first table.
        private static Dictionary<string, string> ChooseTable(List<(string Key, Dictionary<string, string> Strings)> tables, List<string> translations)
        {
            foreach (string translation in translations)
            {
                foreach (var table in tables)
                {
                    if (string.Equals(table.Key, translation, StringComparison.OrdinalIgnoreCase))
                    {
                        return table.Strings;
                    }
                }
            }

            return tables.Count > 0 ? tables[0].Strings : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }

        private static Version ToVersion(uint ms, uint ls) =>
            new Version((int)(ms >> 16), (int)(ms & 0xFFFF), (int)(ls >> 16), (int)(ls & 0xFFFF));

        private readonly struct Block
        {
            public Block(string key, int start, int end, int valueStart, int valueLength)
            {
                Key = key;
                Start = start;
                End = end;
                ValueStart = valueStart;
                ValueLength = valueLength;
            }

            public string Key { get; }

            public int Start { get; }

            public int End { get; }

            public int ValueStart { get; }

            /// <summary>wValueLength as stored: bytes for binary values, UTF-16 characters for text.</summary>
            public int ValueLength { get; }
        }

        private static Block ReadBlock(byte[] data, int start, int limit, long fileOffset, string path)
        {
            if (start + BlockHeaderSize > limit)
            {
                throw Corrupt(path, fileOffset + start, "a version block header runs past its parent");
            }

            int length = LittleEndian.UInt16(data, start);
            if (length < BlockHeaderSize)
            {
                throw Corrupt(path, fileOffset + start, $"a version block claims a length of {length} bytes, shorter than its own header");
            }

            // Some linkers overstate the root length by a few bytes; the parent bound is what is really there.
            int end = Math.Min(start + length, limit);
            int valueLength = LittleEndian.UInt16(data, start + 2);
            int keyStart = start + BlockHeaderSize;
            int keyEnd = keyStart;
            while (true)
            {
                if (keyEnd + 2 > end)
                {
                    throw Corrupt(path, fileOffset + keyStart, "a version block key is not terminated within the block");
                }

                if (data[keyEnd] == 0 && data[keyEnd + 1] == 0)
                {
                    break;
                }

                keyEnd += 2;
            }

            string key = Encoding.Unicode.GetString(data, keyStart, keyEnd - keyStart);
            int valueStart = Align4(keyEnd + 2);
            return new Block(key, start, end, Math.Min(valueStart, end), valueLength);
        }

        private static IEnumerable<Block> Children(byte[] data, Block parent, long fileOffset, string path)
        {
            // Only blocks with binary or empty values have children here, so ValueLength is in bytes.
            int position = Align4(parent.ValueStart + parent.ValueLength);
            while (position + BlockHeaderSize <= parent.End)
            {
                Block child = ReadBlock(data, position, parent.End, fileOffset, path);
                yield return child;
                position = Align4(child.End);
            }
        }

        private static string ReadText(byte[] data, int start, int end)
        {
            int stop = start;
            while (stop + 2 <= end && (data[stop] != 0 || data[stop + 1] != 0))
            {
                stop += 2;
            }

            return Encoding.Unicode.GetString(data, start, stop - start);
        }

        private static int Align4(int value) => (value + 3) & ~3;

        private static string Printable(string key) => key.Length > 40 ? key.Substring(0, 40) + "…" : key;

        private static PeFormatException Corrupt(string path, long offset, string detail) =>
            new PeFormatException(PeProblem.Corrupt, path, offset, detail);
    }
}
