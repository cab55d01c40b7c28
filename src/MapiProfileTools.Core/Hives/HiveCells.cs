using System;
using MapiProfileTools.Core.IO;

namespace MapiProfileTools.Core.Hives
{
    /// <summary>An allocated cell that has passed the bounds checks: inside the hive bins data, past its bin's header.</summary>
    internal readonly struct HiveCell
    {
        public HiveCell(uint offset, int dataSize, uint binEnd)
        {
            Offset = offset;
            DataSize = dataSize;
            BinEnd = binEnd;
        }

        /// <summary>Offset of the cell's size field, relative to the start of the hive bins data.</summary>
        public uint Offset { get; }

        /// <summary>Bytes of cell data after the 4-byte size field (records and padding).</summary>
        public int DataSize { get; }

        /// <summary>Where the cell's hive bin ends; 0 when the cell starts in a later page of a bin whose header was not seen.</summary>
        public uint BinEnd { get; }
    }

    /// <summary>
    /// Finds and checks cells. Every offset taken from the file goes through <see cref="Locate"/>, which
    /// accepts it only when it is 8-byte aligned, inside the hive bins data, not inside a hive bin's header,
    /// and the start of an allocated cell; a cell may not run past its bin (hivex CVE-2021-3504 was a cell
    /// running past its bin). The bin is known from the header at the start of the cell's page, as for every
    /// cell in a 4 KiB bin, or from a bin seen recently; otherwise (a later page of a large bin) every read
    /// from the cell checks that it crosses no bin header. So no lookup scans the file or walks back through
    /// it, and the checks cost no reads beyond the pages the records are on.
    /// </summary>
    internal sealed class HiveCells
    {
        internal const int BaseBlockSize = 4096;
        internal const uint NoOffset = 0xFFFFFFFF;
        private const int BinHeaderSize = 32;
        private const uint PageSize = 4096;
        private const int RecentBinCount = 32;

        private readonly FileBlockReader _file;
        private readonly uint[] _recentStart = new uint[RecentBinCount];
        private readonly uint[] _recentSize = new uint[RecentBinCount];
        private int _recentNext;
        private readonly byte[] _four = new byte[4];
        private readonly byte[] _binHeader = new byte[12];
        private byte[] _shared = new byte[512];

        public HiveCells(FileBlockReader file, string path, uint binsSize)
        {
            _file = file;
            Path = path;
            BinsSize = binsSize;
        }

        public string Path { get; }

        /// <summary>Bytes of hive bins data that the file really holds (the header's claim, cut to the file).</summary>
        public uint BinsSize { get; }

        public static long FileOffset(uint offset) => BaseBlockSize + (long)offset;

        public RegfFormatException Corrupt(uint offset, string detail) =>
            new RegfFormatException(RegfProblem.Corrupt, Path, offset == NoOffset ? -1 : FileOffset(offset), detail);

        /// <summary>Checks the cell at <paramref name="offset"/> (relative to the hive bins data); <paramref name="what"/> names it in errors.</summary>
        public HiveCell Locate(uint offset, string what)
        {
            if (offset == NoOffset)
            {
                throw Corrupt(offset, $"{what} is missing (its offset is 0xFFFFFFFF)");
            }

            if (offset % 8 != 0)
            {
                throw Corrupt(offset, $"{what} (offset 0x{offset:X}) is not at a cell boundary");
            }

            if (offset >= BinsSize || BinsSize - offset < 8)
            {
                throw Corrupt(offset, $"{what} (offset 0x{offset:X}) lies outside the hive bins data (0x{BinsSize:X} bytes in the file)");
            }

            uint binEnd = BinEnd(offset, what);
            if (!_file.TryRead(FileOffset(offset), _four, 0, 4))
            {
                throw Corrupt(offset, $"{what} runs past the end of the file (truncated?)");
            }

            int size = BitConverter.ToInt32(_four, 0);
            if (size >= 0)
            {
                throw Corrupt(offset, size == 0 ? $"{what} is a cell of size 0" : $"{what} is a free cell, not an allocated one");
            }

            long length = -(long)size;
            if (length < 8)
            {
                throw Corrupt(offset, $"{what} is a cell of {length} bytes, too small to hold anything");
            }

            if (binEnd != 0 && offset + length > binEnd)
            {
                throw Corrupt(offset, $"{what} is a cell of {length} bytes that runs past the end of its hive bin (at 0x{binEnd:X})");
            }

            if (offset + length > BinsSize)
            {
                throw Corrupt(offset, $"{what} is a cell of {length} bytes that runs past the end of the hive bins data");
            }

            return new HiveCell(offset, (int)(length - 4), binEnd);
        }

