using System;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Core.Hives
{
    /// <summary>
    /// Reads one key value ('vk' record) and its data, exactly as stored: inline in the record (4 bytes or
    /// less, top bit of the size set), in one data cell, or as big data ('db': a list of segments of 16344
    /// bytes, the last one shorter), which Windows writes in hives of minor version 4 and later for data
    /// longer than 16344 bytes.
    /// </summary>
    internal static class KeyValueReader
    {
        /// <summary>The largest value this reader returns; far beyond any MAPI property, small enough to bound memory.</summary>
        internal const int MaxValueSize = 64 * 1024 * 1024;
        private const int HeaderSize = 20;
        private const ushort CompressedName = 0x0001;
        private const uint InlineFlag = 0x80000000;
        private const int BigDataSegment = 16344;

        public static RegistryValue Read(HiveCells cells, uint offset, string owner)
        {
            string what = $"a value of {owner}";
            HiveCell cell = cells.Locate(offset, what);
            byte[] header = cells.Read(cell, 0, HeaderSize, what);
            if (header[0] != (byte)'v' || header[1] != (byte)'k')
            {
                throw cells.Corrupt(offset, $"{what} is not a key value (it starts with 0x{header[0]:X2}{header[1]:X2}, not 'vk')");
            }

            int nameLength = BitConverter.ToUInt16(header, 2);
            uint sizeField = BitConverter.ToUInt32(header, 4);
            uint dataOffset = BitConverter.ToUInt32(header, 8);
            uint type = BitConverter.ToUInt32(header, 12);
            bool compressed = (BitConverter.ToUInt16(header, 16) & CompressedName) != 0;
            if (!compressed && nameLength % 2 != 0)
            {
                throw cells.Corrupt(offset, $"{what} has a UTF-16 name of an odd length ({nameLength} bytes)");
            }

            byte[] nameBytes = cells.Read(cell, HeaderSize, nameLength, $"the name of {what}");
            string name = compressed ? HiveText.Latin1(nameBytes, 0, nameLength) : HiveText.Utf16(nameBytes, 0, nameLength);
            string named = name.Length == 0 ? $"the default value of {owner}" : $"value '{name}' of {owner}";
            byte[] data = ReadData(cells, offset, header, sizeField, dataOffset, named);
            return new RegistryValue(name, (RegistryValueType)type, data);
        }

        private static byte[] ReadData(HiveCells cells, uint valueOffset, byte[] header, uint sizeField, uint dataOffset, string what)
        {
            uint length = sizeField & ~InlineFlag;
            if ((sizeField & InlineFlag) != 0)
            {
                if (length > 4)
                {
                    throw cells.Corrupt(valueOffset, $"{what} claims {length} bytes of inline data; at most 4 fit in the record");
                }

                var inline = new byte[length];
                Buffer.BlockCopy(header, 8, inline, 0, (int)length);
                return inline;
            }

            if (length == 0)
            {
                return new byte[0];
            }

            if (length > MaxValueSize)
            {
                throw new RegfFormatException(RegfProblem.Unsupported, cells.Path, HiveCells.FileOffset(valueOffset),
                    $"{what} claims {length} bytes of data, more than the {MaxValueSize / (1024 * 1024)} MiB this reader returns");
            }

            HiveCell cell = cells.Locate(dataOffset, $"the data of {what}");
            if (cell.DataSize >= length)
            {
                // One cell: every hive of minor version 3 or less, small data in later ones, and hivex, which
                // writes large data in one cell whatever the version.
                return cells.Read(cell, 0, (int)length, $"the data of {what}");
            }

            // Data longer than its cell can only be big data. Windows writes 'db' records only in hives of
            // minor version 4 and later for data over 16344 bytes; other writers are looser (chntpw's reged
            // writes one for exactly 16344 bytes, with a spare segment), and since a 'db' record is never
            // mistaken for data that fits its cell, any such record is read.
            if (cell.DataSize >= 8)
            {
                byte[] db = cells.Read(cell, 0, 8, $"the big data record of {what}");
                if (db[0] == (byte)'d' && db[1] == (byte)'b')
                {
                    return ReadBigData(cells, cell, db, (int)length, what);
                }
            }

            throw cells.Corrupt(dataOffset, $"the data of {what} claims {length} bytes but its cell holds {cell.DataSize}");
        }

        private static byte[] ReadBigData(HiveCells cells, HiveCell record, byte[] db, int length, string what)
        {
            int segmentCount = BitConverter.ToUInt16(db, 2);
            uint listOffset = BitConverter.ToUInt32(db, 4);
            int needed = (length + BigDataSegment - 1) / BigDataSegment;
            if (segmentCount < needed)
            {
                throw cells.Corrupt(record.Offset, $"the big data record of {what} lists {segmentCount} segments; {length} bytes need {needed}");
            }

            string listWhat = $"the segment list of {what}";
            HiveCell list = cells.Locate(listOffset, listWhat);
            byte[] segments = cells.Read(list, 0, needed * 4, listWhat);
            var data = new byte[length];
            int copied = 0;
            for (int i = 0; i < needed; i++)
            {
                int take = Math.Min(BigDataSegment, length - copied);
                string segmentWhat = $"segment {i + 1} of {needed} of {what}";
                HiveCell segment = cells.Locate(BitConverter.ToUInt32(segments, i * 4), segmentWhat);
                cells.ReadInto(segment, 0, data, copied, take, segmentWhat);
                copied += take;
            }

            return data;
        }
    }
}
