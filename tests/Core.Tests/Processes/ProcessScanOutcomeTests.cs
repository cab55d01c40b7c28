using MapiProfileTools.Core.Processes;
using Xunit;

namespace MapiProfileTools.Core.Tests.Processes
{
    /// <summary>
    /// Issue 9 item 1: only access denied is AccessDenied; the other Win32 failures of a module snapshot have
    /// their own outcome, error code and message (before, all of them became AccessDenied).
    /// </summary>
    public class ProcessScanOutcomeTests
    {
        private static readonly ProcessEntry Agent = new ProcessEntry(2212, "bkupagent");

        [Fact]
        public void AccessDeniedIsAccessDenied()
        {
            ProcessScanResult result = WindowsProcessModuleSource.FailureOutcome(Agent, 5, callerTooNarrow: false);

            Assert.Equal(ProcessScanOutcome.AccessDenied, result.Outcome);
            Assert.Equal(5, result.ErrorCode);
            Assert.Contains("Run the command elevated", result.Message);
        }

        [Theory]
        [InlineData(299, false, "ERROR_PARTIAL_COPY")]
        [InlineData(299, true, "32-bit PowerShell")]
        [InlineData(24, false, "ERROR_BAD_LENGTH")]
        [InlineData(31, false, "(error 31)")]
        public void OtherFailuresAreReadFailedWithTheirCode(int error, bool callerTooNarrow, string said)
        {
            ProcessScanResult result = WindowsProcessModuleSource.FailureOutcome(Agent, error, callerTooNarrow);

            Assert.Equal(ProcessScanOutcome.ReadFailed, result.Outcome);
            Assert.Equal(error, result.ErrorCode);
            Assert.Contains(said, result.Message);
            Assert.Contains("bkupagent", result.Message);
        }
    }
}
