using System;
using System.Collections.Generic;
using System.IO;

namespace MapiProfileTools.Core.IO
{
    /// <summary>
    /// Random-access reads of a file through a fixed set of cached 4 KiB blocks, shared by the PE and the
    /// hive readers. A version read touches three or four blocks; a hive key lookup a handful per path
    /// level. The cache keeps system calls near the cost of opening the file while memory stays fixed
    /// whatever the file's size: a file is never read whole.
    /// </summary>
    internal sealed class FileBlockReader : IDisposable
    {
        internal const int BlockSize = 4096;

        private readonly Stream _stream;
        private readonly string _owner;
        private readonly byte[]?[] _blocks;
        private readonly long[] _blockNumber;
        private readonly int[] _blockLength;
        private readonly Dictionary<long, int> _slotOf;
        private int _nextVictim;
        private bool _disposed;

        /// <param name="stream">A seekable stream, which the reader owns from now on.</param>
        /// <param name="cachedBlocks">How many blocks to keep; memory is this times 4 KiB.</param>
        /// <param name="owner">What the file is, for the message after disposal ("The hive file").</param>
        public FileBlockReader(Stream stream, int cachedBlocks, string owner)
        {
            _stream = stream;
            _owner = owner;
            _blocks = new byte[cachedBlocks][];
            _blockNumber = new long[cachedBlocks];
            _blockLength = new int[cachedBlocks];
            _slotOf = new Dictionary<long, int>(cachedBlocks);
            for (int i = 0; i < cachedBlocks; i++)
            {
                _blockNumber[i] = -1;
            }

            Length = stream.Length;
        }

        public long Length { get; }

        /// <summary>Copies <paramref name="count"/> bytes at <paramref name="offset"/>; false when the range is past the end.</summary>
        public bool TryRead(long offset, byte[] destination, int destinationIndex, int count)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(_owner, $"{_owner} has been closed.");
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
            _nextVictim = (_nextVictim + 1) % _blocks.Length;
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
