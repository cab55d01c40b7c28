using System.Text;

namespace MapiProfileTools.Core.Hives
{
    /// <summary>Names as stored in a hive: "compressed" one byte per character (Latin-1), or UTF-16LE.</summary>
    internal static class HiveText
    {
        public static string Latin1(byte[] data, int index, int count)
        {
            var chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                chars[i] = (char)data[index + i];
            }

            return new string(chars);
        }

        public static string Utf16(byte[] data, int index, int count) => Encoding.Unicode.GetString(data, index, count);

        public static bool IsAscii(string text)
        {
            foreach (char c in text)
            {
                if (c >= 0x80)
                {
                    return false;
                }
            }

            return true;
        }

        public static char UpperAscii(char c) => c >= 'a' && c <= 'z' ? (char)(c - 32) : c;

        /// <summary>The 'lh' name hash (regf specification): H = 37 * H + upper-case character code. Callers use it for ASCII names only.</summary>
        public static uint NameHash(string name)
        {
            uint hash = 0;
            foreach (char c in name)
            {
                hash = unchecked((hash * 37) + UpperAscii(c));
            }

            return hash;
        }
    }
}
