using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using MapiProfileTools.Core.PortableExecutable;
using Xunit;

namespace MapiProfileTools.Core.Tests
{
    /// <summary>
    /// Damaged and hostile files made from the real fixtures: every one must end quickly in a
    /// PeFormatException (or a correct read), never a hang, a huge allocation or a crude exception.
    /// </summary>
    public class HostilePeTests
    {
        private const uint HighBit = 0x80000000;
        private static readonly TimeSpan PerFileBound = TimeSpan.FromSeconds(1);

        private static PeLayout Layout(string fixture = "mapi32-6.0.6447.9.x64.dll") =>
            new PeLayout(File.ReadAllBytes(TestData.PeFixture(fixture)));

        private static PeFormatException ReadFails(byte[] image, PeProblem expected)
        {
            var error = Assert.Throws<PeFormatException>(() => VersionResourceReader.Read(new MemoryStream(image), "hostile.dll"));
            Assert.Equal(expected, error.Problem);
            Assert.Contains("hostile.dll", error.Message);
            return error;
        }

        [SkippableFact]
        public void ResourceSubdirectoryPointingBackAtTheRootEndsWithAnError()
        {
            PeLayout pe = Layout();
            // The RT_VERSION type entry's subdirectory offset -> 0 (the root itself): a directory loop.
            byte[] looped = pe.WithUInt32(pe.RootFirstEntryOffset + 4, HighBit | 0);

            PeFormatException error = ReadFails(looped, PeProblem.Corrupt);
            Assert.Contains("subdirectory", error.Message);
        }

        [SkippableFact]
        public void AbsurdEntryCountIsRefusedBeforeAllocating()
        {
            PeLayout pe = Layout();
            byte[] absurd = pe.WithUInt16(pe.RsrcOffset + 14, 0xFFFF);

            PeFormatException error = ReadFails(absurd, PeProblem.Corrupt);
            Assert.Contains("65535 entries", error.Message);
        }

        [SkippableFact]
        public void ZeroLengthVersionChildDoesNotLoop()
        {
            PeLayout pe = Layout();
            byte[] zero = pe.WithUInt16(pe.StringFileInfoOffset, 0);

            PeFormatException error = ReadFails(zero, PeProblem.Corrupt);
            Assert.Contains("shorter than its own header", error.Message);
            Assert.Equal(pe.StringFileInfoOffset, error.Offset);
        }

        [SkippableFact]
        public void VersionDataSizePastTheEndIsRefused()
        {
            PeLayout pe = Layout();
            int dataEntry = FindDataEntry(pe);
            byte[] huge = pe.WithUInt32(dataEntry + 4, 0x7FFFFFFF);

            PeFormatException error = ReadFails(huge, PeProblem.Corrupt);
            Assert.Contains("claims 2147483647 bytes", error.Message);
        }

        [SkippableFact]
        public void VersionDataOutsideEverySectionIsRefused()
        {
            PeLayout pe = Layout();
            int dataEntry = FindDataEntry(pe);
            byte[] nowhere = pe.WithUInt32(dataEntry, 0x7FFF0000);

            PeFormatException error = ReadFails(nowhere, PeProblem.Corrupt);
            Assert.Contains("outside the file's sections", error.Message);
        }

        [SkippableFact]
        public void NewHeaderOffsetPastTheEndIsNotPe()
        {
            PeLayout pe = Layout();
            ReadFails(pe.WithUInt32(0x3C, 0xFFFFFFF0), PeProblem.NotPortableExecutable);
        }

        [SkippableFact]
        public void SectionCountBeyondTheLoaderLimitIsCorrupt()
        {
            PeLayout pe = Layout();
            PeFormatException error = ReadFails(pe.WithUInt16(pe.SectionCountOffset, 0xFFFF), PeProblem.Corrupt);
            Assert.Contains("65535 sections", error.Message);
        }

        [SkippableFact]
        public void WrongFixedFileInfoSignatureIsCorrupt()
        {
            PeLayout pe = Layout();
            // VS_FIXEDFILEINFO follows the 6-byte header, the 32-byte key and 2 bytes of padding.
            PeFormatException error = ReadFails(pe.WithUInt32(pe.VersionBlockOffset + 40, 0xDEADBEEF), PeProblem.Corrupt);
            Assert.Contains("0xDEADBEEF", error.Message);
        }

