using System;
using MapiProfileTools.Core.Events;
using Xunit;

namespace MapiProfileTools.Core.Tests.Events
{
    public class EventQueryTests
    {
        [Fact]
        public void BuildsTheXPathTheEventLogServiceEvaluates()
        {
            var after = new DateTime(2003, 9, 1, 12, 30, 0, DateTimeKind.Utc);
            var query = new EventQuery("Application", "MSExchangeSA", new[] { 9202, 9175 }, after, 10);

            Assert.Equal(
                "*[System[Provider[@Name='MSExchangeSA'] and (EventID=9202 or EventID=9175) and TimeCreated[@SystemTime>='2003-09-01T12:30:00.000Z']]]",
                query.ToXPath());
        }

        [Fact]
        public void RefusesAProviderNameThatWouldBreakOutOfTheQuery()
        {
            Assert.Throws<ArgumentException>(() => new EventQuery("Application", "x'] or 1=1 or ['", new[] { 1 }, null, null));
        }

        [Fact]
        public void ReadsTheFieldsOfAnEventXmlRendering()
        {
            const string Xml = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>" +
                "<Provider Name='MSExchangeSA'/><EventID Qualifiers='49152'>9202</EventID><Level>2</Level>" +
                "<TimeCreated SystemTime='2003-09-01T12:30:05.1234567Z'/><Computer>EX01.contoso.com</Computer></System>" +
                "<EventData><Data>Failed to open default message store.</Data><Data></Data></EventData></Event>";

            EventRecordInfo record = EventXml.Parse(Xml, formattedMessage: null);

            Assert.Equal(9202, record.Id);
            Assert.Equal("MSExchangeSA", record.ProviderName);
            Assert.Equal("Error", record.Level);
            Assert.Equal("EX01.contoso.com", record.ComputerName);
            Assert.Equal(new DateTime(2003, 9, 1, 12, 30, 5, DateTimeKind.Utc).AddTicks(1234567), record.TimeCreated.ToUniversalTime());
            Assert.Equal(DateTimeKind.Local, record.TimeCreated.Kind);
            Assert.Equal("Failed to open default message store.", record.Message);
        }

        [Fact]
        public void PrefersTheFormattedMessage()
        {
            const string Xml = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='P'/><EventID>1</EventID><Level>4</Level></System></Event>";
            Assert.Equal("formatted", EventXml.Parse(Xml, "formatted").Message);
            Assert.Equal("Information", EventXml.Parse(Xml, null).Level);
        }
    }
}
