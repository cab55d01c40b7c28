namespace MapiProfileTools.Core.PortableExecutable
{
    /// <summary>Little-endian field reads from a byte array; callers check bounds first.</summary>
    internal static class LittleEndian
    {
        public static ushort UInt16(byte[] data, int index) => (ushort)(data[index] | (data[index + 1] << 8));

        public static uint UInt32(byte[] data, int index) =>
            (uint)(data[index] | (data[index + 1] << 8) | (data[index + 2] << 16) | (data[index + 3] << 24));
    }
}
