using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using MapiProfileTools.Core.Hives;
using Xunit;
using Xunit.Abstractions;

namespace MapiProfileTools.Core.Tests.Hives
{
    /// <summary>
    /// Damaged and hostile hives made from the real fixtures. Each must end quickly in a RegfFormatException
    /// or a read with warnings, never a crude exception, a hang or a huge allocation; what is readable before
    /// the damage is still returned. Scenarios after hivex's CVE-2021-3504 (cell past its bin) and
    /// CVE-2021-3622 (ri recursion), yarp's parent check, and libregf's list of corruptions.
    /// </summary>
    public class HostileHiveTests
    {
        private const string Fixture = "default-profiles";
        private static readonly TimeSpan PerWalkBound = TimeSpan.FromSeconds(2);
        private readonly ITestOutputHelper _output;

        public HostileHiveTests(ITestOutputHelper output) => _output = output;

        private static HiveLayout Layout(string fixture = Fixture) => new HiveLayout(HiveFixtures.Bytes(fixture));

        private static RegfHive Open(byte[] image, int? length = null) =>
            RegfHive.Open(new MemoryStream(image, 0, length ?? image.Length, writable: false), "hostile.hive", string.Empty);

        private static RegfFormatException OpenFails(byte[] image, RegfProblem expected, int? length = null)
        {
            var error = Assert.Throws<RegfFormatException>(() => Open(image, length).Dispose());
            Assert.Equal(expected, error.Problem);
            Assert.Contains("hostile.hive", error.Message);
            return error;
        }

        [Theory]
        [InlineData(0)]
        [InlineData(3)]
        [InlineData(5000)]
        public void FileThatIsNotAHiveIsSaidToBeNone(int length)
        {
            byte[] text = Encoding.ASCII.GetBytes(new string('x', length));

            RegfFormatException error = OpenFails(text, RegfProblem.NotARegistryHive);
            Assert.Contains("'regf'", error.Message);
        }

        [SkippableFact]
        public void BaseBlockCutShortIsCorrupt()
        {
            RegfFormatException error = OpenFails(Layout().Image, RegfProblem.Corrupt, length: 1000);
            Assert.Contains("shorter than the 4096-byte base block", error.Message);
        }

        [SkippableTheory]
        [InlineData(28, 1u, RegfProblem.Unsupported, "transaction log")]
        [InlineData(28, 6u, RegfProblem.Unsupported, "transaction log")]
        [InlineData(20, 2u, RegfProblem.Unsupported, "major version is 2")]
        [InlineData(40, 0u, RegfProblem.Corrupt, "not a positive multiple of 4096")]
        [InlineData(40, 4097u, RegfProblem.Corrupt, "not a positive multiple of 4096")]
        [InlineData(36, 0x7FFFFFF8u, RegfProblem.Corrupt, "the root key")]
        [InlineData(36, 0xFFFFFFFFu, RegfProblem.Corrupt, "the root key is missing")]
        [InlineData(36, 0x21u, RegfProblem.Corrupt, "not at a cell boundary")]
        public void DamagedBaseBlockFieldsAreRefused(int field, uint value, RegfProblem problem, string message)
        {
            RegfFormatException error = OpenFails(Layout().With((field, value)), problem);
            Assert.Contains(message, error.Message);
        }

        [SkippableFact]
        public void DirtyHiveIsReadAsItStandsWithAWarning()
        {
            HiveLayout layout = Layout();
            byte[] dirty = layout.With((4, layout.U32(4) + 1));

            using RegfHive hive = Open(dirty);

            Assert.True(hive.IsDirty);
            string warning = Assert.Single(hive.Warnings);
            Assert.Contains("dirty", warning);
            Assert.Contains("no transaction log", warning);
            Assert.Equal(4, hive.Root.OpenSubKey(HiveFixtures.ProfilesPath)!.GetSubKeyNames().Count);
        }

        [SkippableFact]
        public void WrongChecksumIsAWarningAndTheHiveIsDirty()
        {
            byte[] image = (byte[])Layout().Image.Clone();
            image[200] ^= 0x55;

            using RegfHive hive = Open(image);

            Assert.True(hive.IsDirty);
            string warning = Assert.Single(hive.Warnings);
            Assert.Contains("checksum", warning);
            Assert.Contains("no transaction log", warning);
            Assert.NotNull(hive.Root.OpenSubKey(HiveFixtures.ProfilesPath));
        }