        [SkippableTheory]
        [InlineData("mapi32-6.0.6447.9.x86.dll")]
        [InlineData("mapi32-6.0.6447.9.x64.dll")]
        public void EveryTruncationEndsInACleanError(string fixture)
        {
            byte[] image = File.ReadAllBytes(TestData.PeFixture(fixture));
            var version = VersionResourceReader.Read(new MemoryStream(image), fixture).FileVersion;
            int errors = 0;
            for (int length = 0; length < image.Length; length++)
            {
                var outcome = ReadWithinBound(image.AsSpan(0, length).ToArray());
                // A truncation that keeps the whole version resource may still read; it must then read right.
                if (outcome == null)
                {
                    errors++;
                }
                else
                {
                    Assert.Equal(version, outcome.FileVersion);
                }
            }

            Assert.True(errors > image.Length / 2, $"only {errors} of {image.Length} truncations failed");
        }

        /// <summary>
        /// Seeded, deterministic mutations of real fixtures: bit flips anywhere, bytes and 32-bit fields
        /// overwritten with boundary values inside the headers and the resource section.
        /// </summary>
        [SkippableTheory]
        [InlineData("mapi32-6.0.6447.9.x86.dll", 1)]
        [InlineData("mapi32-6.0.6448.0.x64.dll", 2)]
        [InlineData("mapi32-translated.x64.dll", 3)]
        [InlineData("mapi32-string-disagrees.x86.dll", 4)]
        public void SeededMutationsEndInACleanErrorOrARead(string fixture, int seed)
        {
            const int Mutations = 1000;
            PeLayout pe = Layout(fixture);
            var random = new Random(817375 * seed);
            uint[] boundaryValues = { 0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFF, 0x10, 0x1000 };
            int hotStart = pe.RsrcOffset;
            int read = 0;
            int failed = 0;
            for (int i = 0; i < Mutations; i++)
            {
                var image = (byte[])pe.Image.Clone();
                int edits = 1 + random.Next(4);
                for (int e = 0; e < edits; e++)
                {
                    switch (random.Next(3))
                    {
                        case 0:
                            int bit = random.Next(image.Length * 8);
                            image[bit / 8] ^= (byte)(1 << (bit % 8));
                            break;
                        case 1:
                            int at = HotOffset(random, image.Length, pe.NtOffset, hotStart, 4);
                            BitConverter.GetBytes(boundaryValues[random.Next(boundaryValues.Length)]).CopyTo(image, at);
                            break;
                        default:
                            image[HotOffset(random, image.Length, pe.NtOffset, hotStart, 1)] = (byte)random.Next(256);
                            break;
                    }
                }

                if (ReadWithinBound(image) == null)
                {
                    failed++;
                }
                else
                {
                    read++;
                }
            }

            Assert.Equal(Mutations, read + failed);
            Assert.True(failed > Mutations / 10, $"only {failed} of {Mutations} mutations were detected; the mutations are not reaching the parsed structures");
        }

        private static int HotOffset(Random random, int length, int ntOffset, int rsrcOffset, int width)
        {
            // Half the edits land in the PE headers, half in the resource section: where the parser looks.
            int start = random.Next(2) == 0 ? ntOffset : rsrcOffset;
            int span = Math.Max(1, Math.Min(1024, length - start - width));
            return Math.Min(length - width, start + random.Next(span));
        }

        /// <summary>The read result, or null for a PeFormatException; anything else fails the test.</summary>
        private static PeVersionInfo? ReadWithinBound(byte[] image)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                return VersionResourceReader.Read(new MemoryStream(image), "mutant.dll");
            }
            catch (PeFormatException error)
            {
                Assert.False(string.IsNullOrEmpty(error.Detail));
                return null;
            }
            finally
            {
                Assert.True(clock.Elapsed < PerFileBound, $"a read took {clock.Elapsed}");
            }
        }

        // Root -> RT_VERSION subdirectory -> name subdirectory -> language entry -> data entry (file offset).
        private static int FindDataEntry(PeLayout pe)
        {
            byte[] image = pe.Image;
            int level = pe.RsrcOffset;
            for (int depth = 0; depth < 3; depth++)
            {
                int count = BitConverter.ToUInt16(image, level + 12) + BitConverter.ToUInt16(image, level + 14);
                int chosen = Enumerable.Range(0, count).FirstOrDefault(i => depth != 0 || BitConverter.ToUInt32(image, level + 16 + (i * 8)) == 16);
                uint target = BitConverter.ToUInt32(image, level + 16 + (chosen * 8) + 4);
                level = pe.RsrcOffset + (int)(target & ~HighBit);
            }

            return level;
        }
    }
}
