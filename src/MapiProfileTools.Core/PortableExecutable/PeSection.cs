namespace MapiProfileTools.Core.PortableExecutable
{
    /// <summary>One row of the section table: where a range of RVAs lives in the file.</summary>
    internal readonly struct PeSection
    {
        public PeSection(uint virtualAddress, uint virtualSize, uint rawSize, uint rawPointer)
        {
            VirtualAddress = virtualAddress;
            VirtualSize = virtualSize;
            RawSize = rawSize;
            RawPointer = rawPointer;
        }

        public uint VirtualAddress { get; }

        public uint VirtualSize { get; }

        public uint RawSize { get; }

        public uint RawPointer { get; }
    }
}
