using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.Profiles;
using MapiProfileTools.Core.RegFiles;
using MapiProfileTools.Core.Tests.Hives;
using Xunit;

namespace MapiProfileTools.Core.Tests.RegFiles
{
    /// <summary>
    /// The export's promise, checked with an importer that is not ours: profiles read from each hivex/chntpw
    /// fixture are written to a .reg file, hivexregedit --merge imports it into an empty hive, and
    /// hivexregedit --export of that hive must hold every key and value of those profiles (types and bytes)
    /// exactly as hivexregedit --export of the source hive does, and nothing else but the parent keys.
    /// </summary>
    public class ProfileRegFileRoundTripTests
    {
        public static IEnumerable<object[]> Fixtures => HiveFixtures.All.Select(name => new object[] { name });

        [SkippableTheory]
        [MemberData(nameof(Fixtures))]
        public void ImportedExportEqualsTheSourceKeyByKeyValueByValue(string fixture) => RoundTrip(fixture, HiveFixtures.Prefix);

        [SkippableFact]
        public void UserWritesTheKeysUnderAnotherHive() => RoundTrip("default-profiles", @"HKEY_USERS\S-1-5-21-1004336348-1177238915-682003330-1003");

        private static void RoundTrip(string fixture, string hiveRoot)
        {
            string folder = HiveFixtures.Folder;
            string work = Path.Combine(Path.GetTempPath(), "regfile-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(work);
            try
            {
                List<MessagingProfileData> profiles;
                using (RegfHive hive = RegfHive.Open(HiveFixtures.Hive(fixture), rootPath: HiveFixtures.Prefix))
                {
                    profiles = MessagingProfileReader.Read(hive.Root, includeOutlook: true, _ => true, _ => false).SelectMany(s => s.Profiles).ToList();
                }

                string regFile = Path.Combine(work, "profiles.reg");
                using (var stream = new StreamWriter(regFile, append: false, RegFileWriter.Encoding))
                {
                    ProfileRegFile.Write(stream, hiveRoot, profiles);
                }

                AssertRegeditForm(regFile);

                // hivexregedit reads the local 8-bit encoding, as its manual says: re-encode the UTF-16 file as
                // UTF-8 with LF line ends for it, the way the manual's iconv | dos2unix recipe does.
                string utf8 = Path.Combine(work, "profiles.utf8.reg");
                File.WriteAllText(utf8, File.ReadAllText(regFile, Encoding.Unicode).Replace("\r\n", "\n"), new UTF8Encoding(false));
                string imported = Path.Combine(work, "imported.hive");
                File.Copy(Path.Combine(folder, "empty.hive.template"), imported);
                Run("hivexregedit", null, "--merge", "--prefix", hiveRoot, imported, utf8);
                string importedExport = Path.Combine(work, "imported.export.reg");
                File.WriteAllText(importedExport, Run("hivexregedit", "SO", "--export", "--prefix", hiveRoot, imported, "\\"), new UTF8Encoding(false));

                RegExport source = RegExport.Load(HiveFixtures.Export(fixture), HiveFixtures.Prefix);
                RegExport result = RegExport.Load(importedExport, hiveRoot);
                AssertSameProfiles(source, result, profiles);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        private static void AssertRegeditForm(string regFile)
        {
            byte[] bytes = File.ReadAllBytes(regFile);
            Assert.True(bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE, "the file starts with the UTF-16LE byte-order mark");
            string text = Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
            Assert.StartsWith("Windows Registry Editor Version 5.00\r\n\r\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty));
            Assert.DoesNotContain("\r", text.Replace("\r\n", string.Empty));
            foreach (string line in text.Split(new[] { "\r\n" }, StringSplitOptions.None).Where(l => l.EndsWith("\\", StringComparison.Ordinal)))
            {
                Assert.True(line.Length <= 80, $"a wrapped hex line stays within 80 columns: {line}");
            }
        }

        private static void AssertSameProfiles(RegExport source, RegExport result, List<MessagingProfileData> profiles)
        {
            var expectedKeys = new HashSet<string>(StringComparer.Ordinal);
            foreach (MessagingProfileData profile in profiles)
            {
                string[] parts = profile.KeyPath.Split('\\');
                for (int i = 1; i < parts.Length; i++)
                {
                    expectedKeys.Add(string.Join("\\", parts, 0, i));
                }

                int profileKeys = 0;
                foreach (var (path, values) in source.Keys.Where(k => k.Key == profile.KeyPath || k.Key.StartsWith(profile.KeyPath + "\\", StringComparison.Ordinal)))
                {
                    profileKeys++;
                    expectedKeys.Add(path);
                    Assert.True(result.Keys.ContainsKey(path), $"{path} was imported");
                    AssertSameValues(path, values, result.Keys[path]);
                }

                Assert.Equal(profile.Keys!.KeyCount, profileKeys);
            }

            // The parents carry nothing but the DefaultProfile value, and only when its profile was exported.
            foreach (string parent in expectedKeys.Where(k => !profiles.Any(p => k == p.KeyPath || k.StartsWith(p.KeyPath + "\\", StringComparison.Ordinal))))
            {
                Assert.True(result.Keys.ContainsKey(parent), $"{parent} was imported");
                var expected = new Dictionary<string, (uint, byte[])>(StringComparer.Ordinal);
                MessagingProfileData? byDefault = profiles.FirstOrDefault(p => p.DefaultProfileValue != null && p.DefaultProfileKeyPath == parent);
                if (byDefault != null)
                {
                    expected.Add("DefaultProfile", source.Keys[parent]["DefaultProfile"]);
                }

                AssertSameValues(parent, expected, result.Keys[parent]);
            }

            Assert.Equal(expectedKeys.Append(string.Empty).OrderBy(k => k, StringComparer.Ordinal), result.Keys.Keys.OrderBy(k => k, StringComparer.Ordinal));
        }

        private static void AssertSameValues(string path, Dictionary<string, (uint Type, byte[] Data)> expected, Dictionary<string, (uint Type, byte[] Data)> actual)
        {
            Assert.Equal(expected.Keys.OrderBy(n => n, StringComparer.Ordinal), actual.Keys.OrderBy(n => n, StringComparer.Ordinal));
            foreach (var (name, (type, data)) in expected)
            {
                Assert.True(type == actual[name].Type, $"{path} \"{name}\": type {actual[name].Type} after the round trip, {type} in the source");
                Assert.True(data.SequenceEqual(actual[name].Data), $"{path} \"{name}\": {actual[name].Data.Length} bytes after the round trip differ from the source's {data.Length}");
            }
        }

        private static string Run(string tool, string? perlUnicode, params string[] arguments)
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8 };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment.Remove("PERL_UNICODE");
            if (perlUnicode != null)
            {
                start.Environment["PERL_UNICODE"] = perlUnicode;
            }

            using Process process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{tool} {string.Join(" ", arguments)} failed ({process.ExitCode}): {error.Result}");
            return output;
        }
    }
}
