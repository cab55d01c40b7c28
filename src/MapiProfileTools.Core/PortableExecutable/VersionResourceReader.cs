using System;
using System.IO;
using MapiProfileTools.Core.IO;

namespace MapiProfileTools.Core.PortableExecutable
{
    /// <summary>
    /// Reads the version resource of a PE32 or PE32+ file on any platform: headers, then the three-level
    /// resource directory (type RT_VERSION, name, language), then VS_VERSIONINFO. Only those ranges are
    /// read. Failures are <see cref="PeFormatException"/>s that name the file, the offset and the problem.
    /// </summary>
    public static class VersionResourceReader
    {
        private const uint RtVersion = 16;
        private const uint VsVersionInfoId = 1;
        private const int DirectoryHeaderSize = 16;
        private const int EntrySize = 8;
        private const int DataEntrySize = 16;
        private const uint HighBit = 0x80000000;
        // pefile's cap; real images have a few dozen entries at most.
        private const int MaxEntries = 4096;
        // Real version resources are a few KiB; a larger claim is damage, and must not drive allocation.
        private const uint MaxVersionResourceSize = 1024 * 1024;

        /// <summary>Reads the version of the file at <paramref name="path"/>.</summary>
        /// <exception cref="PeFormatException">The file is not PE, has no version resource, or is damaged.</exception>
        /// <exception cref="IOException">The file cannot be opened or read.</exception>
        /// <exception cref="UnauthorizedAccessException">Access to the file is denied.</exception>
        public static PeVersionInfo Read(string path)
        {
            // No FileStream buffer: FileBlockReader does its own page-sized reads. Share everything so a DLL
            // that a running process holds open can still be read.
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            PeReadBuffers buffers = PeReadBuffers.Take();
            try
            {
                using var file = new FileBlockReader(stream, buffers.Blocks, "The PE file", ownsStream: true);
                return Read(file, path, buffers);
            }
            finally
            {
                buffers.Give();
            }
        }

        /// <summary>Reads the version from a seekable stream; <paramref name="name"/> is used in error messages.</summary>
        public static PeVersionInfo Read(Stream stream, string name)
        {
            if (!stream.CanSeek)
            {
                throw new ArgumentException("The stream must be seekable.", nameof(stream));
            }

            PeReadBuffers buffers = PeReadBuffers.Take();
            try
            {
                // The caller owns the stream.
                var file = new FileBlockReader(stream, buffers.Blocks, "The PE file", ownsStream: false);
                return Read(file, name, buffers);
            }
            finally
            {
                buffers.Give();
            }
        }

        private static PeVersionInfo Read(FileBlockReader file, string path, PeReadBuffers buffers)
        {
            PeImageHeaders headers = PeImageHeaders.Read(file, path, buffers.Bytes(FileBlockReader.BlockSize));
            if (headers.ResourceRva == 0)
            {
                throw new PeFormatException(PeProblem.NoVersionResource, path, -1, "the image has no resource directory");
            }

            var walk = new ResourceWalk(file, headers, path, buffers);
            uint typeDirectory = walk.FindSubdirectory(0, RtVersion, anyIfMissing: false, "the resource type directory");
            if (typeDirectory == uint.MaxValue)
            {
                throw new PeFormatException(PeProblem.NoVersionResource, path, -1, "the resource directory has no RT_VERSION entry");
            }

            uint nameDirectory = walk.FindSubdirectory(typeDirectory, VsVersionInfoId, anyIfMissing: true, "the RT_VERSION name directory");
            uint dataEntry = walk.FindLeaf(nameDirectory, "the RT_VERSION language directory");

            long dataEntryOffset = walk.ToFileOffset(dataEntry, DataEntrySize, "the version data entry");
            byte[] entry = walk.Read(dataEntryOffset, DataEntrySize, "the version data entry");
            uint dataRva = LittleEndian.UInt32(entry, 0);
            uint dataSize = LittleEndian.UInt32(entry, 4);
            if (dataSize == 0 || dataSize > MaxVersionResourceSize)
            {
                throw new PeFormatException(PeProblem.Corrupt, path, dataEntryOffset + 4, $"the version resource claims {dataSize} bytes");
            }

            long dataOffset = headers.ToFileOffset(dataRva, dataSize);
            byte[] data = buffers.Bytes((int)dataSize);
            if (dataOffset < 0 || !file.TryRead(dataOffset, data, 0, (int)dataSize))
            {
                throw new PeFormatException(PeProblem.Corrupt, path, dataEntryOffset, $"the version resource (RVA 0x{dataRva:X}, {dataSize} bytes) lies outside the file's sections");
            }

            var (fileVersion, productVersion, strings) = VersionInfoParser.Parse(data, (int)dataSize, dataOffset, path, buffers);
            return new PeVersionInfo(PeImageHeaders.MachineName(headers.Machine), headers.IsPe32Plus, fileVersion, productVersion, strings);
        }

