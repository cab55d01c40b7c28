using System;

namespace MapiProfileTools.Core.Hives
{
    /// <summary>A key node ('nk' record), checked against its cell. Class names and security are not read.</summary>
    internal sealed class KeyNode
    {
        private const int HeaderSize = 76;
        private const ushort CompressedName = 0x0020;

        private KeyNode(uint offset, ushort flags, long lastWritten, uint parent, uint subKeyCount, uint subKeyList, uint valueCount, uint valueList, string name)
        {
            Offset = offset;
            Flags = flags;
            LastWritten = lastWritten;
            Parent = parent;
            SubKeyCount = subKeyCount;
            SubKeyList = subKeyList;
            ValueCount = valueCount;
            ValueList = valueList;
            Name = name;
        }

        public uint Offset { get; }

        public ushort Flags { get; }

        /// <summary>FILETIME as stored.</summary>
        public long LastWritten { get; }

        public uint Parent { get; }

        /// <summary>Stable (on-disk) subkeys; volatile ones exist only in memory on a live system.</summary>
        public uint SubKeyCount { get; }

        public uint SubKeyList { get; }

        public uint ValueCount { get; }

        public uint ValueList { get; }

        public string Name { get; }

        /// <summary>The last-written time, or null when it is zero (never set, as some writers leave it) or not a valid FILETIME.</summary>
        public DateTime? LastWriteTimeUtc => ToUtc(LastWritten);

        /// <summary>A FILETIME as UTC; null for zero (not set) and for values past DateTime.MaxValue or negative.</summary>
        public static DateTime? ToUtc(long fileTime)
        {
            // DateTime.MaxValue as a FILETIME.
            const long MaxFileTime = 2650467743999999999;
            return fileTime > 0 && fileTime <= MaxFileTime ? DateTime.FromFileTimeUtc(fileTime) : (DateTime?)null;
        }

        public static KeyNode Read(HiveCells cells, uint offset, string what)
        {
            HiveCell cell = cells.Locate(offset, what);
            if (cell.DataSize < HeaderSize)
            {
                throw cells.Corrupt(offset, $"{what} is a cell of {cell.DataSize} data bytes, too small for a key node");
            }

            // Parsed at once from the shared buffer: a list of 80,000 keys allocates no bytes per node.
            byte[] header = cells.ReadShared(cell, 0, HeaderSize, what);
            if (header[0] != (byte)'n' || header[1] != (byte)'k')
            {
                throw cells.Corrupt(offset, $"{what} is not a key node (it starts with 0x{header[0]:X2}{header[1]:X2}, not 'nk')");
            }

            ushort flags = BitConverter.ToUInt16(header, 2);
            long lastWritten = BitConverter.ToInt64(header, 4);
            uint parent = BitConverter.ToUInt32(header, 16);
            uint subKeyCount = BitConverter.ToUInt32(header, 20);
            uint subKeyList = BitConverter.ToUInt32(header, 28);
            uint valueCount = BitConverter.ToUInt32(header, 36);
            uint valueList = BitConverter.ToUInt32(header, 40);
            int nameLength = BitConverter.ToUInt16(header, 72);
            bool compressed = (flags & CompressedName) != 0;
            if (!compressed && nameLength % 2 != 0)
            {
                throw cells.Corrupt(offset, $"{what} has a UTF-16 name of an odd length ({nameLength} bytes)");
            }

            byte[] nameBytes = cells.ReadShared(cell, HeaderSize, nameLength, what);
            string name = compressed ? HiveText.Latin1(nameBytes, 0, nameLength) : HiveText.Utf16(nameBytes, 0, nameLength);
            return new KeyNode(offset, flags, lastWritten, parent, subKeyCount, subKeyList, valueCount, valueList, name);
        }
    }
}
