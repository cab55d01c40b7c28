using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using MapiProfileTools.Core.PortableExecutable;
using Xunit;

namespace MapiProfileTools.Core.Tests
{
    /// <summary>
    /// VS_VERSIONINFO blocks laid out as the resource compiler writes them, for the cases the mingw
    /// fixtures do not have: many string tables, repeated keys, bad UTF-16. The layout follows the
    /// VS_VERSIONINFO, StringFileInfo, StringTable, String, VarFileInfo and Var structures in the Win32 docs.
    /// </summary>
    public class VersionInfoParserTests
    {
        [Fact]
        public void ChoosesTheTableTheTranslationNamesAmongAFewTables()
        {
            byte[] data = Root(
                StringFileInfo(Table("040904b0", ("CompanyName", "English")), Table("040704B0", ("CompanyName", "Deutsch"))),
                VarFileInfo(0x0407, 0x04B0));

            Assert.Equal("Deutsch", Parse(data).Strings["CompanyName"]);
        }

        [Fact]
        public void ChoosesTheTableTheTranslationNamesAmongManyTables()
        {
            // More tables than the reader matches by scanning: the lookup goes through its dictionary.
            var tables = Enumerable.Range(0, 12).Select(i => Table($"{i:x4}04b0", ("CompanyName", $"table {i}"))).ToArray();
            byte[] data = Root(StringFileInfo(tables), VarFileInfo(0x0999, 0x04B0, 0x000A, 0x04B0));

            Assert.Equal("table 10", Parse(data).Strings["CompanyName"]);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void TakesTheFirstTableWhenNoTranslationNamesOne(bool manyTables)
        {
            int count = manyTables ? 12 : 2;
            var tables = Enumerable.Range(0, count).Select(i => Table($"{i + 1:x4}04b0", ("CompanyName", $"table {i}"))).ToArray();
            byte[] data = Root(StringFileInfo(tables), VarFileInfo(0x0409, 0x04B0));

            Assert.Equal("table 0", Parse(data).Strings["CompanyName"]);
        }

        [Fact]
        public void ReadsTheTranslationListWhereverItStands()
        {
            // VarFileInfo before StringFileInfo: the choice waits until every table is known.
            byte[] data = Root(
                VarFileInfo(0x0407, 0x04B0),
                StringFileInfo(Table("040904b0", ("CompanyName", "English")), Table("040704b0", ("CompanyName", "Deutsch"))));

            Assert.Equal("Deutsch", Parse(data).Strings["CompanyName"]);
        }

        [Fact]
        public void StringsAnswerAsADictionaryFilledInFileOrder()
        {
            byte[] data = Root(StringFileInfo(Table("040904b0",
                ("CompanyName", "first"), ("FileVersion", "6.0.6447.9"), ("companyname", "last"), ("Empty", ""))));

            IReadOnlyDictionary<string, string> strings = Parse(data).Strings;

            Assert.Equal("last", strings["COMPANYNAME"]);
            Assert.Equal("6.0.6447.9", strings["fileversion"]);
            Assert.Equal(string.Empty, strings["Empty"]);
            Assert.False(strings.ContainsKey("ProductName"));
            Assert.False(strings.TryGetValue("Company", out _));
            Assert.Throws<KeyNotFoundException>(() => strings["ProductName"]);
            Assert.Equal(3, strings.Count);
            Assert.Equal(new[] { "CompanyName", "Empty", "FileVersion" }, strings.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal("last", strings.Single(p => p.Key == "CompanyName").Value);
        }

        [Fact]
        public void AnUnpairedSurrogateDecodesAsTheReplacementCharacter()
        {
            byte[] value = Encoding.Unicode.GetBytes("a\uD800b").Concat(new byte[2]).ToArray();
            byte[] data = Root(StringFileInfo(Table("040904b0", ("Comments", value))));

            Assert.Equal("a\uFFFDb", Parse(data).Strings["Comments"]);
        }

        [Fact]
        public void NoStringTableGivesNoStrings()
        {
            PeVersionInfo info = Parse(Root(VarFileInfo(0x0409, 0x04B0)));

            Assert.Empty(info.Strings);
            Assert.Null(info.GetString("CompanyName"));
            Assert.Equal(new Version(6, 0, 6447, 9), info.FileVersion);
        }

        [Fact]
        public void AnEntryOfATableNotChosenIsStillChecked()
        {
            byte[] data = Root(
                StringFileInfo(Table("040904b0", ("CompanyName", "English")), Table("040704b0", ("CompanyName", "Deutsch"))),
                VarFileInfo(0x0409, 0x04B0));
            // The second table's entry claims a length shorter than its own header.
            int deutsch = IndexOf(data, Encoding.Unicode.GetBytes("Deutsch"));
            int entry = LastIndexOf(data, Encoding.Unicode.GetBytes("CompanyName"), deutsch) - 6;
            data[entry] = 2;
            data[entry + 1] = 0;

            var error = Assert.Throws<PeFormatException>(() => Parse(data));
            Assert.Equal(PeProblem.Corrupt, error.Problem);
            Assert.Contains("shorter than its own header", error.Message);
            Assert.Equal(1000 + entry, error.Offset);
        }

        [Fact]
        public void AWrongRootKeyIsNamedInTheError()
        {
            byte[] data = Block("NOT_VERSION", FixedFileInfo(), text: false);

            var error = Assert.Throws<PeFormatException>(() => Parse(data));
            Assert.Equal(PeProblem.Corrupt, error.Problem);
            Assert.Contains("'NOT_VERSION'", error.Message);
        }

        private static PeVersionInfo Parse(byte[] data)
        {
            // Through the reader's own buffers, as a read does; padded to show that only `length` bytes count.
            var padded = new byte[data.Length + 64];
            Buffer.BlockCopy(data, 0, padded, 0, data.Length);
            padded.AsSpan(data.Length).Fill(0xCC);
            PeReadBuffers buffers = PeReadBuffers.Take();
            try
            {
                var (file, product, strings) = VersionInfoParser.Parse(padded, data.Length, 1000, "synthetic.dll", buffers);
                return new PeVersionInfo("x86", false, file, product, strings);
            }
            finally
            {
                buffers.Give();
            }
        }

        private static byte[] Root(params byte[][] children) => Block("VS_VERSION_INFO", FixedFileInfo(), text: false, children);

        private static byte[] StringFileInfo(params byte[][] tables) => Block("StringFileInfo", Array.Empty<byte>(), text: false, tables);

        private static byte[] Table(string key, params (string Key, string Value)[] entries) =>
            Block(key, Array.Empty<byte>(), text: false, entries.Select(e => Block(e.Key, Encoding.Unicode.GetBytes(e.Value + "\0"), text: true)).ToArray());

        private static byte[] Table(string key, (string Key, byte[] Value) entry) =>
            Block(key, Array.Empty<byte>(), text: false, Block(entry.Key, entry.Value, text: true));

        private static byte[] VarFileInfo(params ushort[] translation)
        {
            var value = new byte[translation.Length * 2];
            for (int i = 0; i < translation.Length; i++)
            {
                BitConverter.GetBytes(translation[i]).CopyTo(value, i * 2);
            }

            return Block("VarFileInfo", Array.Empty<byte>(), text: false, Block("Translation", value, text: false));
        }

        private static byte[] FixedFileInfo()
        {
            var value = new byte[52];
            BitConverter.GetBytes(0xFEEF04BDu).CopyTo(value, 0);
            BitConverter.GetBytes(0x00010000u).CopyTo(value, 4);
            BitConverter.GetBytes((6u << 16) | 0u).CopyTo(value, 8);
            BitConverter.GetBytes((6447u << 16) | 9u).CopyTo(value, 12);
            BitConverter.GetBytes((6u << 16) | 0u).CopyTo(value, 16);
            BitConverter.GetBytes((6447u << 16) | 0u).CopyTo(value, 20);
            return value;
        }

        /// <summary>wLength, wValueLength (characters for text, bytes otherwise), wType, key, padding, value, padding, children.</summary>
        private static byte[] Block(string key, byte[] value, bool text, params byte[][] children)
        {
            using var block = new MemoryStream();
            var writer = new BinaryWriter(block);
            writer.Write((ushort)0);
            writer.Write((ushort)(text ? value.Length / 2 : value.Length));
            writer.Write((ushort)(text ? 1 : 0));
            writer.Write(Encoding.Unicode.GetBytes(key + "\0"));
            Pad(writer);
            writer.Write(value);
            foreach (byte[] child in children)
            {
                Pad(writer);
                writer.Write(child);
            }

            writer.Flush();
            byte[] bytes = block.ToArray();
            BitConverter.GetBytes((ushort)bytes.Length).CopyTo(bytes, 0);
            return bytes;
        }

        private static void Pad(BinaryWriter writer)
        {
            while (writer.BaseStream.Position % 4 != 0)
            {
                writer.Write((byte)0);
            }
        }

        private static int IndexOf(byte[] data, byte[] pattern)
        {
            for (int i = 0; i <= data.Length - pattern.Length; i++)
            {
                if (data.AsSpan(i, pattern.Length).SequenceEqual(pattern))
                {
                    return i;
                }
            }

            return -1;
        }

        private static int LastIndexOf(byte[] data, byte[] pattern, int before)
        {
            for (int i = Math.Min(before, data.Length - pattern.Length); i >= 0; i--)
            {
                if (data.AsSpan(i, pattern.Length).SequenceEqual(pattern))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
