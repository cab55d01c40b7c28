using System;

namespace MapiProfileTools.Core.Hives
{
    /// <summary>
    /// Marvin32, the hash that guards the entries of new-format transaction logs (both hashes of an HvLE
    /// entry). Written from the published algorithm (the .NET runtime's string hashing and SymCrypt use the
    /// same one): two 32-bit state words, a mixing block per little-endian 32-bit word, a 0x80-padded tail,
    /// then two more blocks; the result is the high word over the low one.
    /// </summary>
    internal static class Marvin32
    {
        /// <summary>
        /// The seed of log entries. Windows' kernel passes the 64-bit number 0x82EF4D887A4E55C5 to SymCrypt,
        /// which reads it as two little-endian words: low 0x7A4E55C5, high 0x82EF4D88 (the specification
        /// writes it as the bytes 82 EF 4D 88 7A 4E 55 C5, most significant first).
        /// </summary>
        public const ulong LogEntrySeed = 0x82EF4D887A4E55C5;

        public static ulong Hash(byte[] data, int offset, int count, ulong seed)
        {
            uint lo = (uint)seed;
            uint hi = (uint)(seed >> 32);
            int end = offset + count;
            int i = offset;
            for (; end - i >= 4; i += 4)
            {
                lo += BitConverter.ToUInt32(data, i);
                Mix(ref lo, ref hi);
            }

            uint tail = 0x80;
            for (int j = end - 1; j >= i; j--)
            {
                tail = (tail << 8) | data[j];
            }

            lo += tail;
            Mix(ref lo, ref hi);
            Mix(ref lo, ref hi);
            return ((ulong)hi << 32) | lo;
        }

        private static void Mix(ref uint lo, ref uint hi)
        {
            hi ^= lo;
            lo = Rotl(lo, 20) + hi;
            hi = Rotl(hi, 9) ^ lo;
            lo = Rotl(lo, 27) + hi;
            hi = Rotl(hi, 19);
        }

        private static uint Rotl(uint value, int bits) => (value << bits) | (value >> (32 - bits));
    }
}
