using System;
using System.Text;

namespace MapiProfileTools.Core.Tests
{
    /// <summary>
    /// Test-side map of a PE file, written separately from the reader under test so that targeted
    /// corruptions land where the test means them to: the .rsrc section by name, its root directory,
    /// and the VS_VERSION_INFO block found by its key.
    /// </summary>
    internal sealed class PeLayout
    {
        public PeLayout(byte[] image)
        {
            Image = image;
            NtOffset = BitConverter.ToInt32(image, 0x3C);
            SectionCountOffset = NtOffset + 6;
            int optionalSize = BitConverter.ToUInt16(image, NtOffset + 20);
            int table = NtOffset + 24 + optionalSize;
            int count = BitConverter.ToUInt16(image, SectionCountOffset);
            for (int i = 0; i < count; i++)
            {
                int row = table + (i * 40);
                if (Encoding.ASCII.GetString(image, row, 8).TrimEnd('\0') == ".rsrc")
                {
                    RsrcOffset = BitConverter.ToInt32(image, row + 20);
                    RsrcRva = BitConverter.ToInt32(image, row + 12);
                }
            }

            byte[] key = Encoding.Unicode.GetBytes("VS_VERSION_INFO");
            int keyAt = IndexOf(image, key);
            VersionBlockOffset = keyAt < 0 ? -1 : keyAt - 6;
            StringFileInfoOffset = IndexOf(image, Encoding.Unicode.GetBytes("StringFileInfo")) - 6;
        }

        public byte[] Image { get; }

        public int NtOffset { get; }

        public int SectionCountOffset { get; }

        public int RsrcOffset { get; } = -1;

        public int RsrcRva { get; }

        public int VersionBlockOffset { get; }

        public int StringFileInfoOffset { get; }

        /// <summary>File offset of the first entry of the root resource directory.</summary>
        public int RootFirstEntryOffset => RsrcOffset + 16;

        public byte[] With(int offset, params byte[] bytes)
        {
            var copy = (byte[])Image.Clone();
            Buffer.BlockCopy(bytes, 0, copy, offset, bytes.Length);
            return copy;
        }

        public byte[] WithUInt32(int offset, uint value) => With(offset, BitConverter.GetBytes(value));

        public byte[] WithUInt16(int offset, ushort value) => With(offset, BitConverter.GetBytes(value));

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
