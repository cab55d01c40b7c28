using System;

namespace MapiProfileTools.Core.Hives
{
    /// <summary>An allocated cell that has passed every bounds check: it starts and ends inside one hive bin.</summary>
    internal readonly struct HiveCell
    {
        public HiveCell(uint offset, int dataSize)
        {
            Offset = offset;
            DataSize = dataSize;
        }

        /// <summary>Offset of the cell's size field, relative to the start of the hive bins data.</summary>
        public uint Offset { get; }

        /// <summary>Bytes of cell data after the 4-byte size field (records and padding).</summary>
        public int DataSize { get; }
    }

    /// <summary>
    /// Finds and checks cells. Every offset taken from the file goes through <see cref="Locate"/>, which
    /// accepts it only when it is 8-byte aligned, inside the hive bins data, past the header of a hive bin
    /// whose own header is sound, the start of an allocated cell, and that cell ends inside the same bin
    /// (hivex CVE-2021-3504 was a cell running past its bin). Bins are found lazily by walking back from
    /// the cell's page to the nearest 'hbin' header, so no lookup scans the whole file; recently found
    /// bins are remembered.
    /// </summary>
    internal sealed class HiveCells
    {
        internal const int BaseBlockSize = 4096;
        internal const uint NoOffset = 0xFFFFFFFF;
        private const int BinHeaderSize = 32;
        private const uint PageSize = 4096;
        // How far back from a cell a bin header is looked for. Bins hold many cells only while small; a bin
        // grows past a page only to hold one large cell, which then starts near the bin's header.
        private const uint MaxBinSearch = 16 * 1024 * 1024;
        private const int RecentBinCount = 32;

        private readonly HiveFileReader _file;
        private readonly uint[] _recentStart = new uint[RecentBinCount];
        private readonly uint[] _recentSize = new uint[RecentBinCount];
        private int _recentNext;
        private readonly byte[] _four = new byte[4];
        private readonly byte[] _binHeader = new byte[12];

        public HiveCells(HiveFileReader file, string path, uint binsSize)
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

            FindBin(offset, what, out uint binStart, out uint binSize);
            if (offset - binStart < BinHeaderSize)
            {
                throw Corrupt(offset, $"{what} (offset 0x{offset:X}) points into the header of the hive bin at 0x{binStart:X}");
            }

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

            if (offset + length > (long)binStart + binSize)
            {
                throw Corrupt(offset, $"{what} is a cell of {length} bytes that runs past the end of its hive bin (0x{binStart:X}, {binSize} bytes)");
            }

            return new HiveCell(offset, (int)(length - 4));
        }

        /// <summary>Reads <paramref name="count"/> bytes of a cell's data from <paramref name="start"/>; both checked against the cell.</summary>
        public byte[] Read(HiveCell cell, int start, int count, string what)
        {
            if (start < 0 || count < 0 || start > cell.DataSize - count)
            {
                throw Corrupt(cell.Offset, $"{what} needs {start + (long)count} bytes but its cell holds {cell.DataSize}");
            }

            return _file.ReadBytes(FileOffset(cell.Offset) + 4 + start, count)
                ?? throw Corrupt(cell.Offset, $"{what} runs past the end of the file (truncated?)");
        }

        /// <summary>Copies cell data into <paramref name="destination"/>; the range is checked against the cell.</summary>
        public void ReadInto(HiveCell cell, int start, byte[] destination, int destinationIndex, int count, string what)
        {
            if (start < 0 || count < 0 || start > cell.DataSize - count)
            {
                throw Corrupt(cell.Offset, $"{what} needs {start + (long)count} bytes but its cell holds {cell.DataSize}");
            }

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

        private void FindBin(uint offset, string what, out uint binStart, out uint binSize)
        {
            for (int i = 0; i < RecentBinCount; i++)
            {
                if (_recentSize[i] != 0 && offset >= _recentStart[i] && offset - _recentStart[i] < _recentSize[i])
                {
                    binStart = _recentStart[i];
                    binSize = _recentSize[i];
                    return;
                }
            }

            uint page = offset - (offset % PageSize);
            uint lowest = offset > MaxBinSearch ? page - (MaxBinSearch - PageSize) : 0;
            while (true)
            {
                if (TryReadBin(page, what, out binSize))
                {
                    if (offset - page >= binSize)
                    {
                        throw Corrupt(offset, $"{what} (offset 0x{offset:X}) is in no hive bin: the bin before it, at 0x{page:X}, ends at 0x{page + binSize:X}");
                    }

                    binStart = page;
                    _recentStart[_recentNext] = binStart;
                    _recentSize[_recentNext] = binSize;
                    _recentNext = (_recentNext + 1) % RecentBinCount;
                    return;
                }

                if (page <= lowest)
                {
                    throw Corrupt(offset, $"{what} (offset 0x{offset:X}) is in no hive bin: no 'hbin' header was found before it");
                }

                page -= PageSize;
            }
        }
    }
}
