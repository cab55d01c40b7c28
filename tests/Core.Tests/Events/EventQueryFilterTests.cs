using System;
using System.IO;
using System.Linq;
using MapiProfileTools.Core.EventLogFiles;
using MapiProfileTools.Core.Events;
using MapiProfileTools.Fixtures.Evt;
using Xunit;

namespace MapiProfileTools.Core.Tests.Events
{
    /// <summary>The filters both modes share: the XPath the service evaluates, and the same test on each record of a file.</summary>
    public class EventQueryFilterTests
    {
        private static readonly DateTime Noon = new DateTime(2003, 9, 1, 12, 0, 0, DateTimeKind.Utc);

        [Fact]
        public void LeavesAWildcardSourceOutOfTheXPathAndAddsTheUpperTimeBound()
        {
            var query = new EventQuery("Application", "MSExchange*", new[] { 9202 }, null, null, Noon, all: false);
            Assert.Equal("*[System[(EventID=9202) and TimeCreated[@SystemTime<='2003-09-01T12:00:00.000Z']]]", query.ToXPath());
        }

        [Fact]
        public void AllDropsSourceAndIdsButKeepsTheTimes()
        {
            Assert.Equal("*", new EventQuery("Application", "MSExchangeSA", new[] { 9202 }, null, null, null, all: true).ToXPath());
            var all = new EventQuery("Application", "MSExchangeSA", new[] { 9202 }, Noon, null, null, all: true);
            Assert.True(all.Matches("Userenv", 1, Noon));
            Assert.False(all.Matches("Userenv", 1, Noon.AddSeconds(-1)));
        }

        [Theory]
        [InlineData("MSExchangeSA", "msexchangesa", true)]
        [InlineData("MSExchange*", "MSExchangeIS", true)]
        [InlineData("MSExchange*", "Userenv", false)]
        [InlineData("*SA", "MSExchangeSA", true)]
        [InlineData("MSExchange??", "MSExchangeIS", true)]
        [InlineData("MSExchange??", "MSExchangeMTA", false)]
        [InlineData("MSExchange[IS][AS]", "MSExchangeSA", true)]
        [InlineData("MSExchange[a-m]*", "MSExchangeMTA", true)]
        [InlineData("MSExchange[a-m]*", "MSExchangeSA", false)]
        [InlineData("Application`*", "Application*", true)]
        [InlineData("Application`*", "Application Error", false)]
        [InlineData("*a*b*c*d*e*f*g*h*", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
        public void SourceWildcardsMatchAsPowerShellUsersTypeThem(string pattern, string name, bool expected)
        {
            Assert.Equal(expected, new EventSourcePattern(pattern).IsMatch(name));
        }

        [Fact]
        public void MatchesSourceIdAndBothTimeBounds()
        {
            var query = new EventQuery("Application", "MSExchangeSA", new[] { 9202, 9175 }, Noon.AddHours(-1), null, Noon, all: false);
            Assert.True(query.Matches("MSExchangeSA", 9175, Noon));
            Assert.False(query.Matches("MSExchangeSA", 1000, Noon));
            Assert.False(query.Matches("MSExchangeIS", 9202, Noon));
            Assert.False(query.Matches("MSExchangeSA", 9202, Noon.AddSeconds(1)));
            Assert.True(query.Matches("MSExchangeSA", 9202, Noon.AddHours(-1).ToLocalTime()));
        }

        [Fact]
        public void ReadsQualifiersRecordNumberCategorySidStringsAndDataFromTheXml()
        {
            const string Xml = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>" +
                "<Provider Name='MSExchangeSA'/><EventID Qualifiers='49152'>9202</EventID><Level>2</Level><Task>11</Task>" +
                "<TimeCreated SystemTime='2003-09-01T12:30:05Z'/><EventRecordID>4711</EventRecordID><Computer>EX01</Computer>" +
                "<Security UserID='S-1-5-18'/></System><EventData><Data>a</Data><Data></Data><Binary>1D010480</Binary></EventData></Event>";

            EventRecordInfo record = EventXml.Parse(Xml, null);

            Assert.Equal(0xC00023F2L, record.EventIdentifier);
            Assert.Equal(4711L, record.RecordNumber);
            Assert.Equal(11, record.Category);
            Assert.Equal("S-1-5-18", record.UserSid);
            Assert.Equal(new[] { "a", string.Empty }, record.InsertionStrings);
            Assert.Equal(new byte[] { 0x1D, 0x01, 0x04, 0x80 }, record.Data);
            Assert.Null(record.TimeWritten);
            Assert.Null(record.Path);
        }

        [Fact]
        public void FileReaderAnswersTheSeamNewestFirstWithTheKnownMessageOnly()
        {
            string path = Path.Combine(Path.GetTempPath(), $"evt-seam-{Guid.NewGuid():N}.evt");
            try
            {
                EvtFixtures.ServerAppEvent().Save(path);
                var reader = new EvtFileEventLogReader(path);

                var newest = reader.Read(new EventQuery("Application", "MSExchangeSA", new[] { 9202 }, null, 3));
                Assert.Equal(new long?[] { 56, 51, 46 }, newest.Select(r => r.RecordNumber));
                Assert.All(newest, r => Assert.Equal("Failed to open default message store.", r.Message));
                Assert.All(newest, r => Assert.Equal(path, r.Path));
                Assert.All(newest, r => Assert.Equal(DateTimeKind.Local, r.TimeCreated.Kind));
                Assert.Empty(reader.Warnings);

                var others = reader.Read(new EventQuery("Application", "MSExchangeIS", Array.Empty<int>(), null, null));
                Assert.Equal(12, others.Count);
                Assert.All(others, r => Assert.Null(r.Message));
                Assert.Equal(new[] { "First Storage Group", "Mailbox Store (EXCH2000)", "56" }, others[0].InsertionStrings);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
