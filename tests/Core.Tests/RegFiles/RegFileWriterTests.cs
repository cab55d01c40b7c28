using System;
using System.IO;
using System.Linq;
using System.Text;
using MapiProfileTools.Core.IO;
using MapiProfileTools.Core.Registry;
using MapiProfileTools.Core.RegFiles;
using Xunit;

namespace MapiProfileTools.Core.Tests.RegFiles
{
    /// <summary>The value forms regedit reads back byte for byte, and the file written whole or not at all.</summary>
    public class RegFileWriterTests
    {
        private static string Format(RegistryValueType type, byte[] data, string name = "v") => RegFileWriter.FormatValue(new RegistryValue(name, type, data));

        private static byte[] Utf16(string text) => Encoding.Unicode.GetBytes(text);

        [Fact]
        public void QuotesOnlyStringsAnImportGivesBackExactly()
        {
            Assert.Equal("\"v\"=\"a \\\"b\\\" \\\\ c\"", Format(RegistryValueType.String, Utf16("a \"b\" \\ c\0")));
            Assert.Equal("\"v\"=\"\"", Format(RegistryValueType.String, Utf16("\0")));
            Assert.Equal("\"v\"=hex(1):41,00,42,00", Format(RegistryValueType.String, Utf16("AB")));
            Assert.Equal("\"v\"=hex(1):41,00,00,00,42,00,00,00", Format(RegistryValueType.String, Utf16("A\0B\0")));
            Assert.Equal("\"v\"=hex(1):41,00,42", Format(RegistryValueType.String, new byte[] { 0x41, 0, 0x42 }));
            Assert.Equal("\"v\"=hex(1):", Format(RegistryValueType.String, Array.Empty<byte>()));
            Assert.StartsWith("\"v\"=hex(1):", Format(RegistryValueType.String, Utf16("a\r\nb\0")));
            Assert.StartsWith("\"v\"=hex(1):", Format(RegistryValueType.String, Utf16("Größe\0")));
        }

        [Fact]
        public void WritesDwordOnlyForFourBytes()
        {
            Assert.Equal("\"v\"=dword:01020304", Format(RegistryValueType.DWord, new byte[] { 4, 3, 2, 1 }));
            Assert.Equal("\"v\"=hex(4):04,03,02", Format(RegistryValueType.DWord, new byte[] { 4, 3, 2 }));
            Assert.Equal("\"v\"=hex(4):", Format(RegistryValueType.DWord, Array.Empty<byte>()));
        }

        [Fact]
        public void NamesEveryOtherTypeInHex()
        {
            Assert.Equal("\"v\"=hex:01,02", Format(RegistryValueType.Binary, new byte[] { 1, 2 }));
            Assert.Equal("\"v\"=hex(0):", Format(RegistryValueType.None, Array.Empty<byte>()));
            Assert.Equal("\"v\"=hex(b):01,00,00,00,00,00,00,00", Format(RegistryValueType.QWord, BitConverter.GetBytes(1L)));
            Assert.Equal("\"v\"=hex(1234):2a", Format((RegistryValueType)0x1234, new byte[] { 0x2a }));
            Assert.Equal("@=hex:01", Format(RegistryValueType.Binary, new byte[] { 1 }, name: string.Empty));
            Assert.Equal("\"q\\\"\\\\\"=hex:01", Format(RegistryValueType.Binary, new byte[] { 1 }, name: "q\"\\"));
        }

        [Fact]
        public void WrapsHexLinesAsRegeditDoes()
        {
            // "001e6603"=hex: is 15 characters; regedit breaks once a line reaches 77: after 21 bytes, then every 25.
            string text = Format(RegistryValueType.Binary, Enumerable.Range(0, 100).Select(i => (byte)i).ToArray(), name: "001e6603");
            string[] lines = text.Split(new[] { "\r\n" }, StringSplitOptions.None);
            Assert.Equal(new[] { 21, 25, 25, 25, 4 }, lines.Select(l => l.Substring(l.IndexOf(':') + 1).TrimEnd('\\').Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Length).ToArray());
            Assert.All(lines.Skip(1), l => Assert.StartsWith("  ", l, StringComparison.Ordinal));
            Assert.All(lines.Take(lines.Length - 1), l => Assert.True(l.EndsWith(",\\", StringComparison.Ordinal) && l.Length <= 80, l));
        }

        [Fact]
        public void RefusesNamesWithLineBreaks()
        {
            Assert.NotNull(RegFileWriter.ValueProblem(new RegistryValue("a\nb", RegistryValueType.Binary, Array.Empty<byte>())));
            Assert.Throws<ArgumentException>(() => Format(RegistryValueType.Binary, Array.Empty<byte>(), name: "a\r\nb"));
            Assert.NotNull(RegFileWriter.KeyNameProblem("HKEY_USERS\\a\nb"));
        }

        [Fact]
        public void AFailureHalfWayLeavesNoFileAndTheOldOneAsItWas()
        {
            string folder = NewFolder();
            try
            {
                string path = Path.Combine(folder, "profiles.reg");
                Assert.Throws<IOException>(() => ReplacingFileWriter.Write(path, false, s => { s.Write(new byte[100], 0, 100); throw new IOException("disk full"); }));
                Assert.Empty(Directory.GetFileSystemEntries(folder));

                File.WriteAllText(path, "old");
                Assert.Throws<IOException>(() => ReplacingFileWriter.Write(path, false, s => { s.Write(new byte[100], 0, 100); throw new IOException("disk full"); }));
                Assert.Equal("old", File.ReadAllText(path));
                Assert.Single(Directory.GetFileSystemEntries(folder));

                ReplacingFileWriter.Write(path, false, s => s.Write(new byte[] { 0x41 }, 0, 1));
                Assert.Equal("A", File.ReadAllText(path));
                Assert.Single(Directory.GetFileSystemEntries(folder));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void AReadOnlyFileIsReplacedOnlyWhenAskedAndStaysReadOnly()
        {
            string folder = NewFolder();
            string path = Path.Combine(folder, "profiles.reg");
            try
            {
                File.WriteAllText(path, "old");
                File.SetAttributes(path, FileAttributes.ReadOnly);
                Assert.Throws<UnauthorizedAccessException>(() => ReplacingFileWriter.Write(path, false, s => s.WriteByte(0x41)));
                Assert.Equal("old", File.ReadAllText(path));

                ReplacingFileWriter.Write(path, true, s => s.WriteByte(0x41));
                Assert.Equal("A", File.ReadAllText(path));
                Assert.True((File.GetAttributes(path) & FileAttributes.ReadOnly) != 0);
                Assert.Single(Directory.GetFileSystemEntries(folder));
            }
            finally
            {
                File.SetAttributes(path, FileAttributes.Normal);
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void AMissingFolderIsNamed()
        {
            string missing = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N"), "profiles.reg");
            var error = Assert.Throws<DirectoryNotFoundException>(() => ReplacingFileWriter.Write(missing, false, s => s.WriteByte(0)));
            Assert.Contains(Path.GetDirectoryName(missing)!, error.Message, StringComparison.Ordinal);
        }

        private static string NewFolder()
        {
            string folder = Path.Combine(Path.GetTempPath(), "replace-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            return folder;
        }
    }
}
