using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using MapiProfileTools.Core.EventLogFiles;
using MapiProfileTools.Fixtures.Evt;
using Xunit;
using Xunit.Abstractions;

namespace MapiProfileTools.Core.Tests.EventLogFiles
{
    /// <summary>
    /// Damaged and hostile event logs made from the writer's fixtures. Each must end quickly in an
    /// EvtFormatException naming the file, offset and problem, or in records with a warning, the records
    /// before the damage kept — never a crude exception, a hang, or memory that follows a bogus length.
    /// </summary>
    public class HostileEvtTests
    {
        private static readonly TimeSpan PerReadBound = TimeSpan.FromSeconds(2);
        private const long PerReadAllocationBound = 16L * 1024 * 1024;
        private readonly ITestOutputHelper _output;

        public HostileEvtTests(ITestOutputHelper output) => _output = output;

        private static EvtFile Open(byte[] image, int? length = null) =>
            EvtFile.Open(new MemoryStream(image, 0, length ?? image.Length, writable: false), "hostile.evt");

        private static EvtFormatException Fails(byte[] image, EvtProblem expected, int? length = null)
        {
            var error = Assert.Throws<EvtFormatException>(() =>
            {
                using EvtFile file = Open(image, length);
                file.ReadRecords().ToList();
            });
            Assert.Equal(expected, error.Problem);
            Assert.Equal("hostile.evt", error.FilePath);
            Assert.Contains("hostile.evt", error.Message);
            return error;
        }

        private static (List<EvtRecord> Records, IReadOnlyList<string> Warnings) Read(byte[] image)
        {
            using EvtFile file = Open(image);
            return (file.ReadRecords().ToList(), file.Warnings.ToList());
        }

        private static void Put(byte[] b, long offset, uint value) => BitConverter.GetBytes(value).CopyTo(b, (int)offset);

        private static uint U32(byte[] b, long offset) => BitConverter.ToUInt32(b, (int)offset);

        /// <summary>Where each record of a clean, unwrapped log starts, oldest first.</summary>
        private static List<int> RecordOffsets(byte[] image)
        {
            var offsets = new List<int>();
            int at = (int)U32(image, 16);
            int end = (int)U32(image, 20);
            while (at < end)
            {
                offsets.Add(at);
                at += (int)U32(image, at);
            }

            return offsets;
        }

        [Theory]
        [InlineData(0)]
        [InlineData(3)]
        [InlineData(5000)]
        public void FileThatIsNotAnEventLogIsSaidToBeNone(int length)
        {
            byte[] text = Encoding.ASCII.GetBytes(new string('x', length));
            EvtFormatException error = Fails(text, EvtProblem.NotAnEventLog);
            Assert.Contains("not an event log file", error.Message);
        }

        [Fact]
        public void VistaEventLogIsNamedForWhatItIs()
        {
            byte[] evtx = new byte[4096];
            Encoding.ASCII.GetBytes("ElfFile\0").CopyTo(evtx, 0);
            EvtFormatException error = Fails(evtx, EvtProblem.NotAnEventLog);
            Assert.Contains(".evtx", error.Message);
            Assert.Contains("Get-WinEvent", error.Message);
        }

        [Fact]
        public void HeaderCutShortIsCorrupt()
        {
            EvtFormatException error = Fails(EvtFixtures.Clean().ToArray(), EvtProblem.Corrupt, length: 0x20);
            Assert.Contains("truncated", error.Message);
        }

        [Fact]
        public void LogCutShortBeforeItsEndIsCorruptWithTheOffset()
        {
            byte[] image = EvtFixtures.Clean().ToArray();
            int end = (int)U32(image, 20);
            EvtFormatException error = Fails(image, EvtProblem.Corrupt, length: end - 0x100);
            Assert.Equal(20, error.Offset);
            Assert.Contains("truncated", error.Message);
        }

        [Theory]
        [InlineData(16, 0x10u, "oldest-record offset")]
        [InlineData(16, 0xFFFFFFFFu, "oldest-record offset")]
        [InlineData(20, 0x7FFFFFF0u, "end-of-file record offset")]
        [InlineData(44, 0x31u, "closing size")]
        public void HeaderOffsetsOutOfRangeAreCorrupt(int field, uint value, string message)
        {
            byte[] image = EvtFixtures.Clean().ToArray();
            Put(image, field, value);
            EvtFormatException error = Fails(image, EvtProblem.Corrupt);
            Assert.Contains(message, error.Message);
        }

        [Fact]
        public void OtherMajorVersionIsUnsupported()
        {
            byte[] image = EvtFixtures.Clean().ToArray();
            Put(image, 8, 2);
            Assert.Contains("version is 2.1", Fails(image, EvtProblem.Unsupported).Message);
        }

        [Fact]
        public void DamagedFirstRecordIsAnErrorAtItsOffset()
        {
            byte[] image = EvtFixtures.Clean().ToArray();
            Put(image, 0x30 + 4, 0x12345678);
            EvtFormatException error = Fails(image, EvtProblem.Corrupt);
            Assert.Equal(0x30, error.Offset);
            Assert.Contains("'LfLe' signature", error.Message);
        }