        [SkippableFact]
        public void TruncatedHiveReadsWhatIsThereAndSaysSo()
        {
            HiveLayout layout = Layout("many-siblings");
            int length = layout.Image.Length / 2;

            using RegfHive hive = Open(layout.Image, length);
            Assert.Contains(hive.Warnings, w => w.Contains("truncated"));
            RegfFormatException error = Assert.Throws<RegfFormatException>(() => HiveWalk.Everything(hive.Root));
            Assert.Contains("outside the hive bins data", error.Message);
        }

        [SkippableFact]
        public void SubkeyThatIsNotAKeyNodeIsSkippedAndTheOthersListed()
        {
            HiveLayout layout = Layout();
            uint profiles = layout.FindKey(HiveFixtures.ProfilesPath);
            uint list = layout.U32(HiveLayout.SubKeyListField(profiles));
            uint section = layout.FindKey(HiveFixtures.ProfilesPath + @"\Backup Agent\13dbb0c8aa05101a9bb000aa002fc45a");
            uint data = layout.U32(HiveLayout.Record(layout.FindValue(section, "01028001")) + 8);
            // The first entry points at a value's data: a cell large enough for a key node, holding something else.
            byte[] image = layout.With((HiveLayout.Record(list) + 4, data));

            using RegfHive hive = Open(image);
            IReadOnlyList<string> names = hive.Root.OpenSubKey(HiveFixtures.ProfilesPath)!.GetSubKeyNames();

            Assert.Equal(3, names.Count);
            string warning = Assert.Single(hive.Warnings);
            Assert.Contains("not a key node", warning);
            Assert.Contains($"at file offset 0x{HiveLayout.CellFileOffset(data):X}", warning);
        }

        [SkippableFact]
        public void SubkeyPointingBackAtTheRootBreaksTheCycle()
        {
            HiveLayout layout = Layout();
            uint software = layout.FindKey("Software");
            uint list = layout.U32(HiveLayout.SubKeyListField(software));
            // Software lists the root, and the root claims Software as its parent: a loop through the root.
            byte[] image = layout.With((HiveLayout.Record(list) + 4, layout.RootCell), (HiveLayout.ParentField(layout.RootCell), software));

            using RegfHive hive = Open(image);
            var walk = HiveWalk.Everything(hive.Root);

            Assert.Contains(hive.Warnings, w => w.Contains("points back at the root key"));
            Assert.True(walk.Keys < 40);
        }

        [SkippableFact]
        public void SubkeyWithAnotherParentIsRejected()
        {
            HiveLayout layout = Layout();
            uint profiles = layout.FindKey(HiveFixtures.ProfilesPath);
            uint list = layout.U32(HiveLayout.SubKeyListField(profiles));
            // Profiles lists its own ancestor Software: a cycle that does not pass the root.
            byte[] image = layout.With((HiveLayout.Record(list) + 4, layout.FindKey("Software")));

            using RegfHive hive = Open(image);
            var walk = HiveWalk.Everything(hive.Root);

            Assert.Contains(hive.Warnings, w => w.Contains("names another parent"));
            Assert.Equal(3, hive.Root.OpenSubKey(HiveFixtures.ProfilesPath)!.GetSubKeyNames().Count);
            Assert.True(walk.Keys < 40);
        }

        [SkippableFact]
        public void IndexRootInsideAnIndexRootIsSkipped()
        {
            HiveLayout layout = Layout();
            uint profiles = layout.FindKey(HiveFixtures.ProfilesPath);
            List<uint> children = layout.SubKeys(profiles);
            HiveLayout nested = layout.AppendBin(4096, bin =>
            {
                uint first = bin.List("li", children.Take(2).Select(c => (c, 0u)).ToList());
                uint rest = bin.List("li", children.Skip(2).Select(c => (c, 0u)).ToList());
                uint inner = bin.List("ri", new[] { (rest, 0u) });
                uint outer = bin.List("ri", new[] { (first, 0u), (inner, 0u), (inner, 0u) });
                BitConverter.GetBytes(outer).CopyTo(bin.Image, HiveLayout.SubKeyListField(profiles));
            });

            using RegfHive hive = Open(nested.Image);
            IReadOnlyList<string> names = hive.Root.OpenSubKey(HiveFixtures.ProfilesPath)!.GetSubKeyNames();

            Assert.Equal(2, names.Count);
            Assert.Contains(hive.Warnings, w => w.Contains("another index root"));
            Assert.Contains(hive.Warnings, w => w.Contains("repeats an earlier list"));
        }

