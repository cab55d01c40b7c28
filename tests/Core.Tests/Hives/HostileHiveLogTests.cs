using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using MapiProfileTools.Core.Hives;
using Xunit;
using Xunit.Abstractions;

namespace MapiProfileTools.Core.Tests.Hives
{
    /// <summary>
    /// Hostile transaction logs made from the real ones: thousands of seeded mutations of the log and of the
    /// primary's base block, half of them with the checksums and Marvin32 hashes made right again (as an
    /// attacker would), so that the mutations reach the replay's own checks. Each must end in a read (with or
    /// without the log, perhaps with a warning) or a RegfFormatException, quickly and in bounded memory.
    /// </summary>
    public class HostileHiveLogTests
    {
        private static readonly TimeSpan PerOpenBound = TimeSpan.FromSeconds(2);
        private static readonly uint[] Boundary = { 0, 1, 8, 40, 0x200, 0x1000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFF000, 0xFFFFFE00 };
        private readonly ITestOutputHelper _output;

        public HostileHiveLogTests(ITestOutputHelper output) => _output = output;

        [SkippableTheory]
        [InlineData("new", "DEFAULT.LOG1", 1, 2500)]
        [InlineData("bad-checksum-new", "DEFAULT.LOG1", 2, 800)]
        [InlineData("old2000", "DEFAULT.LOG", 3, 2500)]
        [InlineData("bad-checksum", "DEFAULT.LOG", 4, 800)]
        public void SeededMutationsEndInACleanErrorOrARead(string caseName, string logName, int seed, int mutations)
        {
            byte[] primary = File.ReadAllBytes(HiveLogFixtures.Hive(caseName));
            byte[] log = File.ReadAllBytes(HiveLogFixtures.Log(caseName, logName));
            List<int> entries = EntryOffsets(log);
            var random = new Random(1003 * seed);
            int replayed = 0, unreplayed = 0, failed = 0;
            TimeSpan slowest = TimeSpan.Zero;
            for (int i = 0; i < mutations; i++)
            {
                byte[] p = (byte[])primary.Clone();
                byte[] l = (byte[])log.Clone();
                int logLength = l.Length;
                int edits = 1 + random.Next(3);
                for (int e = 0; e < edits; e++)
                {
                    switch (random.Next(7))
                    {
                        case 0:
                            // A field of an entry's header or page references (or of the log's base block copy).
                            int entry = entries.Count > 0 ? entries[random.Next(entries.Count)] : 512;
                            Put(l, entry + 4 * random.Next(12), Boundary[random.Next(Boundary.Length)]);
                            break;
                        case 1:
                            Put(l, 4 * random.Next(128), random.Next(2) == 0 ? Boundary[random.Next(Boundary.Length)] : U32(l, 4) + (uint)random.Next(-2, 3));
                            break;
                        case 2:
                            l[random.Next(l.Length)] ^= (byte)(1 << random.Next(8));
                            break;
                        case 3:
                            // The primary's sequence numbers, time, bins size, or its first bin's time.
                            int[] fields = { 4, 8, 12, 16, 36, 40, 4096 + 20 };
                            Put(p, fields[random.Next(fields.Length)], random.Next(2) == 0 ? Boundary[random.Next(Boundary.Length)] : U32(p, 4) + (uint)random.Next(-2, 3));
                            break;
                        case 4:
                            logLength = random.Next(l.Length);
                            break;
                        case 5:
                            // The bin header inside a logged page, or a bitmap byte of an old log.
                            int at = 512 + 4 * random.Next((l.Length - 512) / 4);
                            Put(l, at - at % 512, Boundary[random.Next(Boundary.Length)]);
                            break;
                        default:
                            l[512 + random.Next(Math.Min(1024, l.Length - 512))] = (byte)random.Next(256);
                            break;
                    }
                }

                if (random.Next(2) == 0)
                {
                    Rehash(l, logLength);
                    FixChecksum(p);
                }

                var (outcome, elapsed) = OpenWithinBound(p, l, logLength, logName);
                slowest = elapsed > slowest ? elapsed : slowest;
                switch (outcome)
                {
                    case true: replayed++; break;
                    case false: unreplayed++; break;
                    default: failed++; break;
                }
            }

            _output.WriteLine($"{caseName}: {mutations} mutations: {replayed} replayed, {unreplayed} read without the log, {failed} clean errors; slowest {slowest.TotalMilliseconds:n1} ms");
            Assert.True(replayed > mutations / 10, $"only {replayed} replays: the mutations break every log");
            Assert.True(unreplayed + failed > mutations / 10, $"only {unreplayed + failed} refusals: the mutations are not reaching the checks");
        }

        [SkippableFact]
        public void EntryClaimingHugeSizesWithRightHashesIsRefusedWithoutAllocating()
        {
            // new2's primary is the stale hive untorn, so it reads without the log.
            byte[] primary = File.ReadAllBytes(HiveLogFixtures.Hive("new2"));
            byte[] log = File.ReadAllBytes(HiveLogFixtures.Log("new2", "DEFAULT.LOG2"));
            int first = EntryOffsets(log)[0];
            Put(log, first + 16, 0xFFFFF000u);                 // hive bins data size: 4 GiB
            Put(log, first + 44, 0x7FFFF000u);                 // first page: 2 GiB long
            Rehash(log, log.Length);

            var (outcome, _) = OpenWithinBound(primary, log, log.Length, "DEFAULT.LOG2");

            Assert.False(outcome);
        }

