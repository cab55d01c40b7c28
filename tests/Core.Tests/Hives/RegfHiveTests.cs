using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.Registry;
using Xunit;
using Xunit.Abstractions;

namespace MapiProfileTools.Core.Tests.Hives
{
    /// <summary>
    /// Hives written by hivexregedit --merge and chntpw's reged -I from tests/fixtures/hives/*.reg, read with
    /// RegfHive and checked against hivex's own readings of the same files (hivexregedit --export, hivexml).
    /// </summary>
    public class RegfHiveTests
    {
        private const string Section = "13dbb0c8aa05101a9bb000aa002fc45a";
        private static readonly string[] ProfileNames = { "MS Exchange Settings", "Backup Agent", "Ünïcødé Prófile", "Профиль Outlook" };
        private readonly ITestOutputHelper _output;

        public RegfHiveTests(ITestOutputHelper output) => _output = output;

        public static IEnumerable<object[]> Fixtures => HiveFixtures.All.Select(name => new object[] { name });

        private static RegfHive OpenFixture(string name) => RegfHive.Open(HiveFixtures.Hive(name), rootPath: string.Empty);

        [SkippableTheory]
        [MemberData(nameof(Fixtures))]
        public void EveryKeyAndValueAgreesWithHivexExport(string fixture)
        {
            RegExport export = RegExport.Load(HiveFixtures.Export(fixture), HiveFixtures.Prefix);
            using RegfHive hive = OpenFixture(fixture);

            export.AssertReadAlike(hive.Root);
            Assert.Empty(hive.Warnings);
            Assert.False(hive.IsDirty);
        }

        [SkippableTheory]
        [MemberData(nameof(Fixtures))]
        public void LastWriteTimesAgreeWithHivexml(string fixture)
        {
            Dictionary<string, DateTime?> expected = HivexXml.LastWriteTimes(HiveFixtures.HivexXml(fixture));
            using RegfHive hive = OpenFixture(fixture);
            Dictionary<string, RegfKey> keys = HiveWalk.Keys(hive.Root);

            Assert.Equal(expected.Count, keys.Count);
            foreach (var (path, time) in expected)
            {
                Assert.Equal(time, keys[path].LastWriteTimeUtc);
            }
        }

        [SkippableFact]
        public void ProfilesKeyHoldsEveryProfileAndTheDefaultProfileName()
        {
            using RegfHive hive = OpenFixture("default-profiles");
            RegfKey? profiles = hive.Root.OpenSubKey(HiveFixtures.ProfilesPath);

            Assert.NotNull(profiles);
            Assert.Equal(ProfileNames.OrderBy(n => n, StringComparer.Ordinal), profiles!.GetSubKeyNames().OrderBy(n => n, StringComparer.Ordinal));
            RegistryValue defaultProfile = Assert.Single(profiles.GetValues());
            Assert.Equal("DefaultProfile", defaultProfile.Name);
            Assert.Equal(RegistryValueType.String, defaultProfile.Type);
            Assert.Equal(Encoding.Unicode.GetBytes("MS Exchange Settings\0"), defaultProfile.Data);
            Assert.Equal(new DateTime(2003, 1, 1, 0, 0, 0, DateTimeKind.Utc), profiles.LastWriteTimeUtc);
        }

        [SkippableFact]
        public void MapiPropertiesComeBackAsTheStoredBinary()
        {
            using RegfHive hive = OpenFixture("default-profiles");
            RegfKey profile = hive.Root.OpenSubKey(HiveFixtures.ProfilesPath + @"\MS Exchange Settings")!;
            Dictionary<string, RegistryValue> global = profile.OpenSubKey(Section)!.GetValues().ToDictionary(v => v.Name);
            RegistryValue serviceList = Assert.Single(profile.OpenSubKey("9207f3e0a3b11019908b08002b2a56c2")!.GetValues());

            Assert.All(global.Values, v => Assert.Equal(RegistryValueType.Binary, v.Type));
            Assert.Equal(Encoding.ASCII.GetBytes("EX01\0"), global["001e6602"].Data);
            Assert.Equal(Encoding.Unicode.GetBytes("Microsoft Exchange Server\0"), global["001f3001"].Data);
            Assert.Equal(new byte[] { 4, 0, 0, 0 }, global["00036601"].Data);
            Assert.Equal("01023d0e", serviceList.Name);
            Assert.Equal(32, serviceList.Data.Length);
        }

