using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using MapiProfileTools.Core.IO;

namespace MapiProfileTools.Core.EventLogFiles
{
    /// <summary>
    /// A legacy event log file (.evt, Windows NT 4 to Server 2003: AppEvent.Evt, SysEvent.Evt) opened
    /// read-only, on any platform. Layout per the public Win32 documentation ("Event Log File Format":
    /// ELF_LOGFILE_HEADER, EVENTLOGRECORD, ELF_EOF_RECORD) and libyal's format notes.
    /// </summary>
    /// <remarks>
    /// <para>The file is a ring: a 0x30-byte header, then records that the event log service writes one
    /// after another and, past the end of the file, continues at offset 0x30 — so a record, and the
    /// end-of-file record, may be split across the end. Only the live window (from the oldest record to the
    /// end-of-file record) is reported; leftovers of overwritten records outside it are not events.</para>
    /// <para>A DIRTY log (the service did not close it) has a stale header: the end-of-file record, found by a
    /// scan of the file, holds the current offsets and record numbers.</para>
    /// <para>Records are streamed: memory stays bounded by the largest record (at most <see cref="MaxRecordLength"/>)
    /// and a fixed block cache, whatever the file's size.</para>
    /// <para>Damage: a file that is not an event log, a bad header, or damage before the first record ends in
    /// <see cref="EvtFormatException"/>. Damage after records were read stops the walk with a message in
    /// <see cref="Warnings"/>, the records before it kept; a record whose frame is sound but whose contents
    /// are not (names, strings, SID or data out of its bounds) is skipped with a warning.</para>
    /// <para>Not thread-safe: use one file from one thread at a time.</para>
    /// </remarks>
    public sealed class EvtFile : IDisposable
    {
        /// <summary>The size of the file header, where the ring of records begins and wraps back to.</summary>
        public const int HeaderLength = 0x30;

        /// <summary>
        /// The largest record accepted. The event log service keeps each report far below this (insertion
        /// strings of at most 32K characters, the data a few tens of KiB); anything claiming more is damage, and the
        /// bound keeps memory from following a bogus length.
        /// </summary>
        public const int MaxRecordLength = 0x100000;

        internal const int EofRecordLength = 0x28;
        internal const uint Signature = 0x654C664C; // "LfLe"
        private const int FixedRecordPart = 0x38;   // EVENTLOGRECORD up to and including DataOffset
        private const int MinRecordLength = FixedRecordPart + 4;
        private const uint PaddingDword = 0x27;     // a padding dword some writers fill the end of the file with
        private const int MaxWarnings = 100;
        private const int ScanChunk = 64 * 1024;

        private readonly FileBlockReader _file;
        private readonly List<string> _warnings = new List<string>();
        private readonly HashSet<string> _warningSet = new HashSet<string>(StringComparer.Ordinal);
        private readonly long _ringEnd;
        private readonly long _ringSize;
        private readonly bool _endKnown;
        private byte[] _recordBuffer = new byte[4096];