        [SkippableTheory]
        [InlineData("count", 0x7FFFFFFFu, "claims 2147483647 subkeys")]
        [InlineData("list", 0xFFFFFFFFu, "is missing")]
        [InlineData("list", 0x7FFFFFF8u, "outside the hive bins data")]
        [InlineData("list", 0x1001u, "not at a cell boundary")]
        [InlineData("list", 0x8u, "header of the hive bin")]
        public void DamagedSubkeyListOfAKeyIsAnError(string field, uint value, string message)
        {
            HiveLayout layout = Layout();
            uint profiles = layout.FindKey(HiveFixtures.ProfilesPath);
            int offset = field == "count" ? HiveLayout.SubKeyCountField(profiles) : HiveLayout.SubKeyListField(profiles);

            using RegfHive hive = Open(layout.With((offset, value)));
            RegfKey key = hive.Root.OpenSubKey(HiveFixtures.ProfilesPath)!;

            RegfFormatException error = Assert.Throws<RegfFormatException>(() => key.GetSubKeyNames());
            Assert.Equal(RegfProblem.Corrupt, error.Problem);
            Assert.Contains(message, error.Message);
            Assert.Throws<RegfFormatException>(() => key.OpenSubKey("Backup Agent"));
        }

        [SkippableFact]
        public void ListCountPastItsCellIsRefusedBeforeAllocating()
        {
            HiveLayout layout = Layout("many-siblings");
            uint microsoft = layout.FindKey(@"Software\Microsoft");
            uint list = layout.U32(HiveLayout.SubKeyListField(microsoft));
            byte[] image = (byte[])layout.Image.Clone();
            BitConverter.GetBytes((ushort)0xFFFF).CopyTo(image, HiveLayout.Record(list) + 2);

            using RegfHive hive = Open(image);
            RegfFormatException error = Assert.Throws<RegfFormatException>(() => hive.Root.OpenSubKey(@"Software\Microsoft")!.GetSubKeyNames());
            Assert.Contains("65535 entries", error.Message);
        }

        [SkippableTheory]
        [InlineData(1, "free cell")]
        [InlineData(0, "size 0")]
        [InlineData(-0x7FFFFFF0, "runs past the end of its hive bin")]
        [InlineData(-4, "too small")]
        public void DamagedCellSizeOfASubkeyIsSkipped(int size, string message)
        {
            HiveLayout layout = Layout();
            uint backup = layout.FindKey(HiveFixtures.ProfilesPath + @"\Backup Agent");
            byte[] image = layout.With((HiveLayout.CellFileOffset(backup), unchecked((uint)size)));

            using RegfHive hive = Open(image);

            Assert.Null(hive.Root.OpenSubKey(HiveFixtures.ProfilesPath + @"\Backup Agent"));
            Assert.Contains(hive.Warnings, w => w.Contains(message) && w.Contains("may be reported missing"));
            Assert.Equal(3, hive.Root.OpenSubKey(HiveFixtures.ProfilesPath)!.GetSubKeyNames().Count);
        }

        [SkippableFact]
        public void BinHeaderWithABadSizeIsRefused()
        {
            HiveLayout layout = Layout("many-siblings");
            uint list = layout.U32(HiveLayout.SubKeyListField(layout.FindKey(@"Software\Microsoft")));
            int bin = layout.Bins().Last(b => b <= HiveLayout.CellFileOffset(list));

            using RegfHive hive = Open(layout.With((bin + 8, 0x1001)));

            RegfFormatException error = Assert.Throws<RegfFormatException>(() => hive.Root.OpenSubKey(HiveFixtures.ProfilesPath));
            Assert.Contains("claims a size of 0x1001 bytes", error.Message);
        }