        [SkippableFact]
        public void LargeValueInOneCellIsReadWhole()
        {
            // hivex keeps data of any size in one cell, also in a version 1.5 hive where Windows would use big data.
            using RegfHive hive = OpenFixture("default-profiles");
            RegfKey section = hive.Root.OpenSubKey(HiveFixtures.ProfilesPath + @"\Backup Agent\" + Section)!;
            var layout = new HiveLayout(HiveFixtures.Bytes("default-profiles"));
            uint vk = layout.FindValue(layout.FindKey(HiveFixtures.ProfilesPath + @"\Backup Agent\" + Section), "01028001");

            Assert.Equal(5, hive.MinorVersion);
            Assert.NotEqual("db", layout.Signature(layout.U32(HiveLayout.Record(vk) + 8)));
            Assert.Equal(20000, section.GetValues().Single(v => v.Name == "01028001").Data.Length);
        }

        [SkippableTheory]
        [InlineData(@"Software\MapiProfileTools Fixture\Big data", "Exactly one segment", 16344)]
        [InlineData(@"Software\MapiProfileTools Fixture\Big data", "One byte more", 16345)]
        [InlineData(HiveFixtures.ProfilesPath + @"\MS Exchange Settings\" + Section, "01028001", 2 * 16344)]
        public void BigDataSegmentsAreJoined(string key, string name, int length)
        {
            var layout = new HiveLayout(HiveFixtures.Bytes("big-data.chntpw"));
            uint vk = layout.FindValue(layout.FindKey(key), name);
            // The fixture really holds a 'db' record here (reged writes one even for exactly 16344 bytes).
            Assert.Equal("db", layout.Signature(layout.U32(HiveLayout.Record(vk) + 8)));
            RegExport export = RegExport.Load(HiveFixtures.Export("big-data.chntpw"), HiveFixtures.Prefix);

            using RegfHive hive = OpenFixture("big-data.chntpw");
            RegistryValue value = hive.Root.OpenSubKey(key)!.GetValues().Single(v => v.Name == name);

            Assert.Equal(length, value.Data.Length);
            Assert.Equal(export.Keys[key][name].Data, value.Data);
            Assert.Empty(hive.Warnings);
        }

        [SkippableTheory]
        [InlineData(@"SOFTWARE\microsoft\WINDOWS NT\currentversion\Windows messaging SUBSYSTEM\pRoFiLeS", "Profiles")]
        [InlineData(HiveFixtures.ProfilesPath + @"\ms exchange settings\13DBB0C8AA05101A9BB000AA002FC45A", Section)]
        [InlineData(HiveFixtures.ProfilesPath + @"\ÜNÏCØDÉ PRÓFILE", "Ünïcødé Prófile")]
        [InlineData(HiveFixtures.ProfilesPath + @"\профиль outlook", "Профиль Outlook")]
        [InlineData(@"\Software\\Microsoft\", "Microsoft")]
        public void LookupsIgnoreCaseAndExtraBackslashes(string path, string storedName)
        {
            using RegfHive hive = OpenFixture("default-profiles");

            RegfKey? key = hive.Root.OpenSubKey(path);

            Assert.NotNull(key);
            Assert.Equal(storedName, key!.Name);
        }

        [SkippableFact]
        public void MissingKeysAreNull()
        {
            using RegfHive hive = OpenFixture("no-profiles-key");

            Assert.NotNull(hive.Root.OpenSubKey(@"Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem"));
            Assert.Null(hive.Root.OpenSubKey(HiveFixtures.ProfilesPath));
            Assert.Null(hive.Root.OpenSubKey(@"Software\Nowhere\Profiles"));
            Assert.Same(hive.Root, hive.Root.OpenSubKey(string.Empty));
            Assert.Empty(hive.Warnings);
        }

        [SkippableFact]
        public void EmptiedProfilesKeyHasNoProfiles()
        {
            using RegfHive hive = OpenFixture("emptied-profiles");
            RegfKey profiles = hive.Root.OpenSubKey(HiveFixtures.ProfilesPath)!;

            Assert.Empty(profiles.GetSubKeyNames());
            Assert.Equal(0, profiles.SubKeyCount);
            Assert.Equal("DefaultProfile", Assert.Single(profiles.GetValues()).Name);
            Assert.Equal(3, hive.MinorVersion);
        }

        [SkippableFact]
        public void NamesAreDecodedFromLatin1AndUtf16()
        {
            byte[] image = HiveFixtures.Bytes("default-profiles");
            var layout = new HiveLayout(image);
            uint profiles = layout.FindKey(HiveFixtures.ProfilesPath);
            ushort Flags(string name) => layout.U16(HiveLayout.Record(layout.SubKeys(profiles).Single(k => layout.KeyName(k) == name)) + 2);
            // hivex stored one name compressed (flag 0x20) and the other in UTF-16.
            Assert.NotEqual(0, Flags("Ünïcødé Prófile") & 0x20);
            Assert.Equal(0, Flags("Профиль Outlook") & 0x20);

            using RegfHive hive = OpenFixture("default-profiles");
            IReadOnlyList<RegistryValue> values = hive.Root.OpenSubKey(@"Software\MapiProfileTools Fixture\Value types")!.GetValues();

            Assert.Contains("Ünïcødé Prófile", hive.Root.OpenSubKey(HiveFixtures.ProfilesPath)!.GetSubKeyNames());
            Assert.Contains(values, v => v.Name == "Größe");
            Assert.Contains(values, v => v.Name == "Значение");
            Assert.Contains(values, v => v.Name == "quote\"and\\backslash");
            Assert.Contains(values, v => v.Name.Length == 0 && v.Data.SequenceEqual(Encoding.Unicode.GetBytes("the default value\0")));
        }

        [SkippableFact]
        public void InlineDataUpToFourBytesAndEveryTypeAsStored()
        {
            var layout = new HiveLayout(HiveFixtures.Bytes("default-profiles"));
            uint types = layout.FindKey(@"Software\MapiProfileTools Fixture\Value types");
            using RegfHive hive = OpenFixture("default-profiles");
            Dictionary<string, RegistryValue> values = hive.Root.OpenSubKey(@"Software\MapiProfileTools Fixture\Value types")!.GetValues().ToDictionary(v => v.Name);

            for (int size = 0; size <= 4; size++)
            {
                // Kept in the value record itself: the top bit of the size is set.
                Assert.NotEqual(0u, layout.U32(HiveLayout.Record(layout.FindValue(types, "Inline" + size)) + 4) & 0x80000000);
                Assert.Equal(Enumerable.Range(1, size).Select(b => (byte)b), values["Inline" + size].Data);
            }

            Assert.Equal(0u, layout.U32(HiveLayout.Record(layout.FindValue(types, "Cell5")) + 4) & 0x80000000);
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, values["Cell5"].Data);
            Assert.Equal(RegistryValueType.DWord, values["DWord"].Type);
            Assert.Equal(new byte[] { 2, 1, 0, 0 }, values["DWord"].Data);
            Assert.Equal(RegistryValueType.QWord, values["QWord"].Type);
            Assert.Equal(RegistryValueType.MultiString, values["Multi"].Type);
            Assert.Equal(RegistryValueType.ExpandString, values["Expand"].Type);
            Assert.Equal(RegistryValueType.DWordBigEndian, values["DWordBigEndian"].Type);
            Assert.Equal(RegistryValueType.Link, values["Link"].Type);
            Assert.Equal(RegistryValueType.None, values["None"].Type);
            Assert.Equal((RegistryValueType)0x1234, values["Odd type"].Type);
        }

        [SkippableFact]
        public void PathsStartAtTheRootPathGiven()
        {
            string file = HiveFixtures.Hive("default-profiles");
            using (RegfHive byFile = RegfHive.Open(file))
            {
                Assert.Equal(file, byFile.Root.Path);
                Assert.Equal(file + @"\Software\Microsoft", byFile.Root.OpenSubKey(@"software\microsoft")!.Path);
                Assert.Equal(file, byFile.FilePath);
            }

            using RegfHive named = RegfHive.Open(file, HiveFixtures.Prefix);
            Assert.Equal(HiveFixtures.Prefix + @"\" + HiveFixtures.ProfilesPath, named.Root.OpenSubKey(HiveFixtures.ProfilesPath.ToUpperInvariant())!.Path);
            Assert.Equal(HiveFixtures.Prefix + @"\Software", named.Root.GetSubKeys().Single().Path);
            Assert.Equal("ROOT", named.Root.Name);
        }

        [SkippableFact]
        public void FindingTheProfilesKeyReadsLittleOfALargeHive()
        {
            byte[] image = HiveFixtures.Bytes("many-siblings");
            var stream = new CountingStream(image, image.Length);
            var clock = Stopwatch.StartNew();
            using RegfHive hive = RegfHive.Open(stream, "many-siblings.hive");
            RegfKey? profiles = hive.Root.OpenSubKey(HiveFixtures.ProfilesPath);
            TimeSpan cold = clock.Elapsed;

            Assert.NotNull(profiles);
            Assert.Equal(3001, hive.Root.OpenSubKey(@"Software\Microsoft")!.SubKeyCount);
            _output.WriteLine($"{image.Length / 1048576.0:n1} MB hive: Profiles found after reading {stream.BytesRead / 1024} KiB in {stream.Reads} reads, {cold.TotalMilliseconds:n2} ms cold");
            Assert.True(stream.BytesRead < 512 * 1024, $"finding one key read {stream.BytesRead} bytes of a {image.Length}-byte hive");

            clock.Restart();
            const int Lookups = 100;
            for (int i = 0; i < Lookups; i++)
            {
                Assert.NotNull(hive.Root.OpenSubKey(HiveFixtures.ProfilesPath));
            }

            _output.WriteLine($"warm: {clock.Elapsed.TotalMilliseconds / Lookups:n3} ms per lookup");
        }

        [SkippableFact]
        public void SubkeyListsSplitByAnIndexRootListTheSameKeys()
        {
            // Neither hivex nor reged writes an index root ('ri'), which Windows uses for long lists: split
            // the 3001-entry list of Software\Microsoft into an 'ri' over 'lh', 'lf' and 'li' leaves.
            var layout = new HiveLayout(HiveFixtures.Bytes("many-siblings"));
            uint microsoft = layout.FindKey(@"Software\Microsoft");
            uint list = layout.U32(HiveLayout.SubKeyListField(microsoft));
            Assert.Equal("lh", layout.Signature(list));
            List<(uint Offset, uint Hash)> entries = layout.Entries(list)
                .Select((offset, i) => (offset, layout.U32(HiveLayout.Record(list) + 8 + (i * 8)))).ToList();
            int third = entries.Count / 3;

            HiveLayout split = layout.AppendBin(8 * 4096, bin =>
            {
                uint hashes = bin.List("lh", entries.Take(third).ToList());
                uint hints = bin.List("lf", entries.Skip(third).Take(third).Select(e => (e.Offset, Hint(layout.KeyName(e.Offset)))).ToList());
                uint plain = bin.List("li", entries.Skip(2 * third).Select(e => (e.Offset, 0u)).ToList());
                uint root = bin.List("ri", new[] { (hashes, 0u), (hints, 0u), (plain, 0u) });
                BitConverter.GetBytes(root).CopyTo(bin.Image, HiveLayout.SubKeyListField(microsoft));
            });

            using RegfHive original = RegfHive.Open(new MemoryStream(layout.Image, false), "original");
            using RegfHive hive = RegfHive.Open(new MemoryStream(split.Image, false), "split");
            RegfKey splitKey = hive.Root.OpenSubKey(@"Software\Microsoft")!;

            Assert.Equal(original.Root.OpenSubKey(@"Software\Microsoft")!.GetSubKeyNames(), splitKey.GetSubKeyNames());
            foreach (string name in new[] { layout.KeyName(entries[0].Offset), layout.KeyName(entries[third].Offset), layout.KeyName(entries[^1].Offset), "Windows NT" })
            {
                Assert.Equal(name, splitKey.OpenSubKey(name.ToLowerInvariant())?.Name);
            }

            Assert.NotNull(hive.Root.OpenSubKey(HiveFixtures.ProfilesPath));
            Assert.Empty(hive.Warnings);
        }

        [SkippableFact]
        public void HiveOpenForWritingElsewhereCanBeRead()
        {
            string copy = Path.Combine(Path.GetTempPath(), $"regf-{Guid.NewGuid():N}.hive");
            File.Copy(HiveFixtures.Hive("default-profiles"), copy);
            try
            {
                using var writer = new FileStream(copy, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                using RegfHive hive = RegfHive.Open(copy);

                Assert.NotNull(hive.Root.OpenSubKey(HiveFixtures.ProfilesPath));
            }
            finally
            {
                File.Delete(copy);
            }
        }

        [SkippableFact]
        public void KeysOfAClosedHiveThrowObjectDisposed()
        {
            RegfHive hive = OpenFixture("default-profiles");
            RegfKey software = hive.Root.OpenSubKey("Software")!;
            hive.Dispose();

            Assert.Throws<ObjectDisposedException>(() => software.GetSubKeyNames());
            Assert.Throws<ObjectDisposedException>(() => software.GetValues());
            Assert.Throws<ObjectDisposedException>(() => software.OpenSubKey("Microsoft"));
            Assert.Throws<ObjectDisposedException>(() => hive.Root);
        }

        private static uint Hint(string name)
        {
            var bytes = new byte[4];
            for (int i = 0; i < 4 && i < name.Length; i++)
            {
                bytes[i] = (byte)name[i];
            }

            return BitConverter.ToUInt32(bytes, 0);
        }
    }
}
