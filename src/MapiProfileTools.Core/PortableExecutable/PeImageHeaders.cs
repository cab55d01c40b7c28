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

        public static PeImageHeaders Read(FileBlockReader file, string path)
        {
            if (file.Length == 0)
            {
                throw new PeFormatException(PeProblem.NotPortableExecutable, path, -1, "the file is empty");
            }

            byte[]? dos = file.ReadBytes(0, 64);
            if (dos == null || LittleEndian.UInt16(dos, 0) != DosSignature)
            {
                throw new PeFormatException(PeProblem.NotPortableExecutable, path, 0, "it does not start with the MZ signature");
            }

            uint ntOffset = LittleEndian.UInt32(dos, 0x3C);
            byte[]? coff = ntOffset < file.Length ? file.ReadBytes(ntOffset, 24) : null;
            if (coff == null || LittleEndian.UInt32(coff, 0) != NtSignature)
            {
                throw new PeFormatException(PeProblem.NotPortableExecutable, path, ntOffset, "the PE signature is missing (an MS-DOS or 16-bit program, or not an executable)");
            }

            ushort machine = LittleEndian.UInt16(coff, 4);
            int sectionCount = LittleEndian.UInt16(coff, 6);
            int optionalSize = LittleEndian.UInt16(coff, 20);
            long optionalOffset = ntOffset + 24L;

            byte[]? optional = optionalSize >= 2 ? file.ReadBytes(optionalOffset, optionalSize) : null;
            if (optional == null)
            {
                throw new PeFormatException(PeProblem.Corrupt, path, optionalOffset, $"the optional header ({optionalSize} bytes) is missing or runs past the end of the file");
            }

            ushort magic = LittleEndian.UInt16(optional, 0);
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

            if (optional.Length < directoryCountField + 4)
            {
                throw new PeFormatException(PeProblem.Corrupt, path, optionalOffset, $"the optional header is {optional.Length} bytes, too short for its format");
            }

            uint sizeOfHeaders = LittleEndian.UInt32(optional, 60);
            uint directoryCount = LittleEndian.UInt32(optional, directoryCountField);
            int resourceEntry = directoryCountField + 4 + (ResourceDirectoryIndex * 8);
            uint resourceRva = 0;
            uint resourceSize = 0;
            if (directoryCount > ResourceDirectoryIndex && optional.Length >= resourceEntry + 8)
            {
                resourceRva = LittleEndian.UInt32(optional, resourceEntry);
                resourceSize = LittleEndian.UInt32(optional, resourceEntry + 4);
            }

            if (sectionCount > MaxSections)
            {
                throw new PeFormatException(PeProblem.Corrupt, path, ntOffset + 6, $"the image claims {sectionCount} sections; Windows loads at most {MaxSections}");
            }

            long tableOffset = optionalOffset + optionalSize;
            byte[]? table = file.ReadBytes(tableOffset, sectionCount * SectionHeaderSize);
            if (table == null)
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
