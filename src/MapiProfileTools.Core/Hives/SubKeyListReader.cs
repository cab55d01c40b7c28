using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Hives
{
    /// <summary>How a leaf list records each subkey next to its key node offset.</summary>
    internal enum SubKeyListKind
    {
        /// <summary>'li': offsets only.</summary>
        IndexLeaf,
        /// <summary>'lf': offset and the first four characters of the name.</summary>
        FastLeaf,
        /// <summary>'lh': offset and a hash of the upper-case name.</summary>
        HashLeaf,
    }

    /// <summary>
    /// Walks a key's subkey list: a leaf ('li', 'lf', 'lh') or an index root ('ri') of leaves. An index root
    /// may not point at another index root (the format forbids it, and unbounded nesting was hivex
    /// CVE-2021-3622), so the walk is at most two levels deep. Damage to the list the key points at ends
    /// the walk with a <see cref="RegfFormatException"/>; damage to one leaf under an index root skips that
    /// leaf with a warning, so the rest of the subkeys are still listed.
    /// </summary>
    internal static class SubKeyListReader
    {
        /// <summary>Called for each entry; returns false to stop the walk.</summary>
        public delegate bool EntryVisitor(SubKeyListKind kind, uint keyOffset, uint hint);

        public static void Visit(HiveCells cells, uint listOffset, string owner, Action<RegfFormatException, string> warn, EntryVisitor visitor)
        {
            string what = $"the subkey list of {owner}";
            HiveCell list = cells.Locate(listOffset, what);
            byte[] header = cells.Read(list, 0, 4, what);
            int count = BitConverter.ToUInt16(header, 2);
            if (header[0] != (byte)'r' || header[1] != (byte)'i')
            {
                VisitLeaf(cells, list, header, what, visitor);
                return;
            }

            byte[] elements = cells.Read(list, 4, count * 4, $"{what} (an index root of {count} lists)");
            var seen = new HashSet<uint>();
            for (int i = 0; i < count; i++)
            {
                uint leafOffset = BitConverter.ToUInt32(elements, i * 4);
                string leafWhat = $"list {i + 1} of {count} in the index root of {what}";
                try
                {
                    if (!seen.Add(leafOffset))
                    {
                        throw cells.Corrupt(list.Offset, $"{leafWhat} repeats an earlier list (offset 0x{leafOffset:X})");
                    }

                    HiveCell leaf = cells.Locate(leafOffset, leafWhat);
                    byte[] leafHeader = cells.Read(leaf, 0, 4, leafWhat);
                    if (leafHeader[0] == (byte)'r' && leafHeader[1] == (byte)'i')
                    {
                        throw cells.Corrupt(leafOffset, $"{leafWhat} is another index root, which the format does not allow");
                    }

                    if (!VisitLeaf(cells, leaf, leafHeader, leafWhat, visitor))
                    {
                        return;
                    }
                }
                catch (RegfFormatException damage)
                {
                    warn(damage, "The subkeys in that list are skipped.");
                }
            }
        }

        private static bool VisitLeaf(HiveCells cells, HiveCell leaf, byte[] header, string what, EntryVisitor visitor)
        {
            SubKeyListKind kind;
            int width;
            if (header[0] == (byte)'l' && header[1] == (byte)'h')
            {
                kind = SubKeyListKind.HashLeaf;
                width = 8;
            }
            else if (header[0] == (byte)'l' && header[1] == (byte)'f')
            {
                kind = SubKeyListKind.FastLeaf;
                width = 8;
            }
            else if (header[0] == (byte)'l' && header[1] == (byte)'i')
            {
                kind = SubKeyListKind.IndexLeaf;
                width = 4;
            }
            else
            {
                throw cells.Corrupt(leaf.Offset, $"{what} is not a subkey list (it starts with 0x{header[0]:X2}{header[1]:X2}, not 'lh', 'lf', 'li' or 'ri')");
            }

            int count = BitConverter.ToUInt16(header, 2);
            // The count is checked against the cell before anything is allocated for it.
            byte[] entries = cells.Read(leaf, 4, count * width, $"{what} ({count} entries)");
            for (int i = 0; i < count; i++)
            {
                uint keyOffset = BitConverter.ToUInt32(entries, i * width);
                uint hint = width == 8 ? BitConverter.ToUInt32(entries, (i * width) + 4) : 0;
                if (!visitor(kind, keyOffset, hint))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
