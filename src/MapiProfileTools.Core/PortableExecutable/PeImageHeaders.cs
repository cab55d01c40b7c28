using System;
using MapiProfileTools.Core.IO;

namespace MapiProfileTools.Core.PortableExecutable
{
    /// <summary>
    /// The parts of a PE image's headers a version read needs: machine, format, the resource data
    /// directory and the section table to turn RVAs into file offsets. Every field is checked against
    /// the file length before it is trusted.
    /// </summary>
    internal sealed class PeImageHeaders
    {
        private const ushort DosSignature = 0x5A4D;        // "MZ"
        private const uint NtSignature = 0x00004550;       // "PE\0\0"
        private const ushort Pe32Magic = 0x10B;
        private const ushort Pe32PlusMagic = 0x20B;
        private const int ResourceDirectoryIndex = 2;
        private const int SectionHeaderSize = 40;
        // The Windows loader refuses images with more sections than this.
        private const int MaxSections = 96;
        // The end of the resource directory entry in a PE32+ optional header (the later of the two formats):
        // data directories at 112, the resource entry third, 8 bytes each.
        private const int Pe32PlusResourceEntryEnd = 112 + ((ResourceDirectoryIndex + 1) * 8);

        private readonly PeSection[] _sections;

        private PeImageHeaders(ushort machine, bool isPe32Plus, uint resourceRva, uint resourceSize, PeSection[] sections, uint sizeOfHeaders)
        {
            Machine = machine;
            IsPe32Plus = isPe32Plus;
            ResourceRva = resourceRva;
            ResourceSize = resourceSize;
            _sections = sections;
            SizeOfHeaders = sizeOfHeaders;
        }

        public ushort Machine { get; }

        public bool IsPe32Plus { get; }

        public uint ResourceRva { get; }

        public uint ResourceSize { get; }

        public uint SizeOfHeaders { get; }

        /// <param name="file">The file.</param>
        /// <param name="path">The file's name, for error messages.</param>
        /// <param name="scratch">A buffer of at least one block (4 KiB) to read the headers into.</param>
        public static PeImageHeaders Read(FileBlockReader file, string path, byte[] scratch)
        {
            byte[] b = scratch;
            if (!file.TryRead(0, b, 0, 64) || LittleEndian.UInt16(b, 0) != DosSignature)
            {
                // Only asked on failure: the length costs a system call the common path does without.
                if (file.Length == 0)
                {
                    throw new PeFormatException(PeProblem.NotPortableExecutable, path, -1, "the file is empty");
                }

                throw new PeFormatException(PeProblem.NotPortableExecutable, path, 0, "it does not start with the MZ signature");
            }

            uint ntOffset = LittleEndian.UInt32(b, 0x3C);
            if (!file.TryRead(ntOffset, b, 0, 24) || LittleEndian.UInt32(b, 0) != NtSignature)
            {
                throw new PeFormatException(PeProblem.NotPortableExecutable, path, ntOffset, "the PE signature is missing (an MS-DOS or 16-bit program, or not an executable)");
            }

            ushort machine = LittleEndian.UInt16(b, 4);
            int sectionCount = LittleEndian.UInt16(b, 6);
            int optionalSize = LittleEndian.UInt16(b, 20);
            long optionalOffset = ntOffset + 24L;

            // The whole optional header must be in the file; only its first fields up to the resource
            // directory entry are needed.
            int needed = Math.Min(optionalSize, Pe32PlusResourceEntryEnd);
            if (optionalSize < 2 || !file.Holds(optionalOffset, optionalSize) || !file.TryRead(optionalOffset, b, 0, needed))
            {
                throw new PeFormatException(PeProblem.Corrupt, path, optionalOffset, $"the optional header ({optionalSize} bytes) is missing or runs past the end of the file");
            }

            ushort magic = LittleEndian.UInt16(b, 0);
            int directoryCountField;
            if (magic == Pe32Magic)
            {
                directoryCountField = 92;
            }
            else if (magic == Pe32PlusMagic)
            {
                directoryCountField = 108;
            }
            else
            {
                throw new PeFormatException(PeProblem.NotPortableExecutable, path, optionalOffset, $"unknown optional header magic 0x{magic:X4} (neither PE32 nor PE32+)");
            }

            if (optionalSize < directoryCountField + 4)
            {
                throw new PeFormatException(PeProblem.Corrupt, path, optionalOffset, $"the optional header is {optionalSize} bytes, too short for its format");
            }

            uint sizeOfHeaders = LittleEndian.UInt32(b, 60);
            uint directoryCount = LittleEndian.UInt32(b, directoryCountField);
            int resourceEntry = directoryCountField + 4 + (ResourceDirectoryIndex * 8);
            uint resourceRva = 0;
            uint resourceSize = 0;
            if (directoryCount > ResourceDirectoryIndex && optionalSize >= resourceEntry + 8)
            {
                resourceRva = LittleEndian.UInt32(b, resourceEntry);
                resourceSize = LittleEndian.UInt32(b, resourceEntry + 4);
            }

            if (sectionCount > MaxSections)
            {
                throw new PeFormatException(PeProblem.Corrupt, path, ntOffset + 6, $"the image claims {sectionCount} sections; Windows loads at most {MaxSections}");
            }

            long tableOffset = optionalOffset + optionalSize;
            byte[] table = b;
            if (!file.TryRead(tableOffset, table, 0, sectionCount * SectionHeaderSize))
            {
                throw new PeFormatException(PeProblem.Corrupt, path, tableOffset, $"the section table ({sectionCount} sections) runs past the end of the file");
            }

            var sections = new PeSection[sectionCount];
            for (int i = 0; i < sectionCount; i++)
            {
                int row = i * SectionHeaderSize;
                sections[i] = new PeSection(
                    virtualAddress: LittleEndian.UInt32(table, row + 12),
                    virtualSize: LittleEndian.UInt32(table, row + 8),
                    rawSize: LittleEndian.UInt32(table, row + 16),
                    rawPointer: LittleEndian.UInt32(table, row + 20));
            }

            return new PeImageHeaders(machine, magic == Pe32PlusMagic, resourceRva, resourceSize, sections, sizeOfHeaders);
        }

        /// <summary>
        /// Maps an RVA range to a file offset, or -1 when no section's raw data holds the whole range
        /// (bytes past a section's raw size are zero-fill in memory and absent from the file).
        /// </summary>
        public long ToFileOffset(uint rva, uint length)
        {
            foreach (PeSection section in _sections)
            {
                ulong start = section.VirtualAddress;
                ulong extent = Math.Max(section.VirtualSize, section.RawSize);
                if (rva >= start && rva < start + extent)
                {
                    ulong delta = rva - start;
                    if (delta + length > section.RawSize)
                    {
                        return -1;
                    }

                    return (long)(section.RawPointer + delta);
                }
            }

            // Some linkers place small resources inside the headers, which are mapped 1:1.
            if (rva < SizeOfHeaders && (ulong)rva + length <= SizeOfHeaders)
            {
                return rva;
            }

            return -1;
        }

        public static string MachineName(ushort machine)
        {
            switch (machine)
            {
                case 0x014C: return "x86";
                case 0x8664: return "x64";
                case 0xAA64: return "ARM64";
                case 0xA641: return "ARM64EC";
                case 0x01C0:
                case 0x01C4: return "ARM";
                case 0x0200: return "IA64";
                case 0x0000: return "Unknown";
                default: return $"0x{machine:X4}";
            }
        }
    }
}