        [SkippableFact]
        public void DestroyedBinHeaderLeavesItsCellsReadable()
        {
            // Cells are checked against the bin headers around them; one header lost does not hide a sound cell.
            HiveLayout layout = Layout("many-siblings");
            uint list = layout.U32(HiveLayout.SubKeyListField(layout.FindKey(@"Software\Microsoft")));
            int bin = layout.Bins().Last(b => b <= HiveLayout.CellFileOffset(list));
            byte[] image = (byte[])layout.Image.Clone();
            image[bin] = (byte)'x';

            using RegfHive hive = Open(image);

            Assert.NotNull(hive.Root.OpenSubKey(HiveFixtures.ProfilesPath));
        }

        [SkippableFact]
        public void ListRunningIntoTheNextBinIsRefused()
        {
            HiveLayout layout = Layout();
            uint profiles = layout.FindKey(HiveFixtures.ProfilesPath);
            List<uint> children = layout.SubKeys(profiles);
            uint listCell = 0;
            // A two-page bin whose second page starts inside a filler cell, then a list cell there whose size and
            // count claim more than is left of its bin: reading its entries would cross the next bin's header.
            HiveLayout twoBins = layout.AppendBin(2 * 4096, bin =>
            {
                bin.Cell(new byte[4096 - 32 + 8 - 4]);
                var entries = Enumerable.Range(0, 1000).Select(i => (children[i % children.Count], 0u)).ToList();
                listCell = bin.List("li", entries);
            }).AppendBin(4096, _ => { });
            byte[] image = twoBins.With(
                (HiveLayout.CellFileOffset(listCell), unchecked((uint)-(4096 + 2048))),
                (HiveLayout.Record(listCell), BitConverter.ToUInt32(new byte[] { (byte)'l', (byte)'i', 0xDC, 0x05 }, 0)),
                (HiveLayout.SubKeyListField(profiles), listCell));

            using RegfHive hive = Open(image);
            RegfKey key = hive.Root.OpenSubKey(HiveFixtures.ProfilesPath)!;

            RegfFormatException error = Assert.Throws<RegfFormatException>(() => key.GetSubKeyNames());
            Assert.True(error.Message.Contains("runs past the end of its hive bin into the bin at"), error.Message);
        }

        [SkippableTheory]
        [InlineData(4, 0x80000005u, "inline data")]
        [InlineData(4, 0x7FFFFFF0u, "MiB this reader returns")]
        [InlineData(4, 0x00100000u, "claims 1048576 bytes but its cell holds")]
        [InlineData(8, 0xFFFFFFFFu, "is missing")]
        [InlineData(0, 0x12345678u, "not a key value")]
        [InlineData(2, 0xFFFFu, "needs")]
        public void DamagedValueIsSkippedAndTheOthersRead(int field, uint value, string message)
        {
            HiveLayout layout = Layout();
            string path = HiveFixtures.ProfilesPath + @"\Backup Agent\13dbb0c8aa05101a9bb000aa002fc45a";
            uint section = layout.FindKey(path);
            int record = HiveLayout.Record(layout.FindValue(section, "01028001"));
            byte[] image = field == 2
                ? layout.With((record, BitConverter.ToUInt32(new byte[] { (byte)'v', (byte)'k', 0xFF, 0xFF }, 0)))
                : layout.With((record + field, value));

            using RegfHive hive = Open(image);
            var values = hive.Root.OpenSubKey(path)!.GetValues();

            Assert.Equal(layout.Values(section).Count - 1, values.Count);
            Assert.DoesNotContain(values, v => v.Name == "01028001");
            Assert.Contains(hive.Warnings, w => w.Contains(message) && w.Contains("is skipped"));
        }

        [SkippableTheory]
        [InlineData(2, 0u, "lists 0 segments")]
        [InlineData(4, 0x7FFFFFF8u, "outside the hive bins data")]
        [InlineData(4, 0u, "header of the hive bin")]
        public void DamagedBigDataIsSkipped(int field, uint value, string message)
        {
            HiveLayout layout = Layout("big-data.chntpw");
            string path = @"Software\MapiProfileTools Fixture\Big data";
            uint vk = layout.FindValue(layout.FindKey(path), "One byte more");
            uint db = layout.U32(HiveLayout.Record(vk) + 8);
            byte[] image = field == 2
                ? layout.With((HiveLayout.Record(db), BitConverter.ToUInt32(new byte[] { (byte)'d', (byte)'b', 0, 0 }, 0)))
                : layout.With((HiveLayout.Record(db) + field, value));

            using RegfHive hive = Open(image);
            var values = hive.Root.OpenSubKey(path)!.GetValues();

            Assert.Equal("Exactly one segment", Assert.Single(values).Name);
            Assert.Contains(hive.Warnings, w => w.Contains(message));
        }

