using System;
using System.Collections.Generic;
using System.Text;

namespace MapiProfileTools.Core.PortableExecutable
{
    /// <summary>
    /// Decodes a VS_VERSIONINFO block: the VS_FIXEDFILEINFO value, then the StringFileInfo tables and
    /// the VarFileInfo translation list. Every child length is checked against its parent, and a child
    /// shorter than its own header is an error, so a hostile block cannot loop or read out of bounds.
    /// Keys are compared where they lie in the data and only the chosen string table is decoded, so a
    /// read allocates its two versions and one string for the table, not a string per key.
    /// </summary>
    internal static class VersionInfoParser
    {
        private const uint FixedFileInfoSignature = 0xFEEF04BD;
        private const int FixedFileInfoSize = 52;
        private const int BlockHeaderSize = 6;
        // Kinds of the positions the first pass records, in file order.
        private const int TableMark = 0;
        private const int TranslationMark = 1;
        private const int MarkSize = 3;
        // Up to this many string tables are matched against the translations by a scan; more (no real file
        // has more than a few) go through a dictionary, so a hostile block cannot make the choice quadratic.
        private const int ScannedTables = 8;

        /// <param name="data">The version resource in its first <paramref name="length"/> bytes.</param>
        /// <param name="fileOffset">Where the resource starts in the file, for error offsets.</param>
        /// <param name="path">The file, for error messages.</param>
        /// <param name="buffers">Working memory, reused across reads.</param>
        public static (Version File, Version Product, VersionStrings Strings) Parse(byte[] data, int length, long fileOffset, string path, PeReadBuffers buffers)
        {
            var root = ReadBlock(data, 0, length, fileOffset, path);
            if (!KeyIs(data, root, "VS_VERSION_INFO"))
            {
                throw Corrupt(path, fileOffset, $"the version resource starts with key '{Printable(KeyText(data, root))}' instead of VS_VERSION_INFO");
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

            // First pass: check every block in file order (the order errors are reported in) and note where
            // the string tables and the translation lists are, as (kind, start, parent's end) triples.
            int marks = 0;
            int c = FirstChild(root);
            while (c + BlockHeaderSize <= root.End)
            {
                Block child = ReadBlock(data, c, root.End, fileOffset, path);
                if (KeyIs(data, child, "StringFileInfo"))
                {
                    int t = FirstChild(child);
                    while (t + BlockHeaderSize <= child.End)
                    {
                        Block table = ReadBlock(data, t, child.End, fileOffset, path);
                        marks = Mark(buffers, marks, TableMark, t, child.End);
                        int e = FirstChild(table);
                        while (e + BlockHeaderSize <= table.End)
                        {
                            // Checked here, decoded only if this table is chosen.
                            e = Align4(ReadBlock(data, e, table.End, fileOffset, path).End);
                        }

                        t = Align4(table.End);
                    }
                }
                else if (KeyIs(data, child, "VarFileInfo"))
                {
                    int v = FirstChild(child);
                    while (v + BlockHeaderSize <= child.End)
                    {
                        Block variable = ReadBlock(data, v, child.End, fileOffset, path);
                        if (KeyIs(data, variable, "Translation"))
                        {
                            marks = Mark(buffers, marks, TranslationMark, v, child.End);
                        }

                        v = Align4(variable.End);
                    }
                }

                c = Align4(child.End);
            }

            // Every block was checked above; the second reads below cannot fail.
            Block? chosen = ChooseTable(data, buffers.Ints(0), marks);
            VersionStrings strings = chosen == null ? VersionStrings.Empty : DecodeTable(data, chosen.Value, buffers);
            return (fileVersion, productVersion, strings);
        }

        private static int Mark(PeReadBuffers buffers, int marks, int kind, int start, int parentEnd)
        {
            int[] list = buffers.Ints((marks + 1) * MarkSize);
            list[marks * MarkSize] = kind;
            list[(marks * MarkSize) + 1] = start;
            list[(marks * MarkSize) + 2] = parentEnd;
            return marks + 1;
        }

        /// <summary>A block noted by the first pass, read again within the same parent bound.</summary>
        private static Block Marked(byte[] data, int[] marks, int index) =>
            ReadBlock(data, marks[(index * MarkSize) + 1], marks[(index * MarkSize) + 2], 0, string.Empty);

        /// <summary>
        /// The table the Translation list names first, as Windows' version API chooses; else the first
        /// table; null when there is none.
        /// </summary>
        private static Block? ChooseTable(byte[] data, int[] marks, int count)
        {
            int first = -1;
            int tables = 0;
            for (int i = 0; i < count; i++)
            {
                if (marks[i * MarkSize] == TableMark)
                {
                    first = first < 0 ? i : first;
                    tables++;
                }
            }

            if (first < 0)
            {
                return null;
            }

            Dictionary<uint, int>? byKey = null;
            if (tables > ScannedTables)
            {
                byKey = new Dictionary<uint, int>();
                for (int i = 0; i < count; i++)
                {
                    if (marks[i * MarkSize] == TableMark && TryTableKey(data, Marked(data, marks, i), out uint key) && !byKey.ContainsKey(key))
                    {
                        byKey[key] = i;
                    }
                }
            }

            for (int i = 0; i < count; i++)
            {
                if (marks[i * MarkSize] != TranslationMark)
                {
                    continue;
                }

                Block variable = Marked(data, marks, i);
                for (int p = variable.ValueStart; p + 4 <= variable.End && p + 4 <= variable.ValueStart + variable.ValueLength; p += 4)
                {
                    // The table for a translation is named "{language:x4}{codepage:x4}".
                    uint translation = ((uint)LittleEndian.UInt16(data, p) << 16) | LittleEndian.UInt16(data, p + 2);
                    if (byKey != null)
                    {
                        if (byKey.TryGetValue(translation, out int match))
                        {
                            return Marked(data, marks, match);
                        }

                        continue;
                    }

                    for (int t = 0; t < count; t++)
                    {
                        if (marks[t * MarkSize] == TableMark)
                        {
                            Block table = Marked(data, marks, t);
                            if (TryTableKey(data, table, out uint key) && key == translation)
                            {
                                return table;
                            }
                        }
                    }
                }
            }

            return Marked(data, marks, first);
        }

        /// <summary>A table's key as the number its eight hex digits spell, compared ignoring case as the names are.</summary>
        private static bool TryTableKey(byte[] data, Block table, out uint key)
        {
            key = 0;
            if (table.KeyEnd - table.KeyStart != 16)
            {
                return false;
            }

            for (int p = table.KeyStart; p < table.KeyEnd; p += 2)
            {
                int c = LittleEndian.UInt16(data, p);
                int digit = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                    : -1;
                if (digit < 0)
                {
                    return false;
                }

                key = (key << 4) | (uint)digit;
            }

            return true;
        }

        /// <summary>The chosen table's keys and values, decoded into one string.</summary>
        private static VersionStrings DecodeTable(byte[] data, Block table, PeReadBuffers buffers)
        {
            int entries = 0;
            int chars = 0;
            int e = FirstChild(table);
            while (e + BlockHeaderSize <= table.End)
            {
                Block entry = ReadBlock(data, e, table.End, 0, string.Empty);
                int[] ends = buffers.Ends((entries + 1) * 2);
                chars = Decode(data, entry.KeyStart, entry.KeyEnd, buffers, chars);
                ends[entries * 2] = chars;
                chars = Decode(data, entry.ValueStart, TextStop(data, entry.ValueStart, entry.End), buffers, chars);
                ends[(entries * 2) + 1] = chars;
                entries++;
                e = Align4(entry.End);
            }

            var bounds = new int[entries * 2];
            Array.Copy(buffers.Ends(0), bounds, bounds.Length);
            return new VersionStrings(new string(buffers.Chars(0), 0, chars), bounds);
        }

        /// <summary>Appends UTF-16LE text to the char buffer; unpaired surrogates become U+FFFD, as string decoding makes them.</summary>
        private static int Decode(byte[] data, int start, int stop, PeReadBuffers buffers, int at)
        {
            int count = stop - start;
            if (count <= 0)
            {
                return at;
            }

            char[] chars = buffers.Chars(at + (count / 2) + 1);
            return at + Encoding.Unicode.GetChars(data, start, count, chars, at);
        }

        private static Version ToVersion(uint ms, uint ls) =>
            new Version((int)(ms >> 16), (int)(ms & 0xFFFF), (int)(ls >> 16), (int)(ls & 0xFFFF));

        private readonly struct Block
        {
            public Block(int keyStart, int keyEnd, int end, int valueStart, int valueLength)
            {
                KeyStart = keyStart;
                KeyEnd = keyEnd;
                End = end;
                ValueStart = valueStart;
                ValueLength = valueLength;
            }

            /// <summary>Where the UTF-16LE key starts; it ends before its null terminator at <see cref="KeyEnd"/>.</summary>
            public int KeyStart { get; }

            public int KeyEnd { get; }

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

            int valueStart = Align4(keyEnd + 2);
            return new Block(keyStart, keyEnd, end, Math.Min(valueStart, end), valueLength);
        }

        // Only blocks with binary or empty values have children here, so ValueLength is in bytes.
        private static int FirstChild(Block parent) => Align4(parent.ValueStart + parent.ValueLength);

        /// <summary>Whether a block's key is the ASCII <paramref name="name"/>, compared ordinally where it lies.</summary>
        private static bool KeyIs(byte[] data, Block block, string name)
        {
            if (block.KeyEnd - block.KeyStart != name.Length * 2)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                if (data[block.KeyStart + (2 * i)] != name[i] || data[block.KeyStart + (2 * i) + 1] != 0)
                {
                    return false;
                }
            }

            return true;
        }

        private static string KeyText(byte[] data, Block block) => Encoding.Unicode.GetString(data, block.KeyStart, block.KeyEnd - block.KeyStart);

        /// <summary>Where a null-terminated text value stops (at the terminator, or the block's end).</summary>
        private static int TextStop(byte[] data, int start, int end)
        {
            int stop = start;
            while (stop + 2 <= end && (data[stop] != 0 || data[stop + 1] != 0))
            {
                stop += 2;
            }

            return stop;
        }

        private static int Align4(int value) => (value + 3) & ~3;

        private static string Printable(string key) => key.Length > 40 ? key.Substring(0, 40) + "…" : key;

        private static PeFormatException Corrupt(string path, long offset, string detail) =>
            new PeFormatException(PeProblem.Corrupt, path, offset, detail);
    }
}
