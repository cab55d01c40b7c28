using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MapiProfileTools.Core.Hives;
using Xunit;

namespace MapiProfileTools.Core.Tests.Hives
{
    /// <summary>
    /// Dirty hives replayed from their transaction logs (made by tests/fixtures/HiveLogWriter from hives hivex
    /// wrote): after replay every key and value must equal hivexregedit --export of the hive's true state.
    /// </summary>
    public class HiveLogReplayTests
    {
        private const string Profiles = HiveFixtures.ProfilesPath;

        public static IEnumerable<object[]> ReplayedCases => new[]
        {
            new object[] { "old2000", "DEFAULT.LOG", "true" },
            new object[] { "old-lowercase", "default.log", "true" },
            new object[] { "new", "DEFAULT.LOG1", "true" },
            new object[] { "new2", "DEFAULT.LOG2,DEFAULT.LOG1", "true" },
            new object[] { "damaged", "DEFAULT.LOG1", "middle" },
            new object[] { "bad-checksum", "DEFAULT.LOG", "true" },
            new object[] { "bad-checksum-new", "DEFAULT.LOG1", "true" },
        };

        [SkippableTheory]
        [MemberData(nameof(ReplayedCases))]
        public void ReplayedHiveEqualsHivexExportOfItsState(string caseName, string logs, string state)
        {
            string path = HiveLogFixtures.Hive(caseName);
            using RegfHive hive = RegfHive.Open(path, rootPath: string.Empty);

            Assert.True(hive.IsDirty);
            Assert.Equal(logs.Split(',').Select(l => Path.Combine(Path.GetDirectoryName(path)!, l)), hive.AppliedLogs);
            Assert.NotEmpty(hive.Notes);
            HiveLogFixtures.Export(state).AssertReadAlike(hive.Root);
        }

        [SkippableFact]
        public void WindowsTwoThousandLogBringsBackTheProfilesTheStaleFileLacks()
        {
            using RegfHive stale = RegfHive.Open(HiveLogFixtures.Hive("old2000"), string.Empty, Array.Empty<string>());
            using RegfHive replayed = RegfHive.Open(HiveLogFixtures.Hive("old2000"), string.Empty);

            Assert.Empty(stale.Root.OpenSubKey(Profiles)!.GetSubKeyNames());
            string warning = Assert.Single(stale.Warnings);
            Assert.Contains("dirty (primary sequence number 42, secondary 41)", warning);
            Assert.Contains("no transaction log", warning);
            Assert.Contains("Restored Outlook", replayed.Root.OpenSubKey(Profiles)!.GetSubKeyNames());
            Assert.Empty(replayed.Warnings);
            Assert.Contains(replayed.Notes, n => n.Contains("DEFAULT.LOG") && n.Contains("Windows 2000"));
        }

        [SkippableFact]
        public void LogsAreFoundInAnyLetterCase()
        {
            using RegfHive hive = RegfHive.Open(HiveLogFixtures.Hive("old-lowercase"), string.Empty);

            Assert.EndsWith("default.log", Assert.Single(hive.AppliedLogs));
        }

        [SkippableFact]
        public void LogOfAnotherWriteIsNotAppliedAndTheOneWarningSaysWhy()
        {
            using RegfHive hive = RegfHive.Open(HiveLogFixtures.Hive("other-hive"), string.Empty);

            Assert.True(hive.IsDirty);
            Assert.Empty(hive.AppliedLogs);
            string warning = Assert.Single(hive.Warnings);
            Assert.Contains("DEFAULT.LOG' was written at 2003-05-07 07:08:09Z, the hive at 2003-05-06 07:08:09Z", warning);
            Assert.Contains("latest changes may be missing", warning);
            HiveLogFixtures.Export("stale").AssertReadAlike(hive.Root);
        }

        [SkippableFact]
        public void DamagedLastEntryStopsTheReplayAtTheLastGoodOneWithAWarning()
        {
            using RegfHive hive = RegfHive.Open(HiveLogFixtures.Hive("damaged"), string.Empty);

            string warning = Assert.Single(hive.Warnings);
            Assert.Contains("sequence number 41", warning);
            Assert.Contains("fails its hash check", warning);
            Assert.Contains(hive.Notes, n => n.Contains("log entry 40 of") && n.Contains("new format"));
            Assert.DoesNotContain("Restored Outlook", hive.Root.OpenSubKey(Profiles)!.GetSubKeyNames());
        }

        [SkippableFact]
        public void TwoNewFormatLogsAreAppliedEarlierEntriesFirstAndLeftoversIgnored()
        {
            using RegfHive hive = RegfHive.Open(HiveLogFixtures.Hive("new2"), string.Empty);

            Assert.Equal(new[] { "DEFAULT.LOG2", "DEFAULT.LOG1" }, hive.AppliedLogs.Select(Path.GetFileName));
            Assert.Contains(hive.Notes, n => n.Contains("log entry 40 of") && n.Contains("DEFAULT.LOG2"));
            Assert.Contains(hive.Notes, n => n.Contains("log entry 41 of") && n.Contains("DEFAULT.LOG1"));
            Assert.Empty(hive.Warnings);
        }

