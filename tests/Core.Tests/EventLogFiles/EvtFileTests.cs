using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MapiProfileTools.Core.EventLogFiles;
using MapiProfileTools.Fixtures.Evt;
using Xunit;

namespace MapiProfileTools.Core.Tests.EventLogFiles
{
    /// <summary>The reader on each layout the writer makes: which records, in which order, with which fields and flags.</summary>
    public class EvtFileTests
    {
        internal static EvtFile Open(byte[] image, int? length = null) =>
            EvtFile.Open(new MemoryStream(image, 0, length ?? image.Length, writable: false), "test.evt");

        private static List<EvtRecord> Read(EvtLogWriter writer, out EvtFile file)
        {
            file = Open(writer.ToArray());
            return file.ReadRecords().ToList();
        }

        [Fact]
        public void CleanLogIsReadOldestFirstWithEveryField()
        {
            List<EvtRecord> records = Read(EvtFixtures.Clean(), out EvtFile file);
            using (file)
            {
                Assert.Equal(40, records.Count);
                Assert.Equal(Enumerable.Range(1, 40).Select(n => (uint)n), records.Select(r => r.RecordNumber));
                Assert.Empty(file.Warnings);
                Assert.False(file.IsDirty);
                Assert.False(file.IsWrapped);

                EvtRecord first = records[0];
                Assert.Equal("MSExchangeSA", first.SourceName);
                Assert.Equal("EX01", first.ComputerName);
                Assert.Equal(0xC00023F2u, first.EventId);
                Assert.Equal(9202, first.Code);
                Assert.Equal("Error", first.LevelName);
                Assert.Equal((ushort)11, first.EventCategory);
                Assert.Equal(new DateTime(2003, 9, 1, 8, 0, 0, DateTimeKind.Utc), first.TimeGenerated);
                Assert.Equal(DateTimeKind.Utc, first.TimeGenerated.Kind);
                Assert.Equal(first.TimeGenerated.AddSeconds(1), first.TimeWritten);
                Assert.Equal(new byte[] { 0x1D, 0x01, 0x04, 0x80 }, first.Data);
                Assert.Null(first.UserSid);
                Assert.Empty(first.Strings);

                EvtRecord userenv = records[2];
                Assert.Equal("S-1-5-21-1004336348-1177238915-682003330-500", userenv.UserSid);
                Assert.Equal("Warning", userenv.LevelName);
                Assert.Equal(new[] { "Windows cannot unload your registry file. Détails: Accès refusé — ☃" }, userenv.Strings);

                Assert.Equal(new[] { string.Empty, "Microsoft Exchange System Attendant" }, records[3].Strings);
            }
        }

        [Fact]
        public void EmptyLogHasNoRecords()
        {
            using EvtFile file = Open(new EvtLogWriter(0x10000).ToArray());
            Assert.Empty(file.ReadRecords());
            Assert.Empty(file.Warnings);
            Assert.Equal(0L, file.ExpectedRecordCount);
        }

        [Fact]
        public void DirtyLogIsReadToItsEndOfFileRecordNotItsStaleHeader()
        {
            List<EvtRecord> records = Read(EvtFixtures.Dirty(), out EvtFile file);
            using (file)
            {
                Assert.True(file.IsDirty);
                Assert.Equal(11u, file.HeaderCurrentRecordNumber);
                Assert.Equal(26u, file.NextRecordNumber);
                Assert.Equal(Enumerable.Range(1, 25).Select(n => (uint)n), records.Select(r => r.RecordNumber));
                Assert.Empty(file.Warnings);
            }
        }

        [Fact]
        public void WrappedLogWithARecordSplitAcrossTheEndIsReadInOrder()
        {
            EvtLogWriter writer = EvtFixtures.WrappedRecordSplit();
            List<EvtRecord> records = Read(writer, out EvtFile file);
            using (file)
            {
                Assert.True(file.IsWrapped);
                Assert.Equal(writer.LiveNumbers, records.Select(r => r.RecordNumber));
                Assert.True(records[0].RecordNumber > 1, "the oldest records were overwritten");
                // The split record decodes whole: its strings/data come from both ends of the file.
                Assert.Contains(records, r => r.FileOffset + 0x40 > file.FileLength);
                Assert.All(records, r => Assert.True(r.Strings.Length > 0 || r.Data.Length > 0));
                Assert.Empty(file.Warnings);
            }
        }

        [Fact]
        public void WrappedLogWithTheEndOfFileRecordSplitIsReadToTheEnd()
        {
            EvtLogWriter writer = EvtFixtures.WrappedEofSplit();
            List<EvtRecord> records = Read(writer, out EvtFile file);
            using (file)
            {
                Assert.True(file.EndOffset + 0x28 > file.FileLength, "the end-of-file record is split");
                Assert.Equal(writer.LiveNumbers, records.Select(r => r.RecordNumber));
                Assert.Empty(file.Warnings);
            }
        }

        [Fact]
        public void FullLogSaysSoAndKeepsItsRecords()
        {
            EvtLogWriter writer = EvtFixtures.Full();
            List<EvtRecord> records = Read(writer, out EvtFile file);
            using (file)
            {
                Assert.True(file.IsFull);
                Assert.False(file.IsWrapped);
                Assert.Equal(1u, records[0].RecordNumber);
                Assert.Equal(writer.LiveNumbers, records.Select(r => r.RecordNumber));
            }
        }

        [Fact]
        public void ArchivedFlagIsReported()
        {
            EvtLogWriter writer = EvtFixtures.Clean();
            writer.Archive = true;
            using EvtFile file = Open(writer.ToArray());
            Assert.True(file.IsArchived);
            Assert.Equal(40, file.ReadRecords().Count());
        }
    
        [Fact]
        public void PaddingBeforeTheEndOfTheFileIsSkippedToOffset0x30()
        {
            // A writer that fills the end of the file with 0x00000027 rather than split a record: records 2
            // and 3, padding to the end, record 4 at 0x30 and the end-of-file record after it.
            var image = new byte[0x400];
            byte[] Record(uint number, int length)
            {
                EvtEventSpec spec = EvtFixtures.Event(0);
                return EvtLogWriter.Serialize(spec, number, length - EvtLogWriter.Serialize(spec, number, 0).Length);
            }

            Record(2, 0x100).CopyTo(image, 0x130);
            Record(3, 0x100).CopyTo(image, 0x230);
            for (int at = 0x330; at < 0x400; at += 4)
            {
                BitConverter.GetBytes(0x27u).CopyTo(image, at);
            }

            Record(4, 0xC0).CopyTo(image, 0x30);
            uint[] eof = { 0x28, 0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x130, 0xF0, 5, 2, 0x28 };
            uint[] header = { 0x30, 0x654C664C, 1, 1, 0x130, 0xF0, 5, 2, 0x400, 2, 0, 0x30 };
            for (int i = 0; i < eof.Length; i++)
            {
                BitConverter.GetBytes(eof[i]).CopyTo(image, 0xF0 + (4 * i));
            }

            for (int i = 0; i < header.Length; i++)
            {
                BitConverter.GetBytes(header[i]).CopyTo(image, 4 * i);
            }

            using EvtFile file = Open(image);
            Assert.Equal(new uint[] { 2, 3, 4 }, file.ReadRecords().Select(r => r.RecordNumber));
            Assert.Empty(file.Warnings);
        }
    }
}