        [SkippableFact]
        public void BigDataSegmentPointingAtASmallCellIsSkipped()
        {
            HiveLayout layout = Layout("big-data.chntpw");
            string path = @"Software\MapiProfileTools Fixture\Big data";
            uint key = layout.FindKey(path);
            uint vk = layout.FindValue(key, "One byte more");
            uint db = layout.U32(HiveLayout.Record(vk) + 8);
            uint segments = layout.U32(HiveLayout.Record(db) + 4);

            using RegfHive hive = Open(layout.With((HiveLayout.Record(segments), key)));

            Assert.Single(hive.Root.OpenSubKey(path)!.GetValues());
            Assert.Contains(hive.Warnings, w => w.Contains("segment 1 of 2") && w.Contains("needs 16344 bytes"));
        }

        [SkippableFact]
        public void KeysNestedDeeperThanWindowsAllowsAreNotFollowed()
        {
            HiveLayout layout = Layout();
            uint parent = layout.FindKey(@"Software\MapiProfileTools Fixture\Value types");
            const int Chain = 600;
            HiveLayout deep = layout.AppendBin(16 * 4096, bin =>
            {
                var keys = new uint[Chain];
                for (int i = 0; i < Chain; i++)
                {
                    keys[i] = bin.KeyNode($"D{i:000}", i == 0 ? parent : keys[i - 1], 0, uint.MaxValue);
                }

                for (int i = 0; i < Chain; i++)
                {
                    uint list = bin.List("lf", new[] { (keys[i], 0u) });
                    int owner = i == 0 ? (int)parent : (int)keys[i - 1];
                    BitConverter.GetBytes(1u).CopyTo(bin.Image, HiveLayout.SubKeyCountField((uint)owner));
                    BitConverter.GetBytes(list).CopyTo(bin.Image, HiveLayout.SubKeyListField((uint)owner));
                }
            });

            using RegfHive hive = Open(deep.Image);
            var clock = Stopwatch.StartNew();
            var walk = HiveWalk.Everything(hive.Root);

            Assert.Contains(hive.Warnings, w => w.Contains("nested 512 levels deep"));
            // Value types is at depth 3; the chain is read down to depth 512.
            Assert.Equal(HiveWalk.Everything(Open(layout.Image).Root).Keys + 509, walk.Keys);
            Assert.True(clock.Elapsed < PerWalkBound);
        }