        [Fact]
        public void RecordLengthsThatDisagreeStopTheReadWithTheEarlierRecordsKept()
        {
            byte[] image = EvtFixtures.Clean().ToArray();
            int fifth = RecordOffsets(image)[4];
            int length = (int)U32(image, fifth);
            Put(image, fifth + length - 4, (uint)length + 8);

            var (records, warnings) = Read(image);
            Assert.Equal(new uint[] { 1, 2, 3, 4 }, records.Select(r => r.RecordNumber));
            string warning = Assert.Single(warnings);
            Assert.Contains($"0x{fifth:X}", warning);
            Assert.Contains("closing length", warning);
            Assert.Contains("4 records before it are kept", warning);
        }

        [Theory]
        [InlineData(0x7FFFFFF0u)]
        [InlineData(0xFFFFFFFCu)]
        [InlineData(0x00200000u)]
        [InlineData(0x3Cu)]
        [InlineData(0u)]
        public void BogusRecordLengthIsDamageNotAnAllocation(uint length)
        {
            byte[] image = EvtFixtures.Clean().ToArray();
            int third = RecordOffsets(image)[2];
            Put(image, third, length);

            long before = GC.GetAllocatedBytesForCurrentThread();
            var (records, warnings) = Read(image);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(new uint[] { 1, 2 }, records.Select(r => r.RecordNumber));
            Assert.Contains($"0x{third:X}", Assert.Single(warnings));
            Assert.True(allocated < 2 * 1024 * 1024, $"{allocated} bytes allocated for a bogus length");
        }

        [Fact]
        public void MissingEndOfFileRecordIsAWarningAndEveryRecordIsKept()
        {
            byte[] image = EvtFixtures.Clean().ToArray();
            int end = (int)U32(image, 20);
            Array.Clear(image, end, 0x28);

            var (records, warnings) = Read(image);
            Assert.Equal(40, records.Count);
            Assert.Contains(warnings, w => w.Contains("no end-of-file record") && w.Contains($"0x{end:X}"));
        }

        [Fact]
        public void DirtyLogWithoutAnEndOfFileRecordIsReadFromItsHeaderWithAWarning()
        {
            byte[] image = EvtFixtures.Dirty().ToArray();
            using (EvtFile clean = Open(image))
            {
                Array.Clear(image, (int)clean.EndOffset, 0x28);
            }

            var (records, warnings) = Read(image);
            Assert.Equal(25, records.Count);
            Assert.Contains(warnings, w => w.Contains("dirty") && w.Contains("no end-of-file record"));
        }

        [Fact]
        public void RingFullOfRecordsWithoutAnEndIsReadOnceRound()
        {
            // Four records exactly fill the ring of an 8 KiB file; the log is dirty and there is no end-of-file
            // record, so only the ring's size stops the walk.
            const int fileSize = 0x2000;
            int recordLength = (fileSize - 0x30) / 4;
            var image = new byte[fileSize];
            var writer = new EvtLogWriter(fileSize);
            writer.SnapshotHeaderForDirty();
            Buffer.BlockCopy(writer.ToArray(), 0, image, 0, 0x30);
            for (int i = 0; i < 4; i++)
            {
                EvtEventSpec spec = EvtFixtures.Event(i);
                byte[] bare = EvtLogWriter.Serialize(spec, (uint)(i + 1), 0);
                byte[] record = EvtLogWriter.Serialize(spec, (uint)(i + 1), recordLength - bare.Length);
                Buffer.BlockCopy(record, 0, image, 0x30 + (i * recordLength), record.Length);
            }

            var clock = Stopwatch.StartNew();
            var (records, warnings) = Read(image);
            Assert.Equal(new uint[] { 1, 2, 3, 4 }, records.Select(r => r.RecordNumber));
            Assert.Contains(warnings, w => w.Contains("round the whole file"));
            Assert.True(clock.Elapsed < PerReadBound);
        }

        [Fact]
        public void EndOffsetThatLoopsBackOntoTheStartEndsWithinOneRound()
        {
            // The header's end names the start itself on a wrapped log: an empty window, never an endless walk.
            byte[] image = EvtFixtures.WrappedRecordSplit().ToArray();
            Put(image, 20, U32(image, 16));
            var (records, warnings) = Read(image);
            Assert.Empty(records);
            Assert.Contains(warnings, w => w.Contains("no end-of-file record"));
        }

        [Fact]
        public void RecordWithContentsOutOfBoundsIsSkippedWithAWarning()
        {
            byte[] image = EvtFixtures.Clean().ToArray();
            int second = RecordOffsets(image)[1];
            Put(image, second + 36, 0xFFFF0000); // StringOffset of a record with strings

            var (records, warnings) = Read(image);
            Assert.Equal(39, records.Count);
            Assert.DoesNotContain(records, r => r.RecordNumber == 2);
            string warning = Assert.Single(warnings);
            Assert.Contains("record 2", warning);
            Assert.Contains("strings offset", warning);
        }

