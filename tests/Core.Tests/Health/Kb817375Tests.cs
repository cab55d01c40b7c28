using System;
using MapiProfileTools.Core.Health;
using Xunit;

namespace MapiProfileTools.Core.Tests.Health
{
    public class Kb817375Tests
    {
        [Theory]
        [InlineData("6.0.4417.0", "RTM")]
        [InlineData("6.0.4712.0", "SP1")]
        [InlineData("6.0.5762.0", "SP2")]
        [InlineData("6.0.5770.0", "SP2 with later updates")]
        [InlineData("6.0.6249.0", "SP3")]
        [InlineData("6.0.6487.0", "SP3 with later updates")]
        [InlineData("6.0.4000.0", null)]
        [InlineData("6.5.7226.0", null)]
        public void KnownExchange2000BuildsNameTheirServicePack(string build, string? servicePack)
        {
            Assert.Equal(servicePack, Kb817375.Exchange2000ServicePack(Version.Parse(build)));
        }

        [Fact]
        public void OnlyExchange2000BuildsBeforeSp3NeedSp3First()
        {
            Assert.True(Kb817375.IsBeforeSp3(new Version(6, 0, 5762, 0)));
            Assert.False(Kb817375.IsBeforeSp3(new Version(6, 0, 6249, 0)));
            Assert.False(Kb817375.IsBeforeSp3(new Version(6, 5, 6944, 0)));
            Assert.False(Kb817375.IsBeforeSp3(null));
        }
    }
}
