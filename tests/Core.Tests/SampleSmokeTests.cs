using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.PortableExecutable;
using MapiProfileTools.Core.Profiles;
using MapiProfileTools.Core.Registry;
using MapiProfileTools.Core.Tests.Hives;
using Xunit;

namespace MapiProfileTools.Core.Tests
{
    /// <summary>
    /// The readers on the real files committed under samples/ (DLLs built by mingw-w64 from
    /// tests/fixtures/pe/*.rc, hives written by hivexregedit from samples/hives/*.reg; samples/README.md),
    /// checked against those sources. They need no toolchain, so a bare `dotnet test` covers the PE,
    /// hive and profile readers on any machine; the fuller fixture tests still need mingw and hivex.
    /// </summary>
    public class SampleSmokeTests
    {
        public static IEnumerable<object[]> Dlls => new[]
        {
            new object[] { "dll/before-fix/MAPI32.DLL", "mapi32-6.0.6447.9.rc", "x86", false },
            new object[] { "dll/with-fix/MAPI32.DLL", "mapi32-6.5.7226.0.rc", "x64", true },
        };

        public static IEnumerable<object[]> Hives => new[] { new object[] { "healthy" }, new object[] { "emptied" } };

        [Theory]
        [MemberData(nameof(Dlls))]
        public void ASampleDllReadsAsItsResourceScriptSays(string sample, string rc, string machine, bool isPe32Plus)
        {
            string source = File.ReadAllText(TestData.RepositoryFile("tests/fixtures/pe/" + rc));
            Match fixedVersion = Regex.Match(source, @"^FILEVERSION\s+(\d+),(\d+),(\d+),(\d+)", RegexOptions.Multiline);
            var strings = Regex.Matches(source, @"VALUE\s+""(?<key>[^""]+)"",\s*""(?<value>[^""]*)""").ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);

            PeVersionInfo info = VersionResourceReader.Read(TestData.Sample(sample));

            Assert.Equal(new Version(string.Join(".", Enumerable.Range(1, 4).Select(i => fixedVersion.Groups[i].Value))), info.FileVersion);
            Assert.Equal(machine, info.Machine);
            Assert.Equal(isPe32Plus, info.IsPe32Plus);
            Assert.NotEmpty(strings);
            foreach (var (key, value) in strings)
            {
                Assert.Equal(value, info.GetString(key));
            }

            Assert.Equal(strings.Count, info.Strings.Count);
        }

        [Theory]
        [MemberData(nameof(Dlls))]
        public void EveryTruncationOfASampleDllEndsInACleanErrorOrTheRightVersion(string sample, string rc, string machine, bool isPe32Plus)
        {
            _ = (rc, machine, isPe32Plus);
            byte[] image = File.ReadAllBytes(TestData.Sample(sample));
            Version version = VersionResourceReader.Read(new MemoryStream(image), sample).FileVersion;
            var timer = Stopwatch.StartNew();
            int errors = 0;
            for (int length = 0; length < image.Length; length++)
            {
                try
                {
                    Assert.Equal(version, VersionResourceReader.Read(new MemoryStream(image, 0, length), sample).FileVersion);
                }
                catch (PeFormatException error)
                {
                    Assert.Contains(sample, error.Message);
                    errors++;
                }
            }

            Assert.True(errors > image.Length / 2, $"only {errors} of {image.Length} truncations failed");
            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(20), $"{image.Length} truncated reads took {timer.Elapsed}");
        }

        [Theory]
        [MemberData(nameof(Hives))]
        public void ASampleHiveHoldsExactlyWhatHivexMergedIntoIt(string name)
        {
            RegExport source = RegExport.Load(TestData.Sample($"hives/{name}.reg"), HiveFixtures.Prefix);
            using RegfHive hive = RegfHive.Open(TestData.Sample($"hives/{name}/DEFAULT"), rootPath: string.Empty);

            Dictionary<string, RegfKey> keys = HiveWalk.Keys(hive.Root);

            Assert.Equal(source.Keys.Keys.Append(string.Empty).OrderBy(k => k, StringComparer.Ordinal), keys.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Empty(keys[string.Empty].GetValues());
            foreach (var (path, expected) in source.Keys)
            {
                IReadOnlyList<RegistryValue> values = keys[path].GetValues();
                Assert.Equal(expected.Keys.OrderBy(n => n, StringComparer.Ordinal), values.Select(v => v.Name).OrderBy(n => n, StringComparer.Ordinal));
                foreach (RegistryValue value in values)
                {
                    var (type, data) = expected[value.Name];
                    Assert.True(type == (uint)value.Type, $"{path} \"{value.Name}\": type {(uint)value.Type}, the .reg says {type}");
                    Assert.True(data.SequenceEqual(value.Data), $"{path} \"{value.Name}\": {value.Data.Length} bytes differ from the .reg's {data.Length}");
                }
            }

            Assert.Empty(hive.Warnings);
        }

        [Fact]
        public void TheHealthySampleHasTheSystemAttendantsProfile()
        {
            using RegfHive hive = RegfHive.Open(TestData.Sample("hives/healthy/DEFAULT"));

            ProfileStore store = Assert.Single(MessagingProfileReader.Read(hive.Root, includeOutlook: true, _ => true, e => e is RegfFormatException));

            Assert.Equal(ProfileStoreState.Present, store.State);
            Assert.Empty(store.Problems);
            MessagingProfileData profile = Assert.Single(store.Profiles);
            Assert.Equal("MS Exchange Settings", profile.Name);
            Assert.True(profile.IsDefault);
            Assert.Equal("EX2000", profile.ExchangeServer);
            Assert.Equal("/o=Contoso/ou=First Administrative Group/cn=Configuration/cn=Servers/cn=EX2000/cn=Microsoft System Attendant", profile.Mailbox);
            Assert.Contains(profile.Services, s => s.Name == "MSEMS");
        }

        [Fact]
        public void TheEmptiedSampleHasTheProfilesKeyAndNoProfile()
        {
            using RegfHive hive = RegfHive.Open(TestData.Sample("hives/emptied/DEFAULT"));

            ProfileStore store = Assert.Single(MessagingProfileReader.Read(hive.Root, includeOutlook: true, _ => true, e => e is RegfFormatException));

            Assert.Equal(ProfileStoreState.Empty, store.State);
            Assert.Empty(store.Profiles);
        }
    }
}