        private EvtFile(FileBlockReader file, string path)
        {
            _file = file;
            FilePath = path;
            long length = file.Length;
            byte[] header = file.ReadBytes(0, (int)Math.Min(length, HeaderLength)) ?? Array.Empty<byte>();
            CheckHeaderSignature(header, length, path);

            uint headerSize = BitConverter.ToUInt32(header, 0);
            MajorVersion = (int)Math.Min(int.MaxValue, BitConverter.ToUInt32(header, 8));
            MinorVersion = (int)Math.Min(int.MaxValue, BitConverter.ToUInt32(header, 12));
            HeaderStartOffset = BitConverter.ToUInt32(header, 16);
            HeaderEndOffset = BitConverter.ToUInt32(header, 20);
            HeaderCurrentRecordNumber = BitConverter.ToUInt32(header, 24);
            HeaderOldestRecordNumber = BitConverter.ToUInt32(header, 28);
            MaxSize = BitConverter.ToUInt32(header, 32);
            Flags = BitConverter.ToUInt32(header, 36);
            Retention = BitConverter.ToUInt32(header, 40);
            uint endHeaderSize = BitConverter.ToUInt32(header, 44);

            if (endHeaderSize != headerSize)
            {
                throw new EvtFormatException(EvtProblem.Corrupt, path, 44, $"the header's closing size is 0x{endHeaderSize:X}, not 0x{headerSize:X} like its opening size");
            }

            if (MajorVersion != 1)
            {
                throw new EvtFormatException(EvtProblem.Unsupported, path, 8, $"the format's version is {MajorVersion}.{MinorVersion}; only version 1.1 is known");
            }

            if (MinorVersion != 1)
            {
                Warn(12, $"the format's minor version is {MinorVersion}, not 1; reading on as 1.1");
            }

            if (length > uint.MaxValue)
            {
                throw new EvtFormatException(EvtProblem.Unsupported, path, -1, $"the file is {length} bytes long, past the 4 GiB its 32-bit offsets can address");
            }

            if (length < HeaderLength + EofRecordLength)
            {
                throw new EvtFormatException(EvtProblem.Corrupt, path, length, $"the file ends after {length} bytes, too short to hold the end-of-file record after the header; the copy may be truncated");
            }

            _ringEnd = length;
            _ringSize = length - HeaderLength;

            if (IsDirty)
            {
                EofRecord? eof = ScanForEofRecord();
                if (eof != null)
                {
                    if (eof.Value.EndRecord != eof.Value.Position)
                    {
                        Warn(eof.Value.Position, $"the end-of-file record at 0x{eof.Value.Position:X} names 0x{eof.Value.EndRecord:X} as its own offset; using where it was found");
                    }

                    CheckInRing(eof.Value.BeginRecord, eof.Value.Position + 20, "the end-of-file record's oldest-record offset");
                    StartOffset = eof.Value.BeginRecord;
                    EndOffset = eof.Value.Position;
                    OldestRecordNumber = eof.Value.OldestRecordNumber;
                    NextRecordNumber = eof.Value.CurrentRecordNumber;
                    EofRecordFound = true;
                    _endKnown = true;
                }
                else
                {
                    CheckInRing(HeaderStartOffset, 16, "the header's oldest-record offset");
                    Warn(-1, "the log is dirty (the event log service did not close it) and has no end-of-file record to say where its records end; reading from the header's oldest record until the records stop, so the newest may be missing");
                    StartOffset = HeaderStartOffset;
                    EndOffset = -1;
                    OldestRecordNumber = HeaderOldestRecordNumber;
                    NextRecordNumber = 0;
                    _endKnown = false;
                }
            }
            else
            {
                CheckInRing(HeaderStartOffset, 16, "the header's oldest-record offset");
                CheckInRing(HeaderEndOffset, 20, "the header's end-of-file record offset");
                StartOffset = HeaderStartOffset;
                EndOffset = HeaderEndOffset;
                OldestRecordNumber = HeaderOldestRecordNumber;
                NextRecordNumber = HeaderCurrentRecordNumber;
                _endKnown = true;
                EofRecordFound = TryReadEofRecord(HeaderEndOffset, out _);
                if (!EofRecordFound)
                {
                    Warn(HeaderEndOffset, $"there is no end-of-file record where the header says the records end (0x{HeaderEndOffset:X}); the file may be damaged or truncated, reading the records up to that offset");
                }
            }
        }

        public string FilePath { get; }

        public int MajorVersion { get; }

        public int MinorVersion { get; }

        /// <summary>The header's StartOffset as stored (stale when <see cref="IsDirty"/>).</summary>
        public uint HeaderStartOffset { get; }

        /// <summary>The header's EndOffset as stored (stale when <see cref="IsDirty"/>).</summary>
        public uint HeaderEndOffset { get; }

        public uint HeaderCurrentRecordNumber { get; }

