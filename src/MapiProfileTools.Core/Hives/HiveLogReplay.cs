using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace MapiProfileTools.Core.Hives
{
    /// <summary>A transaction log offered for a dirty hive: found beside it, named by the caller, or given as a stream.</summary>
    internal sealed class HiveLogCandidate
    {
        public HiveLogCandidate(string name, Stream? stream, string? problem)
        {
            Name = name;
            Stream = stream;
            Problem = problem;
        }

        public string Name { get; }

        /// <summary>The log's bytes; null when it could not be opened (<see cref="Problem"/> says why).</summary>
        public Stream? Stream { get; }

        public string? Problem { get; }

        /// <summary>The order logs are tried in, as Windows does: .LOG1, .LOG2, then .LOG, then other names as given.</summary>
        public int Rank
        {
            get
            {
                string extension = Path.GetExtension(Name).ToUpperInvariant();
                return extension == ".LOG1" ? 0 : extension == ".LOG2" ? 1 : extension == ".LOG" ? 2 : 3;
            }
        }
    }

    /// <summary>
    /// Replays the transaction logs of a dirty hive in memory, by the rules of the public "Windows registry
    /// file format specification" (msuhanov/regf: "Format of transaction log files", "Dirty state of a hive",
    /// "Multiple transaction log files"). Nothing is written: the result is a set of replayed 512-byte sectors
    /// (a recovered base block and the logged dirty pages) that <see cref="ReplayedHiveStream"/> lays over the
    /// primary file.
    /// </summary>
    /// <remarks>
    /// Old format (file types 1 and 2: Windows 2000 to 8): the log's base block copy must be valid (its
    /// checksum right, its two sequence numbers equal) and applicable (its last-written time equal to the
    /// primary's, or to the first hive bin's when the primary's base block is damaged); a DIRT bitmap then
    /// names the dirty 512-byte pages of the hive bins data, which follow in order. New format (file type 6:
    /// Windows 8.1 and later): HvLE entries, each guarded by two Marvin32 hashes, applied from the expected
    /// sequence number on, stopping at a gap or a damaged entry; with two logs the one with the earlier
    /// entries goes first. Every length read from a log is checked against the log's size before use, so a
    /// hostile log costs at most its own size in memory and one pass over it in time.
    /// </remarks>
    internal sealed class HiveLogReplay
    {
        internal const long MaxLogLength = 256L * 1024 * 1024;
        private const long WholeReadLength = 4L * 1024 * 1024;
        private const int BaseBlockSize = 4096;
        private const int LogHeaderSize = 512;
        private const int PageSize = 4096;
        private const int Sector = ReplayedHiveStream.SectorSize;
        private const int EntryHeaderSize = 40;
        private const int MaxBinScanBack = 256;

        private readonly Stream _primary;
        private readonly string _hive;
        private readonly byte[] _baseBlock;
        private readonly uint _primarySequence;
        private readonly uint _secondarySequence;
        private readonly bool _checksumValid;
        private readonly List<string> _unusable = new List<string>();
        private readonly List<string> _damage = new List<string>();
        private readonly HashSet<long> _dirtyPages = new HashSet<long>();
        private readonly Dictionary<long, bool> _binHeaderAt = new Dictionary<long, bool>();

        private HiveLogReplay(Stream primary, string hive, byte[] baseBlock)
        {
            _primary = primary;
            _hive = hive;
            _baseBlock = baseBlock;
            _primarySequence = BitConverter.ToUInt32(baseBlock, 4);
            _secondarySequence = BitConverter.ToUInt32(baseBlock, 8);
            _checksumValid = BitConverter.ToUInt32(baseBlock, 508) == Checksum(baseBlock);
        }

        /// <summary>Replayed sectors by file offset / 512, including the recovered base block; empty when nothing was replayed.</summary>
        public Dictionary<long, ReplayedSector> Sectors { get; } = new Dictionary<long, ReplayedSector>();

        /// <summary>The recovered hive's length: the base block and the hive bins data as the log left them.</summary>
        public long Length { get; private set; }

        public bool Replayed => AppliedLogs.Count > 0;

        public List<string> AppliedLogs { get; } = new List<string>();

        public List<string> Notes { get; } = new List<string>();

        /// <summary>One message when the replay could not bring the hive up to date; null otherwise.</summary>
        public string? Warning { get; private set; }

        /// <summary>True when a base block's two sequence numbers differ or its checksum is wrong.</summary>
        public static bool IsDirty(byte[] baseBlock) =>
            BitConverter.ToUInt32(baseBlock, 4) != BitConverter.ToUInt32(baseBlock, 8)
            || BitConverter.ToUInt32(baseBlock, 508) != Checksum(baseBlock);

        /// <summary>XOR of the first 127 32-bit words; Windows writes 1 for 0 and 0xFFFFFFFE for 0xFFFFFFFF.</summary>
        public static uint Checksum(byte[] baseBlock)
        {
            uint sum = 0;
            for (int i = 0; i < 508; i += 4)
            {
                sum ^= BitConverter.ToUInt32(baseBlock, i);
            }

            return sum == 0 ? 1 : sum == uint.MaxValue ? uint.MaxValue - 1 : sum;
        }

        /// <summary>
        /// Replays what <paramref name="logs"/> hold for the dirty hive whose primary file is <paramref name="primary"/>
        /// (read, never written, not disposed) and whose base block is <paramref name="baseBlock"/>.
        /// </summary>
        /// <param name="lookedFor">What was searched for when no log was offered, for the warning ("DEFAULT.LOG, .LOG1 or .LOG2 beside it").</param>
        public static HiveLogReplay Run(Stream primary, string hive, byte[] baseBlock, IReadOnlyList<HiveLogCandidate> logs, string lookedFor)
        {
            var replay = new HiveLogReplay(primary, hive, baseBlock);
            replay.Run(logs, lookedFor);
            return replay;
        }

        private string DirtyReason =>
            _checksumValid
                ? $"the hive is dirty (primary sequence number {_primarySequence}, secondary {_secondarySequence}): Windows did not finish writing it"
                : $"the hive is dirty: its base block checksum is wrong (0x{BitConverter.ToUInt32(_baseBlock, 508):X8}, its bytes sum to 0x{Checksum(_baseBlock):X8}), so the header may be damaged";

        private void Run(IReadOnlyList<HiveLogCandidate> candidates, string lookedFor)
        {
            var valid = new List<LogFile>();
            foreach (HiveLogCandidate candidate in candidates.OrderBy(c => c.Rank))
            {
                if (candidate.Stream == null)
                {
                    _unusable.Add($"'{candidate.Name}' {candidate.Problem}");
                }
                else if (LogFile.TryRead(candidate, out LogFile? log, out string? why))
                {
                    valid.Add(log!);
                }
                else
                {
                    _unusable.Add($"'{candidate.Name}' {why}");
                }
            }

            bool applied = TryNewFormat(valid.Where(l => l.IsNewFormat).ToList()) || TryOldFormat(valid.Where(l => !l.IsNewFormat).ToList());
            string where = $"'{_hive}': ";
            if (!applied)
            {
                string logs = candidates.Count == 0
                    ? $"no transaction log was found ({lookedFor})"
                    : "no usable transaction log: " + string.Join("; ", _unusable);
                Warning = $"{where}{DirtyReason}, and {logs}. It is read as it stands, so the latest changes may be missing and the header's fields are checked before use.";
                return;
            }

            if (_damage.Count > 0)
            {
                Warning = $"{where}the transaction logs were replayed only in part: {string.Join("; ", _damage)}. The changes after that point are missing.";
            }
        }

        // ---- New format ----

        private bool TryNewFormat(List<LogFile> logs)
        {
            if (logs.Count == 0)
            {
                return false;
            }

            // Earlier entries first, allowing for wrap-around: sequence numbers are ordered by their distance from
            // the hive's own (or the first log's), a total order however many logs a caller names.
            uint anchor = _checksumValid ? _secondarySequence : logs[0].Sequence;
            logs = logs.OrderBy(l => (int)(l.Sequence - anchor)).ThenBy(l => l.Candidate.Rank).ToList();
            if (!_checksumValid)
            {
                // The base block cannot be trusted: the spec uses only the log with the latest entries.
                LogFile latest = logs[logs.Count - 1];
                foreach (LogFile skipped in logs.Take(logs.Count - 1))
                {
                    _unusable.Add($"'{skipped.Candidate.Name}' holds older entries than '{latest.Candidate.Name}', which alone is used when the hive's base block is damaged");
                }

                logs = new List<LogFile> { latest };
            }

            uint? next = null;
            LogFile? last = null;
            uint binsSize = 0;
            uint lastSequence = 0;
            string? endedAt = null;
            foreach (LogFile log in logs)
            {
                if (next == null && _checksumValid && (int)(log.Sequence - _secondarySequence) < 0)
                {
                    _unusable.Add($"'{log.Candidate.Name}' starts at sequence number {log.Sequence}, before the hive's {_secondarySequence}: its entries are already in the hive");
                    continue;
                }

                if (next != null && log.Sequence != next.Value)
                {
                    Notes.Add($"'{log.Candidate.Name}' starts at sequence number {log.Sequence}, not at {next.Value} where the replay stopped: not applied.");
                    continue;
                }

                var (count, lastApplied, size, stop) = ApplyEntries(log);
                if (count == 0)
                {
                    _unusable.Add($"'{log.Candidate.Name}' " + (stop != null ? "is unusable: " + stop : $"holds no log entry with the sequence number {log.Sequence} its header expects"));
                    continue;
                }

                // Damage ends this log's replay; a later log may still carry on from where it stopped.
                endedAt = stop == null ? null : $"the replay of '{log.Candidate.Name}' stopped where {stop}";

                AppliedLogs.Add(log.Candidate.Name);
                Notes.Add(count == 1
                    ? $"Replayed log entry {lastApplied} of the transaction log '{log.Candidate.Name}' (new format)."
                    : $"Replayed log entries {lastApplied - (uint)(count - 1)} to {lastApplied} of the transaction log '{log.Candidate.Name}' (new format).");
                next = lastApplied + 1;
                lastSequence = lastApplied;
                binsSize = size;
                last = log;
            }

            if (last == null)
            {
                return false;
            }

            if (endedAt != null)
            {
                _damage.Add(endedAt);
            }

            Finish(last, binsSize, lastSequence, oldFormat: false);
            return true;
        }

        /// <summary>Applies the entries of one log in order from its base block's sequence number; returns how many.</summary>
        private (int Count, uint Last, uint BinsSize, string? Stop) ApplyEntries(LogFile log)
        {
            byte[] data = log.Data;
            uint expected = log.Sequence;
            uint binsSize = 0;
            int count = 0;
            int position = LogHeaderSize;
            string? stop = null;
            while (position <= data.Length - EntryHeaderSize)
            {
                if (!HasSignature(data, position, "HvLE"))
                {
                    break;
                }

                uint sequence = BitConverter.ToUInt32(data, position + 12);
                if (sequence != expected)
                {
                    // A gap, or older entries left from an earlier cycle: the log's current entries end here.
                    break;
                }

                string at = $"its log entry at offset 0x{position:X} (sequence number {sequence})";
                uint size = BitConverter.ToUInt32(data, position + 4);
                uint entryBins = BitConverter.ToUInt32(data, position + 16);
                uint pageCount = BitConverter.ToUInt32(data, position + 20);
                if (size < Sector || size % Sector != 0 || size > data.Length - position)
                {
                    stop = $"{at} claims a size of 0x{size:X} bytes, {(size > data.Length - position ? "past the end of the log" : "not a positive multiple of 512")}";
                    break;
                }

                if (entryBins == 0 || entryBins % PageSize != 0)
                {
                    stop = $"{at} gives a hive bins data size of 0x{entryBins:X}, not a positive multiple of 4096";
                    break;
                }

                if (pageCount == 0 || pageCount > (size - EntryHeaderSize) / 8)
                {
                    stop = $"{at} claims {pageCount} dirty pages, which its 0x{size:X} bytes cannot hold";
                    break;
                }

                if (Marvin32.Hash(data, position, 32, Marvin32.LogEntrySeed) != BitConverter.ToUInt64(data, position + 32)
                    || Marvin32.Hash(data, position + EntryHeaderSize, (int)size - EntryHeaderSize, Marvin32.LogEntrySeed) != BitConverter.ToUInt64(data, position + 24))
                {
                    stop = $"{at} fails its hash check (damaged or cut short)";
                    break;
                }

                string? bad = CheckPageReferences(data, position, size, pageCount, entryBins);
                if (bad != null)
                {
                    stop = $"{at} {bad}";
                    break;
                }

                long page = position + EntryHeaderSize + (long)pageCount * 8;
                for (int i = 0; i < pageCount; i++)
                {
                    uint offset = BitConverter.ToUInt32(data, position + EntryHeaderSize + i * 8);
                    uint pageSize = BitConverter.ToUInt32(data, position + EntryHeaderSize + i * 8 + 4);
                    Overlay(offset, data, page, pageSize);
                    page += pageSize;
                }

                binsSize = entryBins;
                count++;
                expected++;
                position += (int)size;
            }

            return (count, expected - 1, binsSize, stop);
        }

        /// <summary>Page references of a hashed entry: 512-byte aligned, inside the entry's hive bins data, their pages inside the entry.</summary>
        private static string? CheckPageReferences(byte[] data, int entry, uint entrySize, uint pageCount, uint binsSize)
        {
            long available = entrySize - EntryHeaderSize - (long)pageCount * 8;
            long total = 0;
            for (int i = 0; i < pageCount; i++)
            {
                uint offset = BitConverter.ToUInt32(data, entry + EntryHeaderSize + i * 8);
                uint size = BitConverter.ToUInt32(data, entry + EntryHeaderSize + i * 8 + 4);
                if (size == 0 || size % Sector != 0 || offset % Sector != 0 || (long)offset + size > binsSize)
                {
                    return $"names a dirty page of 0x{size:X} bytes at 0x{offset:X}, not whole 512-byte sectors inside its 0x{binsSize:X} bytes of hive bins data";
                }

                total += size;
                if (total > available)
                {
                    return $"names dirty pages of more bytes than it holds";
                }
            }

            return null;
        }

        // ---- Old format ----

        private bool TryOldFormat(List<LogFile> logs)
        {
            long? timestamp = _checksumValid ? BitConverter.ToInt64(_baseBlock, 12) : FirstBinTimestamp();
            foreach (LogFile log in logs)
            {
                string name = log.Candidate.Name;
                if (timestamp == null)
                {
                    _unusable.Add($"'{name}' cannot be matched to the hive: its base block is damaged and its first hive bin holds no timestamp");
                    continue;
                }

                if (log.Timestamp != timestamp.Value)
                {
                    _unusable.Add($"'{name}' was written at {Time(log.Timestamp)}, the hive at {Time(timestamp.Value)}{(_checksumValid ? string.Empty : " (its first hive bin's time)")}: the log belongs to another hive or another write, and is not applied");
                    continue;
                }

                if (!ApplyDirtyVector(log, out int pages, out string? why))
                {
                    _unusable.Add($"'{name}' {why}");
                    continue;
                }

                AppliedLogs.Add(name);
                string kind = log.FileType == 2 ? "old format, Windows 2000" : "old format";
                Notes.Add($"Replayed the transaction log '{name}' ({kind}): {pages} dirty 512-byte pages, {log.BinsSize / 1024} KiB of hive bins data.");
                Finish(log, log.BinsSize, log.Sequence, oldFormat: true);
                return true;
            }

            return false;
        }

        private bool ApplyDirtyVector(LogFile log, out int pages, out string? why)
        {
            pages = 0;
            byte[] data = log.Data;
            long bitmapBytes = log.BinsSize / PageSize;          // one bit per 512-byte page
            if (data.Length < LogHeaderSize + 4 || !HasSignature(data, LogHeaderSize, "DIRT"))
            {
                why = "has no 'DIRT' dirty vector at offset 0x200";
                return false;
            }

            if (LogHeaderSize + 4 + bitmapBytes > data.Length)
            {
                why = $"is cut short: its dirty vector for 0x{log.BinsSize:X} bytes of hive bins data runs past its end";
                return false;
            }

            const int Bitmap = LogHeaderSize + 4;
            long dirty = 0;
            for (int i = 0; i < bitmapBytes; i++)
            {
                for (int v = data[Bitmap + i]; v != 0; v &= v - 1)
                {
                    dirty++;
                }
            }

            long first = (LogHeaderSize + 4 + bitmapBytes + Sector - 1) / Sector * Sector;
            if (dirty == 0 || first + dirty * Sector > data.Length)
            {
                why = dirty == 0 ? "names no dirty page" : $"is cut short: it names {dirty} dirty pages, its size holds {Math.Max(0, (data.Length - first) / Sector)}";
                return false;
            }

            long position = first;
            for (long bit = 0; bit < bitmapBytes * 8; bit++)
            {
                if ((data[Bitmap + bit / 8] & (1 << (int)(bit % 8))) == 0)
                {
                    continue;
                }

                Overlay((uint)(bit * Sector), data, position, Sector);
                position += Sector;
                pages++;
            }

            why = null;
            return true;
        }

        private long? FirstBinTimestamp()
        {
            var header = new byte[28];
            return ReadAt(_primary, BaseBlockSize, header, 28) && HasSignature(header, 0, "hbin") ? BitConverter.ToInt64(header, 20) : (long?)null;
        }

        // ---- Shared ----

        /// <summary>Lays <paramref name="count"/> bytes of replayed hive bins data at <paramref name="binsOffset"/>.</summary>
        private void Overlay(uint binsOffset, byte[] source, long sourceIndex, uint count)
        {
            for (uint done = 0; done < count; done += Sector)
            {
                long fileOffset = BaseBlockSize + (long)binsOffset + done;
                // A later entry's copy of a sector replaces an earlier one; the log's bytes stay where they are.
                Sectors[fileOffset / Sector] = new ReplayedSector(source, (int)(sourceIndex + done));
                _dirtyPages.Add(((long)binsOffset + done) / PageSize);
            }
        }

        /// <summary>Checks the dirty hive bins, then lays the recovered base block over the primary's.</summary>
        private void Finish(LogFile log, uint binsSize, uint sequence, bool oldFormat)
        {
            CheckDirtyBins(binsSize, oldFormat);

            // The base block as Windows would have it after recovery: the log's copy (made from memory, newer
            // than the primary's), a primary again, its sequence numbers in step, the bins data the log left.
            var recovered = (byte[])_baseBlock.Clone();
            Buffer.BlockCopy(log.Header, 0, recovered, 0, LogHeaderSize);
            BitConverter.GetBytes(sequence).CopyTo(recovered, 4);
            BitConverter.GetBytes(sequence).CopyTo(recovered, 8);
            BitConverter.GetBytes(0u).CopyTo(recovered, 28);
            BitConverter.GetBytes(binsSize).CopyTo(recovered, 40);
            BitConverter.GetBytes(Checksum(recovered)).CopyTo(recovered, 508);
            for (int i = 0; i < BaseBlockSize / Sector; i++)
            {
                Sectors[i] = new ReplayedSector(recovered, i * Sector);
            }

            Length = BaseBlockSize + (long)binsSize;
            if (!_checksumValid)
            {
                Notes.Add($"The base block of '{_hive}' had a wrong checksum; it was recovered from '{log.Candidate.Name}'.");
            }
        }

        /// <summary>
        /// Each hive bin that holds a replayed page must still be a hive bin: its signature, its offset, a size of
        /// whole pages inside the hive bins data. In the old format the replay stops at the first bad one (its
        /// pages and every later one are dropped); in the new format a bad bin's pages are dropped and the rest
        /// kept, as Windows replaces a bad bin and goes on.
        /// </summary>
        private void CheckDirtyBins(uint binsSize, bool oldFormat)
        {
            long coveredUntil = 0;
            long? stoppedAt = null;
            var bad = new List<long>();
            foreach (long page in _dirtyPages.OrderBy(p => p))
            {
                if (page * PageSize >= binsSize)
                {
                    // A later entry shrank the hive: pages past its end are no longer part of it.
                    Drop(page);
                    continue;
                }

                if (stoppedAt != null)
                {
                    Drop(page);
                    continue;
                }

                if (page < coveredUntil)
                {
                    continue;
                }

                long binEnd = BinEnd(page, binsSize);
                if (binEnd > 0)
                {
                    coveredUntil = binEnd;
                    continue;
                }

                bad.Add(page);
                Drop(page);
                if (oldFormat)
                {
                    stoppedAt = page;
                }
            }

            if (bad.Count > 0)
            {
                string pages = string.Join(", ", bad.Take(5).Select(p => $"0x{BaseBlockSize + p * PageSize:X}")) + (bad.Count > 5 ? $" and {bad.Count - 5} more" : string.Empty);
                _damage.Add(oldFormat
                    ? $"the replayed page at file offset {pages} is not inside a valid hive bin, so the replay stopped there"
                    : $"the replayed pages at file offsets {pages} are not inside valid hive bins and were left out");
            }
        }

        /// <summary>The end (in pages) of the valid bin holding <paramref name="page"/>, or -1.</summary>
        private long BinEnd(long page, uint binsSize)
        {
            for (long start = page; start >= 0 && page - start <= MaxBinScanBack; start--)
            {
                if (!IsBinHeader(start, out uint size))
                {
                    continue;
                }

                long end = start * PageSize + size;
                bool valid = size >= PageSize && size % PageSize == 0 && end <= binsSize && end > page * PageSize;
                return valid ? end / PageSize : -1;
            }

            return -1;
        }

        private bool IsBinHeader(long page, out uint size)
        {
            var header = new byte[12];
            size = 0;
            if (_binHeaderAt.TryGetValue(page, out bool known) && !known)
            {
                return false;
            }

            long fileOffset = BaseBlockSize + page * PageSize;
            if (Sectors.TryGetValue(fileOffset / Sector, out ReplayedSector sector))
            {
                Buffer.BlockCopy(sector.Data, sector.Offset, header, 0, 12);
            }
            else if (!ReadAt(_primary, fileOffset, header, 12))
            {
                _binHeaderAt[page] = false;
                return false;
            }

            bool isHeader = HasSignature(header, 0, "hbin") && BitConverter.ToUInt32(header, 4) == page * PageSize;
            _binHeaderAt[page] = isHeader;
            size = BitConverter.ToUInt32(header, 8);
            return isHeader;
        }

        private void Drop(long page)
        {
            long first = (BaseBlockSize + page * PageSize) / Sector;
            for (long s = first; s < first + PageSize / Sector; s++)
            {
                Sectors.Remove(s);
            }
        }

        private static string Time(long fileTime) =>
            fileTime > 0 && fileTime < DateTime.MaxValue.ToFileTimeUtc()
                ? DateTime.FromFileTimeUtc(fileTime).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : $"0x{fileTime:X16}";

        internal static bool HasSignature(byte[] data, int offset, string signature)
        {
            for (int i = 0; i < signature.Length; i++)
            {
                if (data[offset + i] != (byte)signature[i])
                {
                    return false;
                }
            }

            return true;
        }

        internal static bool ReadAt(Stream stream, long offset, byte[] buffer, int count)
        {
            if (offset < 0 || offset > stream.Length - count)
            {
                return false;
            }

            stream.Position = offset;
            int filled = 0;
            while (filled < count)
            {
                int read = stream.Read(buffer, filled, count - filled);
                if (read == 0)
                {
                    return false;
                }

                filled += read;
            }

            return true;
        }

        /// <summary>A log's first sector: a base block copy, checked as the specification requires before any use.</summary>
        private sealed class LogFile
        {
            private LogFile(HiveLogCandidate candidate, byte[] data)
            {
                Candidate = candidate;
                Data = data;
                Header = new byte[LogHeaderSize];
                Buffer.BlockCopy(data, 0, Header, 0, LogHeaderSize);
                byte[] header = Header;
                FileType = BitConverter.ToUInt32(header, 28);
                Sequence = BitConverter.ToUInt32(header, 4);
                Timestamp = BitConverter.ToInt64(header, 12);
                BinsSize = BitConverter.ToUInt32(header, 40);
            }

            public HiveLogCandidate Candidate { get; }

            public byte[] Header { get; }

            /// <summary>The whole log, read in one go: at most <see cref="MaxLogLength"/>, and every page of it may be replayed.</summary>
            public byte[] Data { get; }

            public uint FileType { get; }

            public bool IsNewFormat => FileType == 6;

            public uint Sequence { get; }

            public long Timestamp { get; }

            public uint BinsSize { get; }

            public static bool TryRead(HiveLogCandidate candidate, out LogFile? log, out string? why)
            {
                log = null;
                Stream stream = candidate.Stream!;
                long length = stream.Length;
                if (length > MaxLogLength)
                {
                    why = $"is {length / (1024 * 1024)} MiB, more than the {MaxLogLength / (1024 * 1024)} MiB a log is read up to";
                    return false;
                }

                if (length == 0)
                {
                    why = "is empty (Windows leaves unused logs empty)";
                    return false;
                }

                if (length < LogHeaderSize)
                {
                    why = $"is {length} bytes long, shorter than a log's 512-byte header";
                    return false;
                }

                // A log of up to 4 MiB in one read; a larger file is read whole only once its header says it is a log.
                byte[] header = new byte[length <= WholeReadLength ? length : LogHeaderSize];
                if (!ReadAt(stream, 0, header, header.Length))
                {
                    why = "could not be read (it shrank while open?)";
                    return false;
                }

                if (!HasSignature(header, 0, "regf"))
                {
                    why = "is not a transaction log (it does not start with 'regf')";
                    return false;
                }

                uint type = BitConverter.ToUInt32(header, 28);
                if (type != 1 && type != 2 && type != 6)
                {
                    why = type == 0 ? "is a primary hive file, not a transaction log" : $"has the file type {type}, not a transaction log's 1, 2 or 6";
                    return false;
                }

                if (BitConverter.ToUInt32(header, 508) != Checksum(header))
                {
                    why = "has a wrong checksum in its base block copy";
                    return false;
                }

                uint first = BitConverter.ToUInt32(header, 4);
                uint second = BitConverter.ToUInt32(header, 8);
                if (first != second)
                {
                    why = $"was itself not finished (its sequence numbers are {first} and {second})";
                    return false;
                }

                uint bins = BitConverter.ToUInt32(header, 40);
                if (type != 6 && (bins == 0 || bins % PageSize != 0))
                {
                    why = $"gives a hive bins data size of 0x{bins:X}, not a positive multiple of 4096";
                    return false;
                }

                if (length <= LogHeaderSize + EntryHeaderSize)
                {
                    why = "holds a header and nothing after it";
                    return false;
                }

                byte[] data = header;
                if (data.Length < length)
                {
                    data = new byte[length];
                    if (!ReadAt(stream, 0, data, data.Length))
                    {
                        why = "could not be read whole (it shrank while open?)";
                        return false;
                    }
                }

                log = new LogFile(candidate, data);
                why = null;
                return true;
            }
        }
    }
}
