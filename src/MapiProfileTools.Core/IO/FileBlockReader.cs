using System;
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

        // Ranges reaching past 2 GiB are checked against the length before seeking: a MemoryStream cannot be
        // positioned there, and no real PE or hive field points there. Below it, the end of the file is
        // learned from the first short block, so a version read costs no fstat for the length.
        private const long UncheckedLimit = int.MaxValue;

        private readonly Stream _stream;
        private readonly string _owner;
        private readonly BlockCache _cache;
        private readonly bool _ownsStream;
        private long _length = -1;
        // Where the file ends, once a short block has shown it; long.MaxValue until then.
        private long _end = long.MaxValue;
        private bool _disposed;

        /// <param name="stream">A seekable stream, which the reader owns from now on.</param>
        /// <param name="cachedBlocks">How many blocks to keep; memory is this times 4 KiB.</param>
        /// <param name="owner">What the file is, for the message after disposal ("The hive file").</param>
        public FileBlockReader(Stream stream, int cachedBlocks, string owner)
            : this(stream, new BlockCache(cachedBlocks), owner, ownsStream: true)
        {
        }

        /// <param name="stream">A seekable stream; disposed with the reader when <paramref name="ownsStream"/>.</param>
        /// <param name="cache">Block storage, emptied here: a reader that reads many small files reuses one.</param>
        /// <param name="owner">What the file is, for the message after disposal.</param>
        /// <param name="ownsStream">Whether disposing the reader disposes the stream.</param>
        public FileBlockReader(Stream stream, BlockCache cache, string owner, bool ownsStream)
        {
            _stream = stream;
            _owner = owner;
            _cache = cache;
            _ownsStream = ownsStream;
            cache.Clear();
        }

        /// <summary>The stream's length, asked of the stream on first use only.</summary>
        public long Length => _length >= 0 ? _length : (_length = _stream.Length);

        /// <summary>Copies <paramref name="count"/> bytes at <paramref name="offset"/>; false when the range is past the end.</summary>
        public bool TryRead(long offset, byte[] destination, int destinationIndex, int count)
        {
            if (!CanHold(offset, count))
            {
                return false;
            }

            do
            {
                long blockNumber = offset / BlockSize;
                int inBlock = (int)(offset % BlockSize);
                int slot = LoadBlock(blockNumber);
                int available = _cache.Lengths[slot] - inBlock;
                if (available < 0 || (available == 0 && count > 0))
                {
                    // Past the end (or the file shrank while open).
                    return false;
                }

                int take = Math.Min(available, count);
                Buffer.BlockCopy(_cache.Blocks[slot]!, inBlock, destination, destinationIndex, take);
                offset += take;
                destinationIndex += take;
                count -= take;
            }
            while (count > 0);

            return true;
        }

        /// <summary>Whether the file holds the whole range, without copying it.</summary>
        public bool Holds(long offset, long count)
        {
            if (count < 0 || !CanHold(offset, count))
            {
                return false;
            }

            // The range is there when its last byte is (or, for an empty range, its start).
            long last = count > 0 ? offset + count - 1 : offset;
            int slot = LoadBlock(last / BlockSize);
            int inBlock = (int)(last % BlockSize);
            return count > 0 ? inBlock < _cache.Lengths[slot] : inBlock <= _cache.Lengths[slot];
        }

        /// <summary>Reads a range into a new array, or null when it lies past the end of the file.</summary>
        public byte[]? ReadBytes(long offset, int count)
        {
            if (!CanHold(offset, count))
            {
                return null;
            }

            var buffer = new byte[count];
            return TryRead(offset, buffer, 0, count) ? buffer : null;
        }

        /// <summary>Cheap refusals before any block is read: a negative range, or one past a known or distant end.</summary>
        private bool CanHold(long offset, long count)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(_owner, $"{_owner} has been closed.");
            }

            if (offset < 0 || count < 0 || offset > _end - count)
            {
                return false;
            }

            return offset + count <= UncheckedLimit || offset <= Length - count;
        }

        private int LoadBlock(long blockNumber)
        {
            if (_cache.SlotOf.TryGetValue(blockNumber, out int cached))
            {
                return cached;
            }

            int slot = _cache.NextVictim;
            _cache.NextVictim = (slot + 1) % _cache.Blocks.Length;
            if (_cache.Numbers[slot] >= 0)
            {
                _cache.SlotOf.Remove(_cache.Numbers[slot]);
            }

            byte[] block = _cache.Blocks[slot] ??= new byte[BlockSize];
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

            if (filled < BlockSize)
            {
                _end = Math.Min(_end, (blockNumber * BlockSize) + filled);
            }

            _cache.Numbers[slot] = blockNumber;
            _cache.Lengths[slot] = filled;
            _cache.SlotOf[blockNumber] = slot;
            return slot;
        }

        public void Dispose()
        {
            _disposed = true;
            if (_ownsStream)
            {
                _stream.Dispose();
            }
        }
    }
}