        public uint HeaderOldestRecordNumber { get; }

        /// <summary>The header's MaxSize: the size the log was created for (the file's own size bounds the ring).</summary>
        public uint MaxSize { get; }

        public uint Flags { get; }

        /// <summary>The header's Retention, in seconds.</summary>
        public uint Retention { get; }

        /// <summary>DIRTY (0x1): the log was not closed cleanly; the header is stale and the end-of-file record holds the truth.</summary>
        public bool IsDirty => (Flags & 0x1) != 0;

        /// <summary>WRAP (0x2): the records have wrapped around the end of the file.</summary>
        public bool IsWrapped => (Flags & 0x2) != 0;

        /// <summary>LOGFULL_WRITTEN (0x4): the log filled up and the service stopped writing to it.</summary>
        public bool IsFull => (Flags & 0x4) != 0;

        /// <summary>ARCHIVE_SET (0x8): the log has been saved (archived) since it last changed.</summary>
        public bool IsArchived => (Flags & 0x8) != 0;

        /// <summary>Offset of the oldest live record (from the end-of-file record when dirty).</summary>
        public long StartOffset { get; }

        /// <summary>Offset of the end-of-file record; -1 when a dirty log has none.</summary>
        public long EndOffset { get; }

        /// <summary>Number of the oldest live record; 0 for an empty log.</summary>
        public uint OldestRecordNumber { get; }

        /// <summary>Number the next record would get; 0 when unknown (a dirty log without an end-of-file record).</summary>
        public uint NextRecordNumber { get; }

        /// <summary>Whether the end-of-file record was found where the records end.</summary>
        public bool EofRecordFound { get; }

        /// <summary>How many records the log says it holds (by its record numbers); null when unknown.</summary>
        public long? ExpectedRecordCount => NextRecordNumber == 0 ? (long?)null : OldestRecordNumber == 0 ? 0 : Math.Max(0, (long)NextRecordNumber - OldestRecordNumber);

        /// <summary>The file's size, which is where the ring wraps back to offset 0x30.</summary>
        public long FileLength => _ringEnd;

        /// <summary>Damage that was read past, in the order found; at most 100, each once.</summary>
        public IReadOnlyList<string> Warnings => _warnings;

        /// <summary>Opens an event log file read-only, sharing it with a writer (a live log copied in place stays readable).</summary>
        /// <exception cref="EvtFormatException">The file is not an event log, is a kind this reader does not handle, or its header is damaged.</exception>
        /// <exception cref="IOException">The file cannot be read.</exception>
        /// <exception cref="UnauthorizedAccessException">Access to the file is denied.</exception>
        public static EvtFile Open(string path)
        {
            // No FileStream buffer: FileBlockReader reads whole pages and caches them.
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            return Open(stream, path);
        }

