using System.Collections.Generic;
using System.IO;
using System.Linq;
using MapiProfileTools.Core.EventLogFiles;
using MapiProfileTools.Fixtures.Evt;
using Xunit;

namespace MapiProfileTools.Core.Tests.EventLogFiles
{
    /// <summary>
    /// The oracle: every fixture log, read by EvtFile and by libevt's evtexport (written beside it by
    /// tests/fixtures/Build-EvtFixtures.ps1), gives the same records — numbers, times, types, sources,
    /// computers, SIDs, categories, identifiers and strings — in the same order.
    /// </summary>
    public class EvtExportAgreementTests
    {
        public static IEnumerable<object[]> Fixtures => EvtFixtures.All.Keys.Select(name => new object[] { name });

        private static string Folder
        {
            get
            {
                string? root = TestData.Root;
                Skip.IfNot(root != null, "MAPI_TEST_DATA is not set: run the tests through build.ps1 -Task Test, which writes the .evt fixtures and evtexport's readings of them.");
                string folder = Path.Combine(root!, "evt");
                Skip.IfNot(Directory.Exists(folder), $"'{folder}' is missing: the Fixtures task did not write the event log fixtures.");
                return folder;
            }
        }

        [SkippableTheory]
        [MemberData(nameof(Fixtures))]
        public void ReaderAgreesWithEvtexport(string fixture)
        {
            string log = Path.Combine(Folder, fixture);
            string export = log + ".evtexport.txt";
            Assert.True(File.Exists(log), $"fixture '{log}' is missing: the fixture build did not produce it");
            Skip.IfNot(File.Exists(export), $"'{export}' is missing: libevt-utils (evtexport) was not installed when the fixtures were built.");

            List<EvtExportRecord> expected = EvtExportText.Parse(export);
            using EvtFile file = EvtFile.Open(log);
            List<EvtRecord> actual = file.ReadRecords().ToList();

            Assert.Empty(file.Warnings);
            Assert.Equal(expected.Select(r => r.Number), actual.Select(r => r.RecordNumber));
            for (int i = 0; i < expected.Count; i++)
            {
                EvtExportRecord e = expected[i];
                EvtRecord a = actual[i];
                string where = $"record {e.Number} of {fixture}";
                Assert.True(e.Created == a.TimeGenerated, $"{where}: created {a.TimeGenerated:u}, evtexport {e.Created:u}");
                Assert.True(e.Written == a.TimeWritten, $"{where}: written {a.TimeWritten:u}, evtexport {e.Written:u}");
                Assert.True(e.EventType == a.EventType, $"{where}: type");
                Assert.True(e.UserSid == a.UserSid, $"{where}: SID {a.UserSid}, evtexport {e.UserSid}");
                Assert.True(e.Computer == a.ComputerName, $"{where}: computer");
                Assert.True(e.Source == a.SourceName, $"{where}: source");
                Assert.True(e.Category == a.EventCategory, $"{where}: category");
                Assert.True(e.Identifier == a.EventId, $"{where}: identifier 0x{a.EventId:X8}, evtexport 0x{e.Identifier:X8}");
                Assert.Equal(e.Strings, a.Strings);
            }
        }

        [SkippableFact]
        public void EveryLayoutIsInTheFixtureSet()
        {
            // The layouts the issue names, each present, so a renamed fixture cannot drop one silently.
            string folder = Folder;
            foreach (string name in new[] { "clean.evt", "dirty.evt", "wrapped.evt", "wrapped-eof-split.evt", "full.evt" })
            {
                Assert.True(File.Exists(Path.Combine(folder, name)), name);
            }

            using (EvtFile dirty = EvtFile.Open(Path.Combine(folder, "dirty.evt")))
            {
                Assert.True(dirty.IsDirty);
                Assert.NotEqual(dirty.HeaderEndOffset, dirty.EndOffset);
            }

            using (EvtFile full = EvtFile.Open(Path.Combine(folder, "full.evt")))
            {
                Assert.True(full.IsFull);
            }

            using (EvtFile split = EvtFile.Open(Path.Combine(folder, "wrapped-eof-split.evt")))
            {
                Assert.True(split.IsWrapped);
                Assert.True(split.EndOffset + 0x28 > split.FileLength);
            }
        }
    }
}
