using System;
using System.Collections.Generic;
using System.IO;

namespace MapiProfileTools.Core.Hives
{
    /// <summary>
    /// Random-access reads of a hive file through a fixed set of cached 4 KiB blocks. A key lookup touches
    /// a handful of pages per path level, and listing a key revisits the pages of its lists and key nodes,
    /// so a small cache keeps system calls low while memory stays fixed whatever the file's size: the
    /// file is never read whole.
    /// </summary>
    internal sealed class HiveFileReader : IDisposable
    {
        internal const int BlockSize = 4096;
        // 256 KiB: enough for the lists and nodes of one path walk, small beside any hive worth reading.
        private const int CachedBlocks = 64;

        private readonly Stream _stream;
        private readonly byte[]?[] _blocks = new byte[CachedBlocks][];
        private readonly long[] _blockNumber = new long[CachedBlocks];
        private readonly int[] _blockLength = new int[CachedBlocks];
        private readonly Dictionary<long, int> _slotOf = new Dictionary<long, int>(CachedBlocks);
        private int _nextVictim;
        private bool _disposed;

        public HiveFileReader(Stream stream)
        {
            _stream = stream;
            Length = stream.Length;
            for (int i = 0; i < CachedBlocks; i++)
            {
                _blockNumber[i] = -1;
            }
        }

        public long Length { get; }

        /// <summary>Copies <paramref name="count"/> bytes at <paramref name="offset"/>; false when the range is past the end.</summary>
        public bool TryRead(long offset, byte[] destination, int destinationIndex, int count)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(RegfHive), "The hive file has been closed.");
            }

            if (offset < 0 || count < 0 || offset > Length - count)
            {
                return false;
            }

            while (count > 0)
            {
                long blockNumber = offset / BlockSize;
                int inBlock = (int)(offset % BlockSize);
                int slot = LoadBlock(blockNumber);
                int available = _blockLength[slot] - inBlock;
                if (available <= 0)
                {
                    // The file shrank while open.
                    return false;
                }

                int take = Math.Min(available, count);
                Buffer.BlockCopy(_blocks[slot]!, inBlock, destination, destinationIndex, take);
                offset += take;
                destinationIndex += take;
                count -= take;
            }

            return true;
        }

        /// <summary>Reads a range into a new array, or null when it lies past the end of the file.</summary>
        public byte[]? ReadBytes(long offset, int count)
        {
            if (offset < 0 || count < 0 || offset > Length - count)
            {
                return null;
            }

            var buffer = new byte[count];
            return TryRead(offset, buffer, 0, count) ? buffer : null;
        }

        private int LoadBlock(long blockNumber)
        {
            if (_slotOf.TryGetValue(blockNumber, out int cached))
            {
                return cached;
            }

            int slot = _nextVictim;
            _nextVictim = (_nextVictim + 1) % CachedBlocks;
            if (_blockNumber[slot] >= 0)
            {
                _slotOf.Remove(_blockNumber[slot]);
            }

            byte[] block = _blocks[slot] ??= new byte[BlockSize];
            _stream.Position = blockNumber * BlockSize;
            int filled = 0;
            while (filled < BlockSize)
            {
                int read = _stream.Read(block, filled, BlockSize - filled);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            _blockNumber[slot] = blockNumber;
            _blockLength[slot] = filled;
            _slotOf[blockNumber] = slot;
            return slot;
        }

        public void Dispose()
        {
            _disposed = true;
            _stream.Dispose();
        }
    }
}