        /// <summary>Reads an event log from a seekable stream, which the file object then owns; <paramref name="name"/> is used in messages.</summary>
        /// <exception cref="EvtFormatException">As for <see cref="Open(string)"/>.</exception>
        public static EvtFile Open(Stream stream, string name)
        {
            if (!stream.CanSeek || !stream.CanRead)
            {
                stream.Dispose();
                throw new ArgumentException("The stream must be readable and seekable.", nameof(stream));
            }

            // 16 blocks (64 KiB): a walk reads forward, so a few blocks serve a record split across the end too.
            var file = new FileBlockReader(stream, 16, "The event log file");
            try
            {
                return new EvtFile(file, name);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The records of the live window, oldest first, read as the enumeration goes. Damage after the first
        /// record ends the walk and adds to <see cref="Warnings"/>; damage before it throws.
        /// </summary>
        /// <exception cref="EvtFormatException">The first record's frame is damaged, or the records loop before any was read.</exception>
        public IEnumerable<EvtRecord> ReadRecords()
        {
            long window = _endKnown ? Distance(StartOffset, EndOffset) : _ringSize;
            long position = StartOffset;
            long consumed = 0;
            int read = 0;
            uint expectedNumber = OldestRecordNumber;
            bool numberGapReported = false;

            while (!_endKnown || consumed < window)
            {
                long left = window - consumed;
                if (left < 4)
                {
                    if (Stop(position, read, "the records run into the end-of-file record")) { yield break; }
                }

                uint length = ReadRingUInt32(position);
                if (length == EofRecordLength && TryReadEofRecord(position, out _))
                {
                    if (_endKnown)
                    {
                        Warn(position, $"an end-of-file record at 0x{position:X} comes before the one the log names at 0x{EndOffset:X}; the records after it are not read");
                    }

                    yield break;
                }

                if (length == PaddingDword && IsPaddingToEnd(position))
                {
                    // Padding to the end of the file rather than a split record: the window goes on at 0x30. The
                    // service's own logs split records (as libevt reads them); this only keeps such a file readable.
                    long skip = _ringEnd - position;
                    if (skip > left)
                    {
                        if (Stop(position, read, "padding at the end of the file runs past the end-of-file record")) { yield break; }
                    }

                    consumed += skip;
                    position = HeaderLength;
                    continue;
                }

                string? frameProblem = CheckLength(length, left);
                byte[] buffer = _recordBuffer;
                if (frameProblem == null)
                {
                    // The length is bounded now (by the window and MaxRecordLength): read the record whole, then check its frame.
                    buffer = RecordBuffer((int)length);
                    ReadRing(position, buffer, (int)length);
                    frameProblem = CheckFrame(buffer, length);
                }

                if (frameProblem != null)
                {
                    if (Stop(position, read, frameProblem)) { yield break; }
                }

                uint number = BitConverter.ToUInt32(buffer, 8);
                EvtRecord? record = ParseRecord(buffer, (int)length, position, out string? contentProblem);
                if (record == null)
                {
                    Warn(position, $"record {number} at 0x{position:X} is skipped: {contentProblem}");
                }
                else
                {
                    if (number != expectedNumber && !numberGapReported && read > 0)
                    {
                        numberGapReported = true;
                        Warn(position, $"the record numbers jump from {expectedNumber - 1} to {number} at 0x{position:X}");
                    }

                    read++;
                    yield return record;
                }

                expectedNumber = unchecked(number + 1);
                consumed += length;
                position = Advance(position, length);
                if (!_endKnown && consumed >= _ringSize)
                {
                    Warn(position, "the records go round the whole file without an end-of-file record; stopping after one round");
                    yield break;
                }
            }

            long? expected = ExpectedRecordCount;
            if (expected != null && expected.Value != read && _warnings.Count == 0)
            {
                Warn(-1, $"the log's record numbers promise {expected.Value} records, but {read} were read");
            }
        }

        public void Dispose() => _file.Dispose();

        private static void CheckHeaderSignature(byte[] header, long length, string path)
        {
            if (header.Length >= 8 && Encoding.ASCII.GetString(header, 0, 8) == "ElfFile\0")
            {
                throw new EvtFormatException(EvtProblem.NotAnEventLog, path, 0, "it is a Windows Vista or later event log (.evtx, signature 'ElfFile'); open it with Get-WinEvent -Path");
            }

            if (header.Length < 8 || BitConverter.ToUInt32(header, 4) != Signature)
            {
                throw new EvtFormatException(EvtProblem.NotAnEventLog, path, header.Length < 8 ? -1 : 4, header.Length < 8 ? $"the file is only {length} bytes long" : "there is no 'LfLe' signature at offset 4");
            }

            uint size = BitConverter.ToUInt32(header, 0);
            if (size != HeaderLength)
            {
                throw new EvtFormatException(EvtProblem.NotAnEventLog, path, 0, $"the header size is 0x{size:X}, not 0x30");
            }

            if (header.Length < HeaderLength)
            {
                throw new EvtFormatException(EvtProblem.Corrupt, path, length, $"the file ends after {length} bytes, inside the 0x30-byte header; the copy may be truncated");
            }
        }

        private void CheckInRing(long offset, long fieldOffset, string what)
        {
            if (offset < HeaderLength || offset >= _ringEnd)
            {
                string hint = offset >= _ringEnd ? "; the copy may be truncated" : string.Empty;
                throw new EvtFormatException(EvtProblem.Corrupt, FilePath, fieldOffset, $"{what} is 0x{offset:X}, outside the records (0x30 to 0x{_ringEnd:X}){hint}");
            }
        }

        /// <summary>Decides what to do with damage at <paramref name="position"/>: throw before any record, otherwise warn and stop.</summary>
        private bool Stop(long position, int recordsRead, string problem)
        {
            if (recordsRead == 0)
            {
                throw new EvtFormatException(EvtProblem.Corrupt, FilePath, position, problem);
            }

            Warn(position, $"the records from 0x{position:X} on are not read: {problem}; the {recordsRead} records before it are kept");
            return true;
        }

        private string? CheckLength(uint length, long left)
        {
            if (length < MinRecordLength || length % 4 != 0)
            {
                return $"the record length 0x{length:X} is not a valid record length";
            }

            if (length > MaxRecordLength)
            {
                return $"the record length 0x{length:X} is larger than any record the event log service writes";
            }

            if (length > left || length > _ringSize - EofRecordLength)
            {
                return $"the record length 0x{length:X} runs past the end of the records";
            }

            return null;
        }

        private static string? CheckFrame(byte[] record, uint length)
        {
            if (BitConverter.ToUInt32(record, 4) != Signature)
            {
                return "the record has no 'LfLe' signature";
            }

            uint closing = BitConverter.ToUInt32(record, (int)length - 4);
            if (closing != length)
            {
                return $"the record's closing length is 0x{closing:X}, its opening length 0x{length:X}";
            }

            return null;
        }

        private EvtRecord? ParseRecord(byte[] b, int length, long position, out string? problem)
        {
            problem = null;
            int limit = length - 4; // the closing length is not content
            uint recordNumber = BitConverter.ToUInt32(b, 8);
            uint generated = BitConverter.ToUInt32(b, 12);
            uint written = BitConverter.ToUInt32(b, 16);
            uint eventId = BitConverter.ToUInt32(b, 20);
            ushort eventType = BitConverter.ToUInt16(b, 24);
            ushort numStrings = BitConverter.ToUInt16(b, 26);
            ushort category = BitConverter.ToUInt16(b, 28);
            uint stringOffset = BitConverter.ToUInt32(b, 36);
            uint sidLength = BitConverter.ToUInt32(b, 40);
            uint sidOffset = BitConverter.ToUInt32(b, 44);
            uint dataLength = BitConverter.ToUInt32(b, 48);
            uint dataOffset = BitConverter.ToUInt32(b, 52);

            int at = FixedRecordPart;
            string? source = ReadUtf16z(b, ref at, limit);
            string? computer = source == null ? null : ReadUtf16z(b, ref at, limit);
            if (computer == null)
            {
                problem = "its source or computer name runs past the end of the record";
                return null;
            }

            string? sid = null;
            if (sidLength > 0)
            {
                if (!InRecord(sidOffset, sidLength, limit))
                {
                    problem = $"its user SID (0x{sidLength:X} bytes at 0x{sidOffset:X}) lies outside the record";
                    return null;
                }

                sid = SidText(b, (int)sidOffset, (int)sidLength);
                if (sid == null)
                {
                    problem = "its user SID is malformed";
                    return null;
                }
            }

            string[] strings = numStrings == 0 ? Array.Empty<string>() : new string[numStrings];
            if (numStrings > 0)
            {
                if (stringOffset < FixedRecordPart || stringOffset > limit)
                {
                    problem = $"its strings offset 0x{stringOffset:X} lies outside the record";
                    return null;
                }

                int s = (int)stringOffset;
                for (int i = 0; i < numStrings; i++)
                {
                    string? text = ReadUtf16z(b, ref s, limit);
                    if (text == null)
                    {
                        problem = $"its string {i + 1} of {numStrings} runs past the end of the record";
                        return null;
                    }

                    strings[i] = text;
                }
            }

            byte[] data = Array.Empty<byte>();
            if (dataLength > 0)
            {
                if (!InRecord(dataOffset, dataLength, limit))
                {
                    problem = $"its data (0x{dataLength:X} bytes at 0x{dataOffset:X}) lies outside the record";
                    return null;
                }

                data = new byte[dataLength];
                Buffer.BlockCopy(b, (int)dataOffset, data, 0, (int)dataLength);
            }

            return new EvtRecord(position, recordNumber, UnixTime(generated), UnixTime(written), eventId, eventType, category, source!, computer, sid, strings, data);
        }

        private static bool InRecord(uint offset, uint count, int limit) =>
            offset >= FixedRecordPart && (long)offset + count <= limit;

        private static DateTime UnixTime(uint seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;

        /// <summary>A NUL-terminated UTF-16 string at <paramref name="at"/>, which moves past the NUL; null when no NUL comes before <paramref name="limit"/>.</summary>
        private static string? ReadUtf16z(byte[] b, ref int at, int limit)
        {
            for (int i = at; i + 1 < limit; i += 2)
            {
                if (b[i] == 0 && b[i + 1] == 0)
                {
                    string text = Encoding.Unicode.GetString(b, at, i - at);
                    at = i + 2;
                    return text;
                }
            }

            return null;
        }

        /// <summary>The S-1-... form of a binary SID, or null when the bytes are not one.</summary>
        internal static string? SidText(byte[] b, int offset, int length)
        {
            if (length < 8)
            {
                return null;
            }

            int revision = b[offset];
            int count = b[offset + 1];
            if (count > 15 || length < 8 + (4 * count))
            {
                return null;
            }

            long authority = 0;
            for (int i = 2; i < 8; i++)
            {
                authority = (authority << 8) | b[offset + i];
            }

            var text = new StringBuilder("S-").Append(revision).Append('-');
            // SDDL writes an authority that needs more than 32 bits in hexadecimal.
            text.Append(authority >= 1L << 32 ? "0x" + authority.ToString("X12", System.Globalization.CultureInfo.InvariantCulture) : authority.ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (int i = 0; i < count; i++)
            {
                text.Append('-').Append(BitConverter.ToUInt32(b, offset + 8 + (4 * i)));
            }

            return text.ToString();
        }

        private byte[] RecordBuffer(int length)
        {
            if (_recordBuffer.Length < length)
            {
                _recordBuffer = new byte[Math.Max(length, Math.Min(MaxRecordLength, _recordBuffer.Length * 2))];
            }

            return _recordBuffer;
        }

        private long Advance(long position, long count)
        {
            long next = position + count;
            return next >= _ringEnd ? next - _ringSize : next;
        }

        private long Distance(long from, long to) => ((to - from) % _ringSize + _ringSize) % _ringSize;

        /// <summary>Reads <paramref name="count"/> (at most the ring's size) bytes of the ring, continuing at 0x30 past the end of the file.</summary>
        private void ReadRing(long position, byte[] destination, int count)
        {
            int first = (int)Math.Min(count, _ringEnd - position);
            if (!_file.TryRead(position, destination, 0, first) || (count > first && !_file.TryRead(HeaderLength, destination, first, count - first)))
            {
                // The file shrank while open: report it as the damage it is to this reader.
                throw new EvtFormatException(EvtProblem.Corrupt, FilePath, position, "the file ended while being read (was it truncated meanwhile?)");
            }
        }

        private readonly byte[] _dword = new byte[4];

        private uint ReadRingUInt32(long position)
        {
            ReadRing(position, _dword, 4);
            return BitConverter.ToUInt32(_dword, 0);
        }

        /// <summary>Whether the bytes from <paramref name="position"/> to the end of the file are all padding dwords.</summary>
        private bool IsPaddingToEnd(long position)
        {
            long remaining = _ringEnd - position;
            if (remaining <= 0 || remaining % 4 != 0 || remaining > MaxRecordLength)
            {
                return false;
            }

            for (long p = position; p < _ringEnd; p += 4)
            {
                if (ReadRingUInt32(p) != PaddingDword)
                {
                    return false;
                }
            }

            return true;
        }

        private readonly byte[] _eof = new byte[EofRecordLength];

        private bool TryReadEofRecord(long position, out EofRecord record)
        {
            record = default;
            ReadRing(position, _eof, EofRecordLength);
            if (BitConverter.ToUInt32(_eof, 0) != EofRecordLength
                || BitConverter.ToUInt32(_eof, 4) != 0x11111111
                || BitConverter.ToUInt32(_eof, 8) != 0x22222222
                || BitConverter.ToUInt32(_eof, 12) != 0x33333333
                || BitConverter.ToUInt32(_eof, 16) != 0x44444444
                || BitConverter.ToUInt32(_eof, 36) != EofRecordLength)
            {
                return false;
            }

            record = new EofRecord(position, BitConverter.ToUInt32(_eof, 20), BitConverter.ToUInt32(_eof, 24), BitConverter.ToUInt32(_eof, 28), BitConverter.ToUInt32(_eof, 32));
            return true;
        }

        /// <summary>
        /// Finds the end-of-file record of a dirty log by reading the ring once, in chunks. Where several are found
        /// (a stale one the service did not overwrite), the one that names itself and carries the highest record
        /// number wins.
        /// </summary>
        private EofRecord? ScanForEofRecord()
        {
            EofRecord? best = null;
            var chunk = new byte[ScanChunk];
            for (long start = HeaderLength; start < _ringEnd; start += ScanChunk)
            {
                int count = (int)Math.Min(ScanChunk, _ringEnd - start);
                if (!_file.TryRead(start, chunk, 0, count))
                {
                    break;
                }

                // The second dword of the record is 0x11111111; dwords lie 4-aligned from 0x30.
                for (int i = 0; i + 4 <= count; i += 4)
                {
                    if (chunk[i] != 0x11 || BitConverter.ToUInt32(chunk, i) != 0x11111111)
                    {
                        continue;
                    }

                    long candidate = start + i - 4;
                    if (candidate < HeaderLength)
                    {
                        candidate += _ringSize;
                    }

                    if (TryReadEofRecord(candidate, out EofRecord found) && Better(found, best))
                    {
                        best = found;
                    }
                }
            }

            return best;

            static bool Better(EofRecord found, EofRecord? best)
            {
                if (best == null)
                {
                    return true;
                }

                bool foundSelf = found.EndRecord == found.Position;
                bool bestSelf = best.Value.EndRecord == best.Value.Position;
                return foundSelf != bestSelf ? foundSelf : found.CurrentRecordNumber > best.Value.CurrentRecordNumber;
            }
        }

        private void Warn(long offset, string detail)
        {
            string message = $"'{FilePath}'{EvtFormatException.Where(offset)}: {detail}.";
            if (_warnings.Count < MaxWarnings && _warningSet.Add(message))
            {
                _warnings.Add(message);
            }
        }

        private readonly struct EofRecord
        {
            public EofRecord(long position, uint beginRecord, uint endRecord, uint currentRecordNumber, uint oldestRecordNumber)
            {
                Position = position;
                BeginRecord = beginRecord;
                EndRecord = endRecord;
                CurrentRecordNumber = currentRecordNumber;
                OldestRecordNumber = oldestRecordNumber;
            }

            public long Position { get; }

            public uint BeginRecord { get; }

            public uint EndRecord { get; }

            public uint CurrentRecordNumber { get; }

            public uint OldestRecordNumber { get; }
        }
    }
}