        [SkippableFact]
        public void BadChecksumIsRecoveredFromTheLog()
        {
            using RegfHive hive = RegfHive.Open(HiveLogFixtures.Hive("bad-checksum"), string.Empty);

            Assert.True(hive.IsDirty);
            Assert.Contains(hive.Notes, n => n.Contains("wrong checksum") && n.Contains("recovered"));
            Assert.Empty(hive.Warnings);
        }

        [SkippableFact]
        public void NamedLogsReplaceTheSearchAndMissingOnesAreNamedInTheWarning()
        {
            string hive = HiveLogFixtures.Hive("old2000");
            string missing = Path.Combine(Path.GetDirectoryName(hive)!, "nothing-here.LOG");

            using RegfHive withMissing = RegfHive.Open(hive, string.Empty, new[] { missing });
            using RegfHive withNamed = RegfHive.Open(hive, string.Empty, new[] { missing, HiveLogFixtures.Log("old2000", "DEFAULT.LOG") });

            Assert.Contains($"'{missing}' does not exist", Assert.Single(withMissing.Warnings));
            Assert.Single(withNamed.AppliedLogs);
            Assert.Empty(withNamed.Warnings);
        }

        [SkippableFact]
        public void StreamsReplayAsFilesDo()
        {
            byte[] primary = File.ReadAllBytes(HiveLogFixtures.Hive("new"));
            byte[] log = File.ReadAllBytes(HiveLogFixtures.Log("new", "DEFAULT.LOG1"));

            using RegfHive hive = RegfHive.Open(new MemoryStream(primary, false), "DEFAULT", string.Empty, new[] { new HiveLogStream(new MemoryStream(log, false), "DEFAULT.LOG1") });
            using RegfHive without = RegfHive.Open(new MemoryStream(primary, false), "DEFAULT", string.Empty);

            Assert.Equal(new[] { "DEFAULT.LOG1" }, hive.AppliedLogs);
            HiveLogFixtures.Export("true").AssertReadAlike(hive.Root);
            Assert.Contains("none was given", Assert.Single(without.Warnings));
        }

        [SkippableFact]
        public void ManyNamedLogsAreOrderedBySequenceAcrossTheWrapAndTheRightOnesApplied()
        {
            byte[] primary = File.ReadAllBytes(HiveLogFixtures.Hive("new2"));
            byte[] log1 = File.ReadAllBytes(HiveLogFixtures.Log("new2", "DEFAULT.LOG1"));
            byte[] log2 = File.ReadAllBytes(HiveLogFixtures.Log("new2", "DEFAULT.LOG2"));
            var logs = new List<HiveLogStream> { new HiveLogStream(new MemoryStream(log1, false), "DEFAULT.LOG1") };
            // Decoys a caller might name: copies of .LOG2 whose header claims sequence numbers all around the
            // 32-bit wrap (their entries then do not follow), and plain copies of .LOG2 itself.
            var random = new Random(10);
            for (int i = 0; i < 24; i++)
            {
                byte[] decoy = (byte[])log2.Clone();
                if (i % 3 != 0)
                {
                    uint sequence = (uint)random.Next() * 2u + (uint)i;
                    BitConverter.GetBytes(sequence).CopyTo(decoy, 4);
                    BitConverter.GetBytes(sequence).CopyTo(decoy, 8);
                    HiveLayout.FixChecksum(decoy);
                }

                logs.Add(new HiveLogStream(new MemoryStream(decoy, false), $"decoy{i}.LOG2"));
            }

            logs.Add(new HiveLogStream(new MemoryStream(log2, false), "DEFAULT.LOG2"));

            using RegfHive hive = RegfHive.Open(new MemoryStream(primary, false), "DEFAULT", string.Empty, logs);

            // The first copy of .LOG2 (entry 40) goes first, then .LOG1 (entry 41): the true state.
            Assert.Equal(2, hive.AppliedLogs.Count);
            Assert.EndsWith(".LOG2", hive.AppliedLogs[0]);
            Assert.Equal("DEFAULT.LOG1", hive.AppliedLogs[1]);
            Assert.Empty(hive.Warnings);
            HiveLogFixtures.Export("true").AssertReadAlike(hive.Root);
        }

        [SkippableFact]
        public void CleanHiveIgnoresItsLogs()
        {
            // The true-state hive is clean: a log beside it is not needed, and a named one is not read.
            string hive = Path.Combine(HiveLogFixtures.Folder, "true.hive");
            using RegfHive opened = RegfHive.Open(hive, string.Empty, new[] { HiveLogFixtures.Log("other-hive", "DEFAULT.LOG") });

            Assert.False(opened.IsDirty);
            Assert.Empty(opened.AppliedLogs);
            Assert.Empty(opened.Warnings);
            Assert.Contains("not dirty", Assert.Single(opened.Notes));
        }

        [SkippableFact]
        public void ReplayNeverWritesTheHiveOrItsLogs()
        {
            string hive = HiveLogFixtures.Hive("new2");
            string[] files = Directory.GetFiles(Path.GetDirectoryName(hive)!);
            Dictionary<string, byte[]> before = files.ToDictionary(f => f, File.ReadAllBytes);

            using (RegfHive opened = RegfHive.Open(hive, string.Empty))
            {
                HiveWalk.Everything(opened.Root);
            }

            Assert.All(files, f => Assert.Equal(before[f], File.ReadAllBytes(f)));
        }
    }
}