        [Fact]
        public void RecordNumbersThatJumpAreReadWithAWarning()
        {
            byte[] image = EvtFixtures.Clean().ToArray();
            Put(image, RecordOffsets(image)[10] + 8, 500);

            var (records, warnings) = Read(image);
            Assert.Equal(40, records.Count);
            Assert.Contains(warnings, w => w.Contains("jump"));
        }

        /// <summary>
        /// Seeded, deterministic mutations of every layout: bit flips, 32-bit fields (header, record frames and
        /// fields, the end-of-file record) set to boundary values or other offsets, truncations, DIRTY toggled.
        /// Each read of all records must end in records (perhaps with warnings) or an EvtFormatException, within
        /// the time and allocation bounds.
        /// </summary>
        [Theory]
        [InlineData("clean.evt", 1, 3000)]
        [InlineData("dirty.evt", 2, 2000)]
        [InlineData("wrapped.evt", 3, 2000)]
        [InlineData("wrapped-eof-split.evt", 4, 2000)]
        [InlineData("full.evt", 5, 1000)]
        public void SeededMutationsEndInRecordsAWarningOrACleanError(string fixture, int seed, int mutations)
        {
            byte[] original = EvtFixtures.All[fixture]();
            int[] hot = HotOffsets(original);
            uint[] boundary = { 0, 1, 0x27, 0x28, 0x30, 0x38, 0x3C, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFC, (uint)original.Length, (uint)original.Length - 4, 0x11111111 };
            var random = new Random(817375 * seed);
            int read = 0, failed = 0, warned = 0;
            TimeSpan slowest = TimeSpan.Zero;
            long mostAllocated = 0;
            for (int i = 0; i < mutations; i++)
            {
                byte[] image = (byte[])original.Clone();
                int length = image.Length;
                int edits = 1 + random.Next(3);
                for (int e = 0; e < edits; e++)
                {
                    int at = random.Next(4) == 0 ? random.Next(image.Length) : hot[random.Next(hot.Length)];
                    int field = Math.Min(at & ~3, image.Length - 4);
                    switch (random.Next(7))
                    {
                        case 0:
                            image[at] ^= (byte)(1 << random.Next(8));
                            break;
                        case 1:
                            Put(image, field, boundary[random.Next(boundary.Length)]);
                            break;
                        case 2:
                            Put(image, field, (uint)hot[random.Next(hot.Length)]);
                            break;
                        case 3:
                            Put(image, field, U32(image, field) + (uint)(4 * random.Next(-3, 4)));
                            break;
                        case 4:
                            length = Math.Min(length, random.Next(image.Length));
                            break;
                        case 5:
                            Put(image, 36, U32(image, 36) ^ 1);
                            break;
                        default:
                            image[at] = (byte)random.Next(256);
                            break;
                    }
                }

                long before = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                try
                {
                    using EvtFile file = Open(image, length);
                    foreach (EvtRecord record in file.ReadRecords())
                    {
                        Assert.NotNull(record.SourceName);
                        Assert.NotNull(record.Strings);
                    }

                    read++;
                    warned += file.Warnings.Count > 0 ? 1 : 0;
                }
                catch (EvtFormatException ex)
                {
                    failed++;
                    Assert.Contains("hostile.evt", ex.Message);
                    Assert.True(ex.Offset >= -1 && ex.Offset <= image.Length, $"mutation {i}: offset {ex.Offset} outside the file");
                }

                clock.Stop();
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(clock.Elapsed < PerReadBound, $"mutation {i} of {fixture} took {clock.Elapsed}");
                Assert.True(allocated < PerReadAllocationBound, $"mutation {i} of {fixture} allocated {allocated} bytes");
                slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
                mostAllocated = Math.Max(mostAllocated, allocated);
            }

            _output.WriteLine($"{fixture}: {read} read ({warned} with warnings), {failed} refused; slowest {slowest.TotalMilliseconds:F1} ms, most allocated {mostAllocated / 1024} KiB");
            Assert.True(read > 0 && failed > 0, "the mutations should reach both outcomes");
        }

        /// <summary>Offsets the reader looks at: the header, the end-of-file record, and the first 0x40 bytes of every live record.</summary>
        private static int[] HotOffsets(byte[] image)
        {
            var hot = new List<int>(Enumerable.Range(0, 0x30));
            using EvtFile file = Open(image);
            foreach (EvtRecord record in file.ReadRecords())
            {
                for (int i = 0; i < 0x40; i++)
                {
                    long at = record.FileOffset + i;
                    hot.Add((int)(at >= image.Length ? at - image.Length + 0x30 : at));
                }
            }

            for (int i = 0; i < 0x28; i++)
            {
                long at = file.EndOffset + i;
                hot.Add((int)(at >= image.Length ? at - image.Length + 0x30 : at));
            }

            return hot.ToArray();
        }
    }
}
