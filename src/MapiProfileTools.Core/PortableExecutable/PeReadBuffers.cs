using System;
using MapiProfileTools.Core.IO;

namespace MapiProfileTools.Core.PortableExecutable
{
    /// <summary>
    /// The version reader's working memory, kept per thread and reused from one file to the next, so that
    /// reading a file allocates little more than what it returns (Test-MapiDllVersion and the health check
    /// read one file after another; the benchmark in bench/VersionRead holds this under 2 KB per file).
    /// A thread takes its buffers for one read and gives them back; a read that finds them taken (none
    /// does today: the reader calls out to nothing) simply gets fresh ones.
    /// </summary>
    internal sealed class PeReadBuffers
    {
        // Headers, resource directory, version data: three or four distinct blocks in real files.
        private const int CachedBlocks = 4;
        // Grown buffers above this are dropped after the read: a hostile 1 MiB version claim must not stay
        // allocated for the thread's lifetime. Real version resources are a few KiB.
        private const int RetainedBytes = 64 * 1024;

        [ThreadStatic]
        private static PeReadBuffers? t_free;

        private byte[] _bytes = new byte[FileBlockReader.BlockSize];
        private char[] _chars = new char[1024];
        private int[] _ints = new int[64];
        private int[] _ends = new int[64];

        public BlockCache Blocks { get; } = new BlockCache(CachedBlocks);

        public static PeReadBuffers Take()
        {
            PeReadBuffers? buffers = t_free;
            t_free = null;
            return buffers ?? new PeReadBuffers();
        }

        public void Give()
        {
            Blocks.Clear();
            if (_bytes.Length > RetainedBytes)
            {
                _bytes = new byte[FileBlockReader.BlockSize];
            }

            if (_chars.Length > RetainedBytes / 2)
            {
                _chars = new char[1024];
            }

            if (_ints.Length > RetainedBytes / 4)
            {
                _ints = new int[64];
            }

            if (_ends.Length > RetainedBytes / 4)
            {
                _ends = new int[64];
            }

            t_free = this;
        }

        /// <summary>A byte buffer of at least <paramref name="size"/> bytes; its contents are the caller's until the next call.</summary>
        public byte[] Bytes(int size) => _bytes.Length >= size ? _bytes : (_bytes = new byte[Grow(_bytes.Length, size)]);

        /// <summary>A char buffer of at least <paramref name="size"/> characters, keeping what it held.</summary>
        public char[] Chars(int size)
        {
            if (_chars.Length < size)
            {
                Array.Resize(ref _chars, Grow(_chars.Length, size));
            }

            return _chars;
        }

        /// <summary>An int buffer of at least <paramref name="size"/> entries, keeping what it held.</summary>
        public int[] Ints(int size)
        {
            if (_ints.Length < size)
            {
                Array.Resize(ref _ints, Grow(_ints.Length, size));
            }

            return _ints;
        }

        /// <summary>A second int buffer, for a list built while the first is still in use.</summary>
        public int[] Ends(int size)
        {
            if (_ends.Length < size)
            {
                Array.Resize(ref _ends, Grow(_ends.Length, size));
            }

            return _ends;
        }

        private static int Grow(int current, int needed) => Math.Max(needed, (int)Math.Min(int.MaxValue, current * 2L));
    }
}
