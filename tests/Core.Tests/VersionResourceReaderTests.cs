using System;
using System.IO;
using MapiProfileTools.Core.PortableExecutable;
using Xunit;

namespace MapiProfileTools.Core.Tests
{
    /// <summary>Versions read from real DLLs that mingw-w64's windres and ld built from tests/fixtures/pe/*.rc.</summary>
    public class VersionResourceReaderTests
    {
        [SkippableTheory]
        [InlineData("mapi32-5.5.2653.0", "5.5.2653.0")]
        [InlineData("mapi32-6.0.6447.9", "6.0.6447.9")]
        [InlineData("mapi32-6.0.6448.0", "6.0.6448.0")]
        [InlineData("mapi32-6.5.7226.0", "6.5.7226.0")]
        [InlineData("mapi32-string-disagrees", "6.1.0.9212")]
        public void ReadsFixedFileVersionOfPe32AndPe32Plus(string fixture, string expected)
        {
            PeVersionInfo x86 = VersionResourceReader.Read(TestData.PeFixture(fixture + ".x86.dll"));
            PeVersionInfo x64 = VersionResourceReader.Read(TestData.PeFixture(fixture + ".x64.dll"));

            Assert.Equal(Version.Parse(expected), x86.FileVersion);
            Assert.Equal(Version.Parse(expected), x64.FileVersion);
            Assert.Equal("x86", x86.Machine);
            Assert.False(x86.IsPe32Plus);
            Assert.Equal("x64", x64.Machine);
            Assert.True(x64.IsPe32Plus);
            Assert.Equal("Fixture Systems", x64.GetString("CompanyName"));
        }

        [SkippableFact]
        public void KeepsStringVersionThatDisagreesWithFixedVersion()
        {
            PeVersionInfo info = VersionResourceReader.Read(TestData.PeFixture("mapi32-string-disagrees.x86.dll"));

            Assert.Equal(new Version(6, 1, 0, 9212), info.FileVersion);
            Assert.Equal("6.01.9212", info.GetString("FileVersion"));
        }

        [SkippableFact]
        public void ChoosesTheStringTableTheTranslationNames()
        {
            PeVersionInfo info = VersionResourceReader.Read(TestData.PeFixture("mapi32-translated.x64.dll"));

            Assert.Equal("Fixture Systeme GmbH", info.GetString("CompanyName"));
            Assert.Equal("Deutsche Tabelle \u00fc", info.GetString("FileDescription"));
            Assert.Equal(new Version(6, 0, 6500, 1), info.FileVersion);
            Assert.Equal(new Version(6, 0, 6500, 0), info.ProductVersion);
        }

        [SkippableTheory]
        [InlineData("strings-only.x86.dll", "no RT_VERSION entry")]
        [InlineData("strings-only.x64.dll", "no RT_VERSION entry")]
        [InlineData("no-resources.x64.dll", "no resource directory")]
        public void ReportsAPeFileWithoutVersionResource(string fixture, string detail)
        {
            string path = TestData.PeFixture(fixture);

            var error = Assert.Throws<PeFormatException>(() => VersionResourceReader.Read(path));

            Assert.Equal(PeProblem.NoVersionResource, error.Problem);
            Assert.Contains(detail, error.Message);
            Assert.Contains(path, error.Message);
        }

        [Theory]
        [InlineData(new byte[0], "the file is empty")]
        [InlineData(new byte[] { (byte)'M' }, "MZ signature")]
        [InlineData(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0 }, "MZ signature")]
        public void RejectsFilesThatAreNotPe(byte[] content, string detail)
        {
            string path = Path.Combine(Path.GetTempPath(), $"mapi-notpe-{Guid.NewGuid():N}.dll");
            File.WriteAllBytes(path, content);
            try
            {
                var error = Assert.Throws<PeFormatException>(() => VersionResourceReader.Read(path));
                Assert.Equal(PeProblem.NotPortableExecutable, error.Problem);
                Assert.Contains(detail, error.Message);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void RejectsAnMsDosProgramWithoutPeHeader()
        {
            var dos = new byte[128];
            dos[0] = (byte)'M';
            dos[1] = (byte)'Z';
            dos[0x3C] = 0x40; // e_lfanew points at zeros, not "PE\0\0"

            var error = Assert.Throws<PeFormatException>(() => VersionResourceReader.Read(new MemoryStream(dos), "dos.com"));

            Assert.Equal(PeProblem.NotPortableExecutable, error.Problem);
            Assert.Equal(0x40, error.Offset);
        }

        [Fact]
        public void RefusesAStreamItCannotSeek()
        {
            using var pipe = new NonSeekableStream();
            Assert.Throws<ArgumentException>(() => VersionResourceReader.Read(pipe, "pipe"));
        }

        [SkippableFact]
        public void ReadsOnlyHeadersAndResourcesNotTheWholeFile()
        {
            // A real DLL with 8 MiB of overlay appended: a reader that slurps the file would read it all.
            byte[] image = File.ReadAllBytes(TestData.PeFixture("mapi32-6.0.6448.0.x64.dll"));
            var padded = new byte[image.Length + (8 << 20)];
            Buffer.BlockCopy(image, 0, padded, 0, image.Length);
            using var counting = new CountingStream(padded);

            PeVersionInfo info = VersionResourceReader.Read(counting, "padded.dll");

            Assert.Equal(new Version(6, 0, 6448, 0), info.FileVersion);
            Assert.True(counting.BytesRead <= 4 * 4096, $"read {counting.BytesRead} bytes of {padded.Length}");
        }

        [SkippableFact]
        public void ReadsAFileThatAnotherHandleHoldsOpenForWriting()
        {
            string source = TestData.PeFixture("mapi32-6.0.6447.9.x86.dll");
            string path = Path.Combine(Path.GetTempPath(), $"mapi-held-{Guid.NewGuid():N}.dll");
            File.Copy(source, path);
            try
            {
                using var holder = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                Assert.Equal(new Version(6, 0, 6447, 9), VersionResourceReader.Read(path).FileVersion);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void MissingFileIsAFileNotFoundException()
        {
            string path = Path.Combine(Path.GetTempPath(), $"mapi-missing-{Guid.NewGuid():N}.dll");
            Assert.Throws<FileNotFoundException>(() => VersionResourceReader.Read(path));
        }

        private sealed class NonSeekableStream : MemoryStream
        {
            public override bool CanSeek => false;
        }

        private sealed class CountingStream : MemoryStream
        {
            public CountingStream(byte[] data) : base(data, writable: false)
            {
            }

            public long BytesRead { get; private set; }

            public override int Read(byte[] buffer, int offset, int count)
            {
                int read = base.Read(buffer, offset, count);
                BytesRead += read;
                return read;
            }
        }
    }
}
