using System;
using System.Collections.Generic;
using System.Text;

namespace MapiProfileTools.Core.Tests.Hives
{
    /// <summary>
    /// Test-side map of a hive file, written apart from the reader under test and trusting the file (it is
    /// only used on the real fixtures), so that targeted corruptions land where a test means them to: a key's
    /// node and lists by path, a value by name, every bin and allocated cell. Offsets named "cell" are
    /// relative to the hive bins data, as in the file; "file offsets" are from the start of the file.
    /// </summary>
    internal sealed class HiveLayout
    {
        public const int BaseBlockSize = 4096;

        public HiveLayout(byte[] image) => Image = image;

        public byte[] Image { get; }

        public uint RootCell => U32(36);

        public uint BinsSize => U32(40);

        /// <summary>File offset of a cell's size field.</summary>
        public static int CellFileOffset(uint cell) => BaseBlockSize + (int)cell;

        /// <summary>File offset of the record in a cell (after the size field).</summary>
        public static int Record(uint cell) => BaseBlockSize + (int)cell + 4;

        public uint U32(int fileOffset) => BitConverter.ToUInt32(Image, fileOffset);

        public ushort U16(int fileOffset) => BitConverter.ToUInt16(Image, fileOffset);

        public string Signature(uint cell) => Encoding.ASCII.GetString(Image, Record(cell), 2);

        // Key node fields, as file offsets.
        public static int ParentField(uint nk) => Record(nk) + 16;

        public static int SubKeyCountField(uint nk) => Record(nk) + 20;

        public static int SubKeyListField(uint nk) => Record(nk) + 28;

        public static int ValueCountField(uint nk) => Record(nk) + 36;

        public static int ValueListField(uint nk) => Record(nk) + 40;

        public string KeyName(uint nk)
        {
            int record = Record(nk);
            int length = U16(record + 72);
            return (U16(record + 2) & 0x20) != 0
                ? Encoding.Latin1.GetString(Image, record + 76, length)
                : Encoding.Unicode.GetString(Image, record + 76, length);
        }

        /// <summary>The key node at a backslash-separated path from the root.</summary>
        public uint FindKey(string path)
        {
            uint key = RootCell;
            foreach (string part in path.Split('\\', StringSplitOptions.RemoveEmptyEntries))
            {
                uint next = uint.MaxValue;
                foreach (uint child in SubKeys(key))
                {
                    if (string.Equals(KeyName(child), part, StringComparison.OrdinalIgnoreCase))
                    {
                        next = child;
                        break;
                    }
                }

                if (next == uint.MaxValue)
                {
                    throw new KeyNotFoundException($"no key '{part}' in '{path}'");
                }

                key = next;
            }

            return key;
        }

        /// <summary>The key nodes a key lists, through an index root if there is one.</summary>
        public List<uint> SubKeys(uint nk)
        {
            var keys = new List<uint>();
            if (U32(SubKeyCountField(nk)) == 0)
            {
                return keys;
            }

            uint list = U32(SubKeyListField(nk));
            if (Signature(list) == "ri")
            {
                foreach (uint leaf in Entries(list))
                {
                    keys.AddRange(Entries(leaf));
                }
            }
            else
            {
                keys.AddRange(Entries(list));
            }

            return keys;
        }

        /// <summary>The offsets in a leaf list ('li', 'lf', 'lh') or an index root ('ri').</summary>
        public List<uint> Entries(uint list)
        {
            string signature = Signature(list);
            int width = signature == "lf" || signature == "lh" ? 8 : 4;
            int count = U16(Record(list) + 2);
            var entries = new List<uint>(count);
            for (int i = 0; i < count; i++)
            {
                entries.Add(U32(Record(list) + 4 + (i * width)));
            }

            return entries;
        }

        public List<uint> Values(uint nk)
        {
            var values = new List<uint>();
            int count = (int)U32(ValueCountField(nk));
            uint list = U32(ValueListField(nk));
            for (int i = 0; i < count; i++)
            {
                values.Add(U32(Record(list) + (i * 4)));
            }

            return values;
        }

        public uint FindValue(uint nk, string name)
        {
            foreach (uint vk in Values(nk))
            {
                int record = Record(vk);
                int length = U16(record + 2);
                string stored = (U16(record + 16) & 1) != 0
                    ? Encoding.Latin1.GetString(Image, record + 20, length)
                    : Encoding.Unicode.GetString(Image, record + 20, length);
                if (stored == name)
                {
                    return vk;
                }
            }

            throw new KeyNotFoundException($"no value '{name}'");
        }

        /// <summary>File offsets of every hive bin header.</summary>
        public List<int> Bins()
        {
            var bins = new List<int>();
            for (uint bin = 0; bin < BinsSize; bin += U32(BaseBlockSize + (int)bin + 8))
            {
                bins.Add(BaseBlockSize + (int)bin);
            }

            return bins;
        }

        /// <summary>Every allocated cell: its offset and size.</summary>
        public List<(uint Cell, int Size)> AllocatedCells()
        {
            var cells = new List<(uint, int)>();
            foreach (int binFile in Bins())
            {
                uint bin = (uint)(binFile - BaseBlockSize);
                uint end = bin + U32(binFile + 8);
                for (uint cell = bin + 32; cell < end;)
                {
                    int size = BitConverter.ToInt32(Image, CellFileOffset(cell));
                    if (size < 0)
                    {
                        cells.Add((cell, -size));
                    }

                    cell += (uint)Math.Abs(size);
                }
            }

            return cells;
        }

