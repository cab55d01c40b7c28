using System;
using System.IO;

namespace MapiProfileTools.Core.PortableExecutable
{
    /// <summary>
    /// Random-access reads of a file through a few cached 4 KiB blocks. A version read touches the
    /// headers, the resource directory and the version data: three or four blocks in most files, so
    /// this keeps the number of system calls close to the cost of opening the file and reading its
    /// first page, and never reads the whole file.
    /// </summary>
    internal sealed class FileBlockReader : IDisposable
    {
        internal const int BlockSize = 4096;
        private const int CachedBlocks = 4;

        private readonly Stream _stream;
        private readonly byte[][] _blocks = new byte[CachedBlocks][];
        private readonly long[] _blockIndex = { -1, -1, -1, -1 };
        private readonly int[] _blockLength = new int[CachedBlocks];
        private int _nextVictim;

        public FileBlockReader(Stream stream)
        {
            _stream = stream;
            Length = stream.Length;
        }

        public long Length { get; }

        /// <summary>Copies <paramref name="count"/> bytes at <paramref name="offset"/>; false when the range is past the end.</summary>
        public bool TryRead(long offset, byte[] destination, int destinationIndex, int count)
        {
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
                    return false;
                }

                int take = Math.Min(available, count);
                Buffer.BlockCopy(_blocks[slot], inBlock, destination, destinationIndex, take);
                offset += take;
                destinationIndex += take;
                count -= take;
            }

            return true;
        }

        /// <summary>Reads a range into a new array, or null when it lies past the end of the file.</summary>
        public byte[]? ReadBytes(long offset, int count)
        {
            var buffer = new byte[count];
            return TryRead(offset, buffer, 0, count) ? buffer : null;
        }

        private int LoadBlock(long blockNumber)
        {
            for (int i = 0; i < CachedBlocks; i++)
            {
                if (_blockIndex[i] == blockNumber)
                {
                    return i;
                }
            }

            int slot = _nextVictim;
            _nextVictim = (_nextVictim + 1) % CachedBlocks;
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

            _blockIndex[slot] = blockNumber;
            _blockLength[slot] = filled;
            return slot;
        }

        public void Dispose() => _stream.Dispose();
    }
}