        /// <summary>
        /// Seeded, deterministic mutations of the real hives: bit flips, 32-bit fields set to boundary values
        /// or pointed at themselves or at other cells, 16-bit counts, truncations and sequence numbers. Most
        /// land where the reader looks (base block, bin headers, the first bytes of allocated cells). Every
        /// walk of the whole tree must end in a RegfFormatException or a read, within the time bound.
        /// </summary>
        [SkippableTheory]
        [InlineData("default-profiles", 1, 5000)]
        [InlineData("big-data.chntpw", 2, 2000)]
        [InlineData("emptied-profiles", 3, 1000)]
        [InlineData("many-siblings", 4, 200)]
        public void SeededMutationsEndInACleanErrorOrARead(string fixture, int seed, int mutations)
        {
            HiveLayout layout = Layout(fixture);
            byte[] image = layout.Image;
            int[] hot = HotOffsets(layout);
            var cells = layout.AllocatedCells().Select(c => c.Cell).ToArray();
            var random = new Random(817375 * seed);
            int read = 0, failed = 0, warned = 0;
            TimeSpan slowest = TimeSpan.Zero;
            for (int i = 0; i < mutations; i++)
            {
                // Mutate in place and undo afterwards: a 40 MB fixture is not copied thousands of times.
                var undo = new List<(int Offset, byte Value)>();
                void Set(int offset, byte value)
                {
                    undo.Add((offset, image[offset]));
                    image[offset] = value;
                }

                void Set32(int offset, uint value)
                {
                    for (int b = 0; b < 4; b++)
                    {
                        Set(offset + b, (byte)(value >> (8 * b)));
                    }
                }

                int length = image.Length;
                int edits = 1 + random.Next(3);
                for (int e = 0; e < edits; e++)
                {
                    int at = hot[random.Next(hot.Length)];
                    switch (random.Next(8))
                    {
                        case 0:
                            Set(at, (byte)(image[at] ^ (1 << random.Next(8))));
                            break;
                        case 1:
                            uint[] boundary = { 0, 1, 8, 0x20, 0x1000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFF8, 0x80000004, (uint)(image.Length - 4096) };
                            Set32(Math.Min(at & ~3, image.Length - 4), boundary[random.Next(boundary.Length)]);
                            break;
                        case 2:
                            // A field pointed at its own cell, or at another cell: loops and type confusion.
                            int field = Math.Min(at & ~3, image.Length - 4);
                            Set32(field, random.Next(2) == 0 ? (uint)Math.Max(0, ((field - 4096) & ~7) - 8) : cells[random.Next(cells.Length)]);
                            break;
                        case 3:
                            Set32(Math.Min(at & ~3, image.Length - 4), cells[random.Next(cells.Length)] + (uint)(8 * random.Next(-2, 3)));
                            break;
                        case 4:
                            Set(Math.Min(at | 1, image.Length - 1), 0xFF);
                            Set(Math.Min(at & ~1, image.Length - 1), (byte)random.Next(256));
                            break;
                        case 5:
                            length = Math.Min(length, random.Next(image.Length));
                            break;
                        case 6:
                            Set32(4, BitConverter.ToUInt32(image, 4) + 1);
                            break;
                        default:
                            Set(at, (byte)random.Next(256));
                            break;
                    }
                }

                if (random.Next(2) == 0)
                {
                    HiveLayout.FixChecksum(image);
                }

                var (outcome, elapsed, warnings) = WalkWithinBound(image, length);
                slowest = elapsed > slowest ? elapsed : slowest;
                if (outcome)
                {
                    read++;
                    warned += warnings > 0 ? 1 : 0;
                }
                else
                {
                    failed++;
                }

                for (int u = undo.Count - 1; u >= 0; u--)
                {
                    image[undo[u].Offset] = undo[u].Value;
                }

                HiveLayout.FixChecksum(image);
            }

            _output.WriteLine($"{fixture}: {mutations} mutations, {failed} errors, {read} reads ({warned} with warnings); slowest walk {slowest.TotalMilliseconds:n1} ms");
            Assert.Equal(mutations, read + failed);
            Assert.True(failed + warned > mutations / 4, $"only {failed} errors and {warned} warnings in {mutations} mutations: the mutations are not reaching the parsed structures");
        }

        /// <summary>Where the reader looks: the base block's fields, bin headers, and the first 96 bytes of each allocated cell.</summary>
        private static int[] HotOffsets(HiveLayout layout)
        {
            var hot = new List<int>();
            hot.AddRange(Enumerable.Range(0, 48));
            hot.AddRange(Enumerable.Range(508, 4));
            foreach (int bin in layout.Bins())
            {
                hot.AddRange(Enumerable.Range(bin, 12));
            }

            foreach (var (cell, size) in layout.AllocatedCells())
            {
                hot.AddRange(Enumerable.Range(HiveLayout.CellFileOffset(cell), Math.Min(size, 96)));
            }

            return hot.ToArray();
        }

        /// <summary>Opens and walks the whole tree (every key, every value's data) and looks up the Profiles key.</summary>
        private static (bool Read, TimeSpan Elapsed, int Warnings) WalkWithinBound(byte[] image, int length)
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            bool ok;
            int warnings = 0;
            try
            {
                using RegfHive hive = Open(image, length);
                HiveWalk.Everything(hive.Root);
                hive.Root.OpenSubKey(HiveFixtures.ProfilesPath)?.GetSubKeys();
                warnings = hive.Warnings.Count;
                ok = true;
            }
            catch (RegfFormatException error)
            {
                Assert.False(string.IsNullOrEmpty(error.Detail));
                Assert.Contains("hostile.hive", error.Message);
                ok = false;
            }

            TimeSpan elapsed = clock.Elapsed;
            long allocation = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.True(elapsed < PerWalkBound, $"a walk took {elapsed}");
            Assert.True(allocation < 64L * 1024 * 1024, $"a walk allocated {allocation} bytes");
            return (ok, elapsed, warnings);
        }
    }
}