        /// <summary>A copy with 32-bit fields (file offsets) set, the base block checksum kept valid.</summary>
        public byte[] With(params (int FileOffset, uint Value)[] edits)
        {
            var copy = (byte[])Image.Clone();
            foreach (var (offset, value) in edits)
            {
                BitConverter.GetBytes(value).CopyTo(copy, offset);
            }

            FixChecksum(copy);
            return copy;
        }

        /// <summary>Recomputes the base block checksum (XOR of the first 127 words; 0 and ~0 adjusted as Windows does).</summary>
        public static void FixChecksum(byte[] image)
        {
            uint sum = 0;
            for (int i = 0; i < 508; i += 4)
            {
                sum ^= BitConverter.ToUInt32(image, i);
            }

            sum = sum == 0 ? 1 : sum == uint.MaxValue ? uint.MaxValue - 1 : sum;
            BitConverter.GetBytes(sum).CopyTo(image, 508);
        }

        /// <summary>
        /// A copy with one more hive bin at the end of the bins data, filled by <paramref name="build"/>
        /// (which gets a cell allocator) and the rest of it one free cell; the header's bins size follows.
        /// </summary>
        public HiveLayout AppendBin(int size, Action<BinBuilder> build)
        {
            uint binCell = BinsSize;
            var image = new byte[BaseBlockSize + (int)binCell + size];
            Buffer.BlockCopy(Image, 0, image, 0, Math.Min(Image.Length, BaseBlockSize + (int)binCell));
            int binFile = BaseBlockSize + (int)binCell;
            Encoding.ASCII.GetBytes("hbin").CopyTo(image, binFile);
            BitConverter.GetBytes(binCell).CopyTo(image, binFile + 4);
            BitConverter.GetBytes((uint)size).CopyTo(image, binFile + 8);
            var builder = new BinBuilder(image, binCell, size);
            build(builder);
            builder.Finish();
            BitConverter.GetBytes(binCell + (uint)size).CopyTo(image, 40);
            FixChecksum(image);
            return new HiveLayout(image);
        }

        /// <summary>Allocates cells in a new bin and writes records into them.</summary>
        internal sealed class BinBuilder
        {
            private readonly byte[] _image;
            private readonly uint _end;
            private uint _next;

            public BinBuilder(byte[] image, uint bin, int size)
            {
                _image = image;
                _next = bin + 32;
                _end = bin + (uint)size;
            }

            public byte[] Image => _image;

            /// <summary>An allocated cell for <paramref name="record"/>; returns its offset.</summary>
            public uint Cell(byte[] record)
            {
                int size = (record.Length + 4 + 7) & ~7;
                uint cell = _next;
                if (cell + size > _end)
                {
                    throw new InvalidOperationException("the bin is full");
                }

                BitConverter.GetBytes(-size).CopyTo(_image, CellFileOffset(cell));
                record.CopyTo(_image, Record(cell));
                _next += (uint)size;
                return cell;
            }

            /// <summary>A list record: signature, count, then each offset with its hint (for 'lf'/'lh') or alone.</summary>
            public uint List(string signature, IReadOnlyList<(uint Offset, uint Hint)> entries)
            {
                int width = signature == "lf" || signature == "lh" ? 8 : 4;
                var record = new byte[4 + (entries.Count * width)];
                Encoding.ASCII.GetBytes(signature).CopyTo(record, 0);
                BitConverter.GetBytes((ushort)entries.Count).CopyTo(record, 2);
                for (int i = 0; i < entries.Count; i++)
                {
                    BitConverter.GetBytes(entries[i].Offset).CopyTo(record, 4 + (i * width));
                    if (width == 8)
                    {
                        BitConverter.GetBytes(entries[i].Hint).CopyTo(record, 8 + (i * width));
                    }
                }

                return Cell(record);
            }

            /// <summary>A key node with an ASCII name and no values.</summary>
            public uint KeyNode(string name, uint parent, uint subKeyCount, uint subKeyList)
            {
                var record = new byte[76 + name.Length];
                Encoding.ASCII.GetBytes("nk").CopyTo(record, 0);
                BitConverter.GetBytes((ushort)0x20).CopyTo(record, 2);
                BitConverter.GetBytes(parent).CopyTo(record, 16);
                BitConverter.GetBytes(subKeyCount).CopyTo(record, 20);
                BitConverter.GetBytes(subKeyList).CopyTo(record, 28);
                BitConverter.GetBytes(uint.MaxValue).CopyTo(record, 32);
                BitConverter.GetBytes(uint.MaxValue).CopyTo(record, 40);
                BitConverter.GetBytes(uint.MaxValue).CopyTo(record, 44);
                BitConverter.GetBytes(uint.MaxValue).CopyTo(record, 48);
                BitConverter.GetBytes((ushort)name.Length).CopyTo(record, 72);
                Encoding.ASCII.GetBytes(name).CopyTo(record, 76);
                return Cell(record);
            }

            public void Finish()
            {
                if (_next < _end)
                {
                    BitConverter.GetBytes((int)(_end - _next)).CopyTo(_image, CellFileOffset(_next));
                }
            }
        }
    }
}
