using System;
using System.Collections.Generic;
using System.IO;

namespace MapiProfileTools.Core.Hives
{
    /// <summary>Where a replayed 512-byte sector's bytes are: in a log read whole (no copy per sector), or in the recovered base block.</summary>
    internal readonly struct ReplayedSector
    {
        public ReplayedSector(byte[] data, int offset)
        {
            Data = data;
            Offset = offset;
        }

        public byte[] Data { get; }

        public int Offset { get; }
    }

    /// <summary>
    /// A read-only view of a primary hive file with the sectors replayed from its transaction logs laid over
    /// it: what Windows would have in memory after recovery, without writing the file. Only the replayed
    /// 512-byte sectors are held (references into the logs read whole, at most their own size); everything else is read
    /// from the primary file, and space past its end that the log grew the hive into reads as zeros.
    /// </summary>
    internal sealed class ReplayedHiveStream : Stream
    {
        internal const int SectorSize = 512;

        private readonly Stream _primary;
        private readonly long _primaryLength;
        private readonly Dictionary<long, ReplayedSector> _sectors;
        private long _position;

        /// <param name="primary">The primary file (owned from now on).</param>
        /// <param name="sectors">Replayed sectors by file offset / 512.</param>
        /// <param name="length">The view's length: at least the primary's, more when the log grew the hive.</param>
        public ReplayedHiveStream(Stream primary, Dictionary<long, ReplayedSector> sectors, long length)
        {
            _primary = primary;
            _primaryLength = primary.Length;
            _sectors = sectors;
            Length = Math.Max(length, _primaryLength);
        }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length { get; }

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= Length || count <= 0)
            {
                return 0;
            }

            count = (int)Math.Min(count, Length - _position);
            long firstSector = _position / SectorSize;
            long endSector = (_position + count + SectorSize - 1) / SectorSize;
            // A range the log replaced whole (the pages a lookup reads are often the ones last written) costs no read of the primary.
            bool replacedWhole = true;
            for (long sector = firstSector; sector < endSector && replacedWhole; sector++)
            {
                replacedWhole = _sectors.ContainsKey(sector);
            }

            int fromPrimary = replacedWhole ? 0 : (int)Math.Max(0, Math.Min(count, _primaryLength - _position));
            int filled = 0;
            if (fromPrimary > 0)
            {
                _primary.Position = _position;
                while (filled < fromPrimary)
                {
                    int read = _primary.Read(buffer, offset + filled, fromPrimary - filled);
                    if (read == 0)
                    {
                        break;
                    }

                    filled += read;
                }
            }

            // The primary shrank while open, or the view runs past it: the rest is zeros unless replayed.
            Array.Clear(buffer, offset + filled, count - filled);
            for (long sector = firstSector; sector < endSector; sector++)
            {
                if (_sectors.TryGetValue(sector, out ReplayedSector replayed))
                {
                    long start = Math.Max(sector * SectorSize, _position);
                    long end = Math.Min((sector + 1) * SectorSize, _position + count);
                    Buffer.BlockCopy(replayed.Data, replayed.Offset + (int)(start - sector * SectorSize), buffer, offset + (int)(start - _position), (int)(end - start));
                }
            }

            _position += count;
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            Position = origin == SeekOrigin.Begin ? offset : origin == SeekOrigin.Current ? _position + offset : Length + offset;
            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _primary.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
