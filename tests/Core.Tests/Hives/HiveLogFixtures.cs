using System.IO;
using Xunit;

namespace MapiProfileTools.Core.Tests.Hives
{
    /// <summary>
    /// The dirty hives and logs tests/fixtures/Build-HiveLogFixtures.ps1 wrote into MAPI_TEST_DATA/hivelogs: each
    /// case a folder with a DEFAULT and its logs, and the hivex exports of the three versions of that hive
    /// (stale, middle, true) that the replayed hive is compared with. Without them the tests skip, never fake.
    /// </summary>
    internal static class HiveLogFixtures
    {
        public static string Folder
        {
            get
            {
                string? root = TestData.Root;
                Skip.IfNot(root != null, "MAPI_TEST_DATA is not set: run the tests through build.ps1 -Task Test, which builds the hive log fixtures with hivex.");
                string folder = Path.Combine(root!, "hivelogs");
                Skip.IfNot(Directory.Exists(folder), $"'{folder}' is missing: hivex was not installed when the fixtures were built.");
                return folder;
            }
        }

        /// <summary>The dirty primary of a case (its logs lie beside it).</summary>
        public static string Hive(string caseName) => Existing(Path.Combine(Folder, caseName, "DEFAULT"));

        public static string Log(string caseName, string logName) => Existing(Path.Combine(Folder, caseName, logName));

        /// <summary>hivexregedit --export of a version: "stale", "middle" or "true".</summary>
        public static RegExport Export(string state) => RegExport.Load(Existing(Path.Combine(Folder, state + ".export.reg")), HiveFixtures.Prefix);

        private static string Existing(string path)
        {
            Assert.True(File.Exists(path), $"fixture '{path}' is missing: the fixture build did not produce it");
            return path;
        }
    }
}
