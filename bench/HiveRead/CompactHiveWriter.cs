using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace MapiProfileTools.Bench.HiveRead
{
    /// <summary>A key to write: ASCII name, values, subkeys.</summary>
    internal sealed class KeySpec
    {
        public KeySpec(string name) => Name = name;

        public string Name { get; }

        public List<(string Name, uint Type, byte[] Data)> Values { get; } = new List<(string, uint, byte[])>();

        public List<KeySpec> SubKeys { get; } = new List<KeySpec>();

        /// <summary>The subkey at a backslash path, created (with its parents) when missing.</summary>
        public KeySpec At(string path)
        {
            KeySpec key = this;
            foreach (string part in path.Split('\\', StringSplitOptions.RemoveEmptyEntries))
            {
                KeySpec? next = key.SubKeys.FirstOrDefault(k => string.Equals(k.Name, part, StringComparison.OrdinalIgnoreCase));
                if (next == null)
                {
                    next = new KeySpec(part);
                    key.SubKeys.Add(next);
                }

                key = next;
            }

            return key;
        }

        public int CountKeys() => 1 + SubKeys.Sum(k => k.CountKeys());
    }

    /// <summary>
    /// A benchmark tool, not the module's code: writes a compact regf hive (no free space between cells,
    /// as after Windows compacts a hive) the way Windows lays one out: 4 KiB bins, a bigger bin only for
    /// a bigger cell, 'lh' leaves of at most <see cref="LeafSize"/> entries sorted by upper-case name under
    /// an 'ri' when a key has more, 'db' big data over 16344 bytes, one shared 'sk'. Its output is
    /// cross-checked against hivexregedit --export on a sample (see Program.Build).
    /// </summary>
    internal sealed class CompactHiveWriter
    {
        public const int LeafSize = 1000;
        private const int PageSize = 4096;
        private const int BigDataSegment = 16344;
        private const uint None = 0xFFFFFFFF;
        // 2003-01-01T00:00:00Z, as the test fixtures.
        private static readonly long FileTime = new DateTime(2003, 1, 1, 0, 0, 0, DateTimeKind.Utc).ToFileTimeUtc();

        private byte[] _bins = new byte[1 << 20];
        private int _next;
        private int _binEnd;
        private uint _security;
        private int _keys;

        public static void Write(string path, KeySpec root)
        {
            var writer = new CompactHiveWriter();
            writer._security = writer.WriteSecurity();
            uint rootCell = writer.WriteKey(root, None, isRoot: true);
            writer.CloseBin();
            // The sk is shared by every key.
            BitConverter.GetBytes((uint)writer._keys).CopyTo(writer._bins, (int)writer._security + 4 + 12);
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
            file.Write(BaseBlock(rootCell, (uint)writer._binEnd));
            file.Write(writer._bins, 0, writer._binEnd);
        }

        private static byte[] BaseBlock(uint rootCell, uint binsSize)
        {
            var block = new byte[PageSize];
            Encoding.ASCII.GetBytes("regf").CopyTo(block, 0);
            BitConverter.GetBytes(1u).CopyTo(block, 4);
            BitConverter.GetBytes(1u).CopyTo(block, 8);
            BitConverter.GetBytes(FileTime).CopyTo(block, 12);
            BitConverter.GetBytes(1u).CopyTo(block, 20);
            BitConverter.GetBytes(5u).CopyTo(block, 24);
            BitConverter.GetBytes(1u).CopyTo(block, 32);
            BitConverter.GetBytes(rootCell).CopyTo(block, 36);
            BitConverter.GetBytes(binsSize).CopyTo(block, 40);
            BitConverter.GetBytes(1u).CopyTo(block, 44);
            uint sum = 0;
            for (int i = 0; i < 508; i += 4)
            {
                sum ^= BitConverter.ToUInt32(block, i);
            }

            BitConverter.GetBytes(sum == 0 ? 1 : sum == uint.MaxValue ? uint.MaxValue - 1 : sum).CopyTo(block, 508);
            return block;
        }

        private uint WriteKey(KeySpec key, uint parent, bool isRoot)
        {
            _keys++;
            byte[] name = Encoding.ASCII.GetBytes(key.Name);
            uint cell = Allocate(76 + name.Length, out int record);
            Put("nk", record);
            PutU16(isRoot ? 0x2C : 0x20, record + 2);
            PutU64(FileTime, record + 4);
            PutU32(parent, record + 16);
            PutU32(None, record + 28);
            PutU32(None, record + 32);
            PutU32(None, record + 40);
            PutU32(_security, record + 44);
            PutU32(None, record + 48);
            PutU16(name.Length, record + 72);
            name.CopyTo(_bins, record + 76);

            if (key.Values.Count > 0)
            {
                var values = key.Values.Select(WriteValue).ToList();
                uint list = Allocate(4 * values.Count, out int listRecord);
                for (int i = 0; i < values.Count; i++)
                {
                    PutU32(values[i], listRecord + (4 * i));
                }

                PutU32((uint)values.Count, record + 36);
                PutU32(list, record + 40);
                PutU32((uint)key.Values.Max(v => 2 * v.Name.Length), record + 60);
                PutU32((uint)key.Values.Max(v => v.Data.Length), record + 64);
            }

            if (key.SubKeys.Count > 0)
            {
                var children = key.SubKeys
                    .Select(child => (Name: child.Name, Cell: WriteKey(child, cell, isRoot: false)))
                    .OrderBy(child => child.Name.ToUpperInvariant(), StringComparer.Ordinal)
                    .ToList();
                var leaves = new List<uint>();
                for (int start = 0; start < children.Count; start += LeafSize)
                {
                    var slice = children.Skip(start).Take(LeafSize).ToList();
                    uint leaf = Allocate(4 + (8 * slice.Count), out int leafRecord);
                    Put("lh", leafRecord);
                    PutU16(slice.Count, leafRecord + 2);
                    for (int i = 0; i < slice.Count; i++)
                    {
                        PutU32(slice[i].Cell, leafRecord + 4 + (8 * i));
                        PutU32(NameHash(slice[i].Name), leafRecord + 8 + (8 * i));
                    }

                    leaves.Add(leaf);
                }

                uint list = leaves[0];
                if (leaves.Count > 1)
                {
                    list = Allocate(4 + (4 * leaves.Count), out int rootRecord);
                    Put("ri", rootRecord);
                    PutU16(leaves.Count, rootRecord + 2);
                    for (int i = 0; i < leaves.Count; i++)
                    {
                        PutU32(leaves[i], rootRecord + 4 + (4 * i));
                    }
                }

                PutU32((uint)children.Count, record + 20);
                PutU32(list, record + 28);
                PutU32((uint)children.Max(c => 2 * c.Name.Length), record + 52);
            }

            return cell;
        }

        private uint WriteValue((string Name, uint Type, byte[] Data) value)
        {
            uint size = (uint)value.Data.Length;
            uint data = 0;
            if (size > 4)
            {
                data = size > BigDataSegment ? WriteBigData(value.Data) : WriteData(value.Data);
            }

            byte[] name = Encoding.ASCII.GetBytes(value.Name);
            uint cell = Allocate(20 + name.Length, out int record);
            Put("vk", record);
            PutU16(name.Length, record + 2);
            if (size <= 4)
            {
                PutU32(size | 0x80000000, record + 4);
                Array.Copy(value.Data, 0, _bins, record + 8, value.Data.Length);
            }
            else
            {
                PutU32(size, record + 4);
                PutU32(data, record + 8);
            }

            PutU32(value.Type, record + 12);
            PutU16(name.Length > 0 ? 1 : 0, record + 16);
            name.CopyTo(_bins, record + 20);
            return cell;
        }

        private uint WriteData(byte[] data)
        {
            uint cell = Allocate(data.Length, out int record);
            data.CopyTo(_bins, record);
            return cell;
        }

        private uint WriteBigData(byte[] data)
        {
            var segments = new List<uint>();
            for (int start = 0; start < data.Length; start += BigDataSegment)
            {
                segments.Add(WriteData(data.Skip(start).Take(BigDataSegment).ToArray()));
            }

            uint list = Allocate(4 * segments.Count, out int listRecord);
            for (int i = 0; i < segments.Count; i++)
            {
                PutU32(segments[i], listRecord + (4 * i));
            }

            uint db = Allocate(8, out int record);
            Put("db", record);
            PutU16(segments.Count, record + 2);
            PutU32(list, record + 4);
            return db;
        }

        private uint WriteSecurity()
        {
            // Self-relative descriptor with a NULL DACL; flink and blink point at itself (the only one).
            uint cell = Allocate(20 + 20, out int record);
            Put("sk", record);
            PutU32(cell, record + 4);
            PutU32(cell, record + 8);
            PutU32(20, record + 16);
            _bins[record + 20] = 1;
            PutU16(0x8004, record + 22);
            return cell;
        }

        /// <summary>
        /// A new allocated cell for a record of <paramref name="length"/> bytes; <paramref name="record"/> is
        /// where the record starts. Offsets into the buffer stay valid when it grows.
        /// </summary>
        private uint Allocate(int length, out int record)
        {
            int size = (length + 4 + 7) & ~7;
            if (_next + size > _binEnd)
            {
                CloseBin();
                int binSize = (size + 32 + PageSize - 1) / PageSize * PageSize;
                Grow(_binEnd + binSize);
                Put("hbin", _binEnd);
                PutU32((uint)_binEnd, _binEnd + 4);
                PutU32((uint)binSize, _binEnd + 8);
                _next = _binEnd + 32;
                _binEnd += binSize;
            }

            uint cell = (uint)_next;
            BitConverter.GetBytes(-size).CopyTo(_bins, _next);
            Array.Clear(_bins, _next + 4, size - 4);
            _next += size;
            record = (int)cell + 4;
            return cell;
        }

        private void CloseBin()
        {
            if (_binEnd > _next)
            {
                BitConverter.GetBytes(_binEnd - _next).CopyTo(_bins, _next);
            }

            _next = _binEnd;
        }

        private void Grow(int needed)
        {
            if (needed > _bins.Length)
            {
                Array.Resize(ref _bins, Math.Max(needed, _bins.Length * 2));
            }
        }

        private static uint NameHash(string name)
        {
            uint hash = 0;
            foreach (char c in name.ToUpperInvariant())
            {
                hash = unchecked((hash * 37) + c);
            }

            return hash;
        }

        private void Put(string signature, int at) => Encoding.ASCII.GetBytes(signature).CopyTo(_bins, at);

        private void PutU16(int value, int at) => BitConverter.GetBytes((ushort)value).CopyTo(_bins, at);

        private void PutU32(uint value, int at) => BitConverter.GetBytes(value).CopyTo(_bins, at);

        private void PutU64(long value, int at) => BitConverter.GetBytes(value).CopyTo(_bins, at);
    }
}