        /// <summary>Walks resource directories; offsets are relative to the resource directory's start.</summary>
        private readonly struct ResourceWalk
        {
            private readonly FileBlockReader _file;
            private readonly PeImageHeaders _headers;
            private readonly string _path;
            private readonly PeReadBuffers _buffers;

            public ResourceWalk(FileBlockReader file, PeImageHeaders headers, string path, PeReadBuffers buffers)
            {
                _file = file;
                _headers = headers;
                _path = path;
                _buffers = buffers;
            }

            public long ToFileOffset(uint relative, uint length, string what)
            {
                ulong rva = (ulong)_headers.ResourceRva + relative;
                long offset = rva <= uint.MaxValue ? _headers.ToFileOffset((uint)rva, length) : -1;
                if (offset < 0)
                {
                    throw new PeFormatException(PeProblem.Corrupt, _path, -1, $"{what} (resource offset 0x{relative:X}) lies outside the file's sections");
                }

                return offset;
            }

            /// <summary>
            /// Reads a range that the section table places in the file into the shared scratch buffer, valid
            /// until the next read; a truncated file fails here.
            /// </summary>
            public byte[] Read(long offset, int count, string what)
            {
                byte[] buffer = _buffers.Bytes(count);
                return _file.TryRead(offset, buffer, 0, count)
                    ? buffer
                    : throw new PeFormatException(PeProblem.Corrupt, _path, offset, $"{what} runs past the end of the file (truncated?)");
            }

            /// <summary>
            /// The subdirectory whose numeric id is <paramref name="id"/>; with <paramref name="anyIfMissing"/>
            /// the first entry when none has that id. uint.MaxValue when not found.
            /// </summary>
            public uint FindSubdirectory(uint directory, uint id, bool anyIfMissing, string what)
            {
                var (entries, count, entriesOffset) = ReadEntries(directory, what);
                int chosen = -1;
                for (int i = 0; i < count; i++)
                {
                    uint name = LittleEndian.UInt32(entries, i * EntrySize);
                    if ((name & HighBit) == 0 && name == id)
                    {
                        chosen = i;
                        break;
                    }
                }

                if (chosen < 0)
                {
                    if (!anyIfMissing || count == 0)
                    {
                        if (anyIfMissing)
                        {
                            throw new PeFormatException(PeProblem.NoVersionResource, _path, entriesOffset, $"{what} is empty");
                        }

                        return uint.MaxValue;
                    }

                    chosen = 0;
                }

                uint target = LittleEndian.UInt32(entries, (chosen * EntrySize) + 4);
                if ((target & HighBit) == 0)
                {
                    throw new PeFormatException(PeProblem.Corrupt, _path, entriesOffset + (chosen * EntrySize), $"{what} points at data where a subdirectory belongs");
                }

                return target & ~HighBit;
            }

            /// <summary>The first language entry's data entry offset.</summary>
            public uint FindLeaf(uint directory, string what)
            {
                var (entries, count, entriesOffset) = ReadEntries(directory, what);
                if (count == 0)
                {
                    throw new PeFormatException(PeProblem.NoVersionResource, _path, entriesOffset, $"{what} is empty");
                }

                uint target = LittleEndian.UInt32(entries, 4);
                if ((target & HighBit) != 0)
                {
                    throw new PeFormatException(PeProblem.Corrupt, _path, entriesOffset, $"{what} points at a subdirectory where version data belongs (a fourth level)");
                }

                return target;
            }

            /// <summary>A directory's entries, in the scratch buffer until the next read.</summary>
            private (byte[] Entries, int Count, long Offset) ReadEntries(uint directory, string what)
            {
                long headerOffset = ToFileOffset(directory, DirectoryHeaderSize, what);
                byte[] header = Read(headerOffset, DirectoryHeaderSize, what);
                int count = LittleEndian.UInt16(header, 12) + LittleEndian.UInt16(header, 14);
                if (count > MaxEntries)
                {
                    throw new PeFormatException(PeProblem.Corrupt, _path, headerOffset + 12, $"{what} claims {count} entries");
                }

                uint entriesRelative = directory + DirectoryHeaderSize;
                long entriesOffset = ToFileOffset(entriesRelative, (uint)(count * EntrySize), what);
                return (Read(entriesOffset, count * EntrySize, what), count, entriesOffset);
            }
        }
    }
}
