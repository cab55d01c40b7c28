using System;
using System.Linq;
using MapiProfileTools.Core.Hives;
using Xunit;

namespace MapiProfileTools.Core.Tests.Hives
{
    /// <summary>Marvin32 against the published test vectors (the .NET runtime's MarvinTests), so the log hashes are the real algorithm's.</summary>
    public class Marvin32Tests
    {
        [Theory]
        [InlineData(0x004FB61A001BDBCCUL, "", 0x30ED35C100CD3C7DUL)]
        [InlineData(0x004FB61A001BDBCCUL, "af", 0x48E73FC77D75DDC1UL)]
        [InlineData(0x004FB61A001BDBCCUL, "e70f", 0xB5F6E1FC485DBFF8UL)]
        [InlineData(0x004FB61A001BDBCCUL, "37f495", 0xF0B07C789B8CF7E8UL)]
        [InlineData(0x004FB61A001BDBCCUL, "8642dc59", 0x7008F2E87E9CF556UL)]
        [InlineData(0x004FB61A001BDBCCUL, "153fb79826", 0xE6C08C6DA2AFA997UL)]
        [InlineData(0x004FB61A001BDBCCUL, "0932e6246c47", 0x6F04BF1A5EA24060UL)]
        [InlineData(0x004FB61A001BDBCCUL, "ab427ea8d10fc7", 0xE11847E4F0678C41UL)]
        [InlineData(0x804FB61A001BDBCCUL, "", 0x10A9D5D3996FD65DUL)]
        [InlineData(0x804FB61A001BDBCCUL, "af", 0x68201F91960EBF91UL)]
        [InlineData(0x804FB61A001BDBCCUL, "153fb79826", 0x0A06114B13464DBDUL)]
        [InlineData(0x804FB61A001BDBCCUL, "ab427ea8d10fc7", 0xE203987DBA252FB3UL)]
        [InlineData(0x804FB61A801BDBCCUL, "00", 0xA37FB0DA2ECAE06CUL)]
        [InlineData(0x804FB61A801BDBCCUL, "FF00FF", 0x9D8577C0FE0D30BFUL)]
        [InlineData(0x804FB61A801BDBCCUL, "00FF00FF", 0x24EAA279D9A529CAUL)]
        [InlineData(0x804FB61A801BDBCCUL, "00FF00FF00FF00", 0x71876F2EFB1B0EE8UL)]
        public void MatchesPublishedVectors(ulong seed, string hex, ulong expected)
        {
            byte[] data = Enumerable.Range(0, hex.Length / 2).Select(i => Convert.ToByte(hex.Substring(i * 2, 2), 16)).ToArray();
            // Offset into a larger buffer too: the hash must read only the range it is given.
            byte[] padded = new byte[] { 0xAA, 0xBB }.Concat(data).Concat(new byte[] { 0xCC }).ToArray();

            Assert.Equal(expected, Marvin32.Hash(data, 0, data.Length, seed));
            Assert.Equal(expected, Marvin32.Hash(padded, 2, data.Length, seed));
        }
    }
}