        /// <summary>Reads <paramref name="count"/> bytes of a cell's data from <paramref name="start"/>; both checked against the cell.</summary>
        public byte[] Read(HiveCell cell, int start, int count, string what)
        {
            if (start < 0 || count < 0 || start > cell.DataSize - count)
            {
                throw Corrupt(cell.Offset, $"{what} needs {start + (long)count} bytes but its cell holds {cell.DataSize}");
            }

            CheckNoBinHeaderInside(cell, start, count, what);
            return _file.ReadBytes(FileOffset(cell.Offset) + 4 + start, count)
                ?? throw Corrupt(cell.Offset, $"{what} runs past the end of the file (truncated?)");
        }

        /// <summary>
        /// Reads cell data into a buffer shared by every call (valid until the next one), for records that are
        /// parsed at once: no allocation per key node in a long list.
        /// </summary>
        public byte[] ReadShared(HiveCell cell, int start, int count, string what)
        {
            if (_shared.Length < count)
            {
                _shared = new byte[Math.Max(count, _shared.Length * 2)];
            }

            ReadInto(cell, start, _shared, 0, count, what);
            return _shared;
        }

        /// <summary>Copies cell data into <paramref name="destination"/>; the range is checked against the cell.</summary>
        public void ReadInto(HiveCell cell, int start, byte[] destination, int destinationIndex, int count, string what)
        {
            if (start < 0 || count < 0 || start > cell.DataSize - count)
            {
                throw Corrupt(cell.Offset, $"{what} needs {start + (long)count} bytes but its cell holds {cell.DataSize}");
            }

            CheckNoBinHeaderInside(cell, start, count, what);
            if (!_file.TryRead(FileOffset(cell.Offset) + 4 + start, destination, destinationIndex, count))
            {
                throw Corrupt(cell.Offset, $"{what} runs past the end of the file (truncated?)");
            }
        }

        /// <summary>Checks the hive bin that starts at <paramref name="binStart"/>; false when there is no bin header there.</summary>
        public bool TryReadBin(uint binStart, string what, out uint binSize)
        {
            binSize = 0;
            if (!_file.TryRead(FileOffset(binStart), _binHeader, 0, 12)
                || _binHeader[0] != (byte)'h' || _binHeader[1] != (byte)'b' || _binHeader[2] != (byte)'i' || _binHeader[3] != (byte)'n'
                || BitConverter.ToUInt32(_binHeader, 4) != binStart)
            {
                return false;
            }

            binSize = BitConverter.ToUInt32(_binHeader, 8);
            if (binSize < PageSize || binSize % PageSize != 0 || binSize > BinsSize - binStart)
            {
                string problem = binSize > BinsSize - binStart && binSize % PageSize == 0 && binSize >= PageSize
                    ? "runs past the end of the hive bins data in the file (truncated?)"
                    : "is not a positive multiple of 4096";
                throw Corrupt(binStart, $"the hive bin at 0x{binStart:X}, which holds {what}, claims a size of 0x{binSize:X} bytes, which {problem}");
            }

            return true;
        }

        /// <summary>
        /// The end of the bin that holds <paramref name="offset"/>: from a recently seen bin, or from a bin header at
        /// the start of the offset's page (then the offset must lie past that header); 0 when neither tells.
        /// </summary>
        private uint BinEnd(uint offset, string what)
        {
            for (int i = 0; i < RecentBinCount; i++)
            {
                if (_recentSize[i] != 0 && offset >= _recentStart[i] && offset - _recentStart[i] < _recentSize[i])
                {
                    if (offset - _recentStart[i] < BinHeaderSize)
                    {
                        break;
                    }

                    return _recentStart[i] + _recentSize[i];
                }
            }

            uint page = offset - (offset % PageSize);
            if (!TryReadBin(page, what, out uint binSize))
            {
                return 0;
            }

            if (offset - page < BinHeaderSize)
            {
                throw Corrupt(offset, $"{what} (offset 0x{offset:X}) points into the header of the hive bin at 0x{page:X}");
            }

            _recentStart[_recentNext] = page;
            _recentSize[_recentNext] = binSize;
            _recentNext = (_recentNext + 1) % RecentBinCount;
            return page + binSize;
        }

        /// <summary>For a cell whose bin end is not known: the bytes read may not cross into another bin.</summary>
        private void CheckNoBinHeaderInside(HiveCell cell, int start, int count, string what)
        {
            if (cell.BinEnd != 0 || count == 0)
            {
                return;
            }

            long first = (long)cell.Offset + 4 + start;
            long last = first + count;
            for (long page = first - (first % PageSize) + PageSize; page < last; page += PageSize)
            {
                if (TryReadBin((uint)page, what, out _))
                {
                    throw Corrupt(cell.Offset, $"{what} runs past the end of its hive bin into the bin at 0x{page:X}");
                }
            }
        }
    }
}