        [SkippableFact]
        public void OldLogClaimingHugeBinsDataIsUnusable()
        {
            byte[] primary = File.ReadAllBytes(HiveLogFixtures.Hive("old2000"));
            byte[] log = File.ReadAllBytes(HiveLogFixtures.Log("old2000", "DEFAULT.LOG"));
            Put(log, 40, 0xFFFFF000u);
            FixChecksum(log);

            using RegfHive hive = RegfHive.Open(new MemoryStream(primary), "DEFAULT", string.Empty, new[] { new HiveLogStream(new MemoryStream(log), "DEFAULT.LOG") });

            Assert.Empty(hive.AppliedLogs);
            Assert.Contains("cut short", Assert.Single(hive.Warnings));
        }

        [SkippableFact]
        public void BadBinInAnOldLogStopsTheReplayThereWithAWarning()
        {
            byte[] primary = File.ReadAllBytes(HiveLogFixtures.Hive("old2000"));
            byte[] log = File.ReadAllBytes(HiveLogFixtures.Log("old2000", "DEFAULT.LOG"));
            uint bins = U32(log, 40);
            int pages = 512 + 4 + (int)(bins / 4096);
            int firstPage = (pages + 511) / 512 * 512;
            // The last logged 4096-byte page starts a bin (hivex writes 4 KiB bins): break its signature.
            int last = log.Length - 4096;
            Assert.Equal((byte)'h', log[last]);
            Assert.True(last >= firstPage);
            log[last] = (byte)'X';

            using RegfHive hive = RegfHive.Open(new MemoryStream(primary), "DEFAULT", string.Empty, new[] { new HiveLogStream(new MemoryStream(log), "DEFAULT.LOG") });

            Assert.Single(hive.AppliedLogs);
            Assert.Contains("not inside a valid hive bin", Assert.Single(hive.Warnings));
        }

        /// <summary>Opens the mutated pair: true when a log was replayed, false when read without, null on a clean error.</summary>
        private static (bool? Outcome, TimeSpan Elapsed) OpenWithinBound(byte[] primary, byte[] log, int logLength, string logName)
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            bool? outcome;
            try
            {
                using RegfHive hive = RegfHive.Open(new MemoryStream(primary, false), "hostile", string.Empty,
                    new[] { new HiveLogStream(new MemoryStream(log, 0, logLength, false), logName) });
                Assert.True(hive.Warnings.Count(w => w.Contains("transaction log")) <= 1, "two warnings about the logs");
                outcome = hive.AppliedLogs.Count > 0;
                HiveWalk.Everything(hive.Root);
            }
            catch (RegfFormatException error)
            {
                Assert.Contains("hostile", error.Message);
                outcome = null;
            }

            TimeSpan elapsed = clock.Elapsed;
            long allocation = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.True(elapsed < PerOpenBound, $"an open took {elapsed}");
            // The replay holds at most the log's pages (plus an entry's copy); the rest is the reader's own.
            Assert.True(allocation < 16L * 1024 * 1024 + 4L * log.Length, $"an open allocated {allocation} bytes");
            return (outcome, elapsed);
        }

        /// <summary>Where the HvLE entries of an unmutated new-format log start (none in an old one).</summary>
        private static List<int> EntryOffsets(byte[] log)
        {
            var offsets = new List<int>();
            if (U32(log, 28) != 6)
            {
                return offsets;
            }

            for (int at = 512; at + 40 <= log.Length && log[at] == 'H' && log[at + 1] == 'v'; at += (int)U32(log, at + 4))
            {
                offsets.Add(at);
            }

            return offsets;
        }

        /// <summary>Makes the log's base block checksum and every well-enough-formed entry's hashes right again.</summary>
        private static void Rehash(byte[] log, int length)
        {
            FixChecksum(log);
            for (int at = 512; at + 40 <= length && log[at] == 'H' && log[at + 1] == 'v' && log[at + 2] == 'L' && log[at + 3] == 'E';)
            {
                uint size = U32(log, at + 4);
                if (size < 40 || size > length - at)
                {
                    break;
                }

                Put(log, at + 24, Marvin32.Hash(log, at + 40, (int)size - 40, Marvin32.LogEntrySeed));
                Put(log, at + 32, Marvin32.Hash(log, at, 32, Marvin32.LogEntrySeed));
                if (size % 512 != 0)
                {
                    break;
                }

                at += (int)size;
            }
        }

        private static void FixChecksum(byte[] block) => HiveLayout.FixChecksum(block);

        private static uint U32(byte[] data, int offset) => BitConverter.ToUInt32(data, offset);

        private static void Put(byte[] data, int offset, uint value)
        {
            if (offset >= 0 && offset + 4 <= data.Length)
            {
                BitConverter.GetBytes(value).CopyTo(data, offset);
            }
        }

        private static void Put(byte[] data, int offset, ulong value) => BitConverter.GetBytes(value).CopyTo(data, offset);
    }
}
