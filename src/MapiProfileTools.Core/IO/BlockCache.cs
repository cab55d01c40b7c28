using System.Collections.Generic;

namespace MapiProfileTools.Core.IO
{
    /// <summary>
    /// The block storage of a <see cref="FileBlockReader"/>: a fixed number of 4 KiB blocks and which file
    /// block each holds. Kept apart from the reader so that a reader of many small files (the version
    /// reader) reuses one set of blocks instead of allocating 16 KiB per file.
    /// </summary>
    internal sealed class BlockCache
    {
        public BlockCache(int blocks)
        {
            Blocks = new byte[blocks][];
            Numbers = new long[blocks];
            Lengths = new int[blocks];
            SlotOf = new Dictionary<long, int>(blocks);
            Clear();
        }

        public byte[]?[] Blocks { get; }

        /// <summary>The file block number each slot holds, or -1.</summary>
        public long[] Numbers { get; }

        /// <summary>How many bytes of each slot's block the file had.</summary>
        public int[] Lengths { get; }

        public Dictionary<long, int> SlotOf { get; }

        public int NextVictim { get; set; }

        /// <summary>Forgets every block (their arrays stay for reuse), so nothing of one file shows in the next.</summary>
        public void Clear()
        {
            for (int i = 0; i < Numbers.Length; i++)
            {
                Numbers[i] = -1;
                Lengths[i] = 0;
            }

            SlotOf.Clear();
            NextVictim = 0;
        }
    }
}
