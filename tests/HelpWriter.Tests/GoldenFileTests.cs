using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

// Program.Main writes to the console; one test at a time keeps each run's output whole.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace MapiProfileTools.HelpWriter.Tests
{
    /// <summary>
    /// Markdown in, help files out, compared byte for byte with files checked by hand: golden/docs holds
    /// a PlatyPS-format command doc and an about topic of a made-up module, golden/expected the MAML and
    /// the about_*.help.txt they must turn into. When the converter changes on purpose, run it on
    /// golden/docs, read the difference, and copy the new output over golden/expected.
    /// </summary>
    public sealed class GoldenFileTests : IDisposable
    {
        private static readonly string Golden = Path.Combine(AppContext.BaseDirectory, "golden");
        private readonly string _out = Path.Combine(Path.GetTempPath(), "helpwriter-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            foreach (string folder in new[] { _out, _out + "-docs" })
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }

        [Fact]
        public void WritesTheExpectedMamlAndAboutTopic()
        {
            int exitCode = Program.Main(new[] { "--docs", Path.Combine(Golden, "docs"), "--out", _out });

            Assert.Equal(0, exitCode);
            string[] expected = Directory.GetFiles(Path.Combine(Golden, "expected")).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;
            string[] written = Directory.GetFiles(_out).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;
            Assert.Equal(new[] { "Widgets.dll-Help.xml", "about_Widgets.help.txt" }, expected);
            Assert.Equal(expected, written);
            foreach (string name in expected)
            {
                AssertSameBytes(Path.Combine(Golden, "expected", name), Path.Combine(_out, name));
            }
        }

        [Fact]
        public void TheAboutTopicStartsWithAByteOrderMarkAndTheMamlDoesNot()
        {
            // Windows PowerShell 5.1 reads a .help.txt without one in the ANSI code page.
            Assert.Equal(0, Program.Main(new[] { "--docs", Path.Combine(Golden, "docs"), "--out", _out }));

            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, File.ReadAllBytes(Path.Combine(_out, "about_Widgets.help.txt")).Take(3));
            Assert.Equal((byte)'<', File.ReadAllBytes(Path.Combine(_out, "Widgets.dll-Help.xml"))[0]);
        }

        [Fact]
        public void ABrokenDocFailsTheRunAndWritesNothing()
        {
            string docs = CopyGoldenDocs();
            string widget = Path.Combine(docs, "Get-Widget.md");
            File.WriteAllText(widget, File.ReadAllText(widget).Replace("[-Broken] [<CommonParameters>]", "[-Broken] [-Colour <String>] [<CommonParameters>]", StringComparison.Ordinal));

            int exitCode = Program.Main(new[] { "--docs", docs, "--out", _out });

            Assert.Equal(1, exitCode);
            Assert.False(Directory.Exists(_out) && Directory.EnumerateFileSystemEntries(_out).Any(), "a failed run wrote help files");
        }

        [Fact]
        public void EveryShippedDocConverts()
        {
            string docs = RepositoryFolder("docs/en-US");

            Assert.Equal(0, Program.Main(new[] { "--docs", docs, "--out", _out }));
            Assert.True(File.Exists(Path.Combine(_out, "MapiProfileTools.dll-Help.xml")));
            Assert.True(File.Exists(Path.Combine(_out, "about_MapiProfileTools.help.txt")));
        }

        private string CopyGoldenDocs()
        {
            string docs = _out + "-docs";
            Directory.CreateDirectory(docs);
            foreach (string file in Directory.GetFiles(Path.Combine(Golden, "docs")))
            {
                File.Copy(file, Path.Combine(docs, Path.GetFileName(file)));
            }

            return docs;
        }

        internal static string RepositoryFolder(string relative)
        {
            for (string? folder = AppContext.BaseDirectory; folder != null; folder = Path.GetDirectoryName(folder))
            {
                string candidate = Path.Combine(folder, relative);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException($"{relative} was not found above {AppContext.BaseDirectory}: the tests run from a clone of the repository.");
        }

        private static void AssertSameBytes(string expectedPath, string actualPath)
        {
            byte[] expected = File.ReadAllBytes(expectedPath);
            byte[] actual = File.ReadAllBytes(actualPath);
            if (expected.AsSpan().SequenceEqual(actual))
            {
                return;
            }

            string[] expectedLines = Encoding.UTF8.GetString(expected).Split('\n');
            string[] actualLines = Encoding.UTF8.GetString(actual).Split('\n');
            int line = 0;
            while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
            {
                line++;
            }

            Assert.Fail(
                $"{Path.GetFileName(expectedPath)} differs from golden/expected at line {line + 1}:\n" +
                $"  expected: {(line < expectedLines.Length ? expectedLines[line] : "(end of file)")}\n" +
                $"  actual:   {(line < actualLines.Length ? actualLines[line] : "(end of file)")}\n" +
                $"(lengths {expected.Length} and {actual.Length} bytes)");
        }
    }
}
