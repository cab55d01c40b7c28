using System.IO;
using Xunit;

namespace MapiProfileTools.Core.Tests.Hives
{
    /// <summary>
    /// The hives tests/fixtures/Build-HiveFixtures.ps1 wrote into MAPI_TEST_DATA/hives with hivex and chntpw,
    /// with hivex's own readings of each (export .reg, hivexml). Without them the tests skip, never fake.
    /// </summary>
    internal static class HiveFixtures
    {
        public const string Prefix = @"HKEY_USERS\.DEFAULT";
        public const string ProfilesPath = @"Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem\Profiles";

        /// <summary>Every fixture: (name, which tool wrote it).</summary>
        public static readonly string[] All = { "default-profiles", "emptied-profiles", "no-profiles-key", "many-siblings", "big-data.chntpw", "export-cases" };

        public static string Folder
        {
            get
            {
                string? root = TestData.Root;
                Skip.IfNot(root != null, "MAPI_TEST_DATA is not set: run the tests through build.ps1 -Task Test, which builds the hive fixtures with hivex and chntpw.");
                string folder = Path.Combine(root!, "hives");
                Skip.IfNot(Directory.Exists(folder), $"'{folder}' is missing: hivex or chntpw was not installed when the fixtures were built.");
                return folder;
            }
        }

        public static string Hive(string name) => Existing(Path.Combine(Folder, name + ".hive"));

        public static string Export(string name) => Existing(Path.Combine(Folder, name + ".export.reg"));

        public static string HivexXml(string name) => Existing(Path.Combine(Folder, name + ".hivexml.xml"));

        public static byte[] Bytes(string name) => File.ReadAllBytes(Hive(name));

        private static string Existing(string path)
        {
            Assert.True(File.Exists(path), $"fixture '{path}' is missing: the fixture build did not produce it");
            return path;
        }
    }
}
