using System;
using System.IO;
using Xunit;

namespace MapiProfileTools.Core.Tests
{
    /// <summary>
    /// Where the fixtures built at test time live. The build's Test task sets MAPI_TEST_DATA; without it
    /// (a bare `dotnet test`) tests that need fixtures are skipped with that reason, never faked.
    /// </summary>
    internal static class TestData
    {
        public static string? Root => Environment.GetEnvironmentVariable("MAPI_TEST_DATA");

        public static string PeFixture(string name)
        {
            string? root = Root;
            Skip.IfNot(root != null, "MAPI_TEST_DATA is not set: run the tests through build.ps1 -Task Test, which builds the PE fixtures with mingw-w64.");
            string path = Path.Combine(root!, "pe", name);
            Assert.True(File.Exists(path), $"fixture '{path}' is missing: the fixture build did not produce it");
            return path;
        }

        /// <summary>
        /// A file committed under samples/ (real DLLs and hives, made by mingw-w64 and hivex; see
        /// samples/README.md), there on any machine.
        /// </summary>
        public static string Sample(string relative) => RepositoryFile("samples/" + relative);

        /// <summary>A file of the repository, found by walking up from the test assembly (tests run from a clone).</summary>
        public static string RepositoryFile(string relative)
        {
            for (string? folder = AppContext.BaseDirectory; folder != null; folder = Path.GetDirectoryName(folder))
            {
                string candidate = Path.Combine(folder, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException($"{relative} was not found above {AppContext.BaseDirectory}: the tests run from a clone of the repository.");
        }

        public static string[] AllPeFixtures()
        {
            string? root = Root;
            Skip.IfNot(root != null, "MAPI_TEST_DATA is not set: run the tests through build.ps1 -Task Test.");
            return Directory.GetFiles(Path.Combine(root!, "pe"), "*.dll");
        }
    }
}
