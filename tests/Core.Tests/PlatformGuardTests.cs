using System;
using MapiProfileTools.Core.Platform;
using MapiProfileTools.Core.Registry;
using MapiProfileTools.Core.Services;
using Xunit;

namespace MapiProfileTools.Core.Tests
{
    /// <summary>Off Windows the Windows back ends fail with one clear error, never a DllNotFoundException.</summary>
    public class PlatformGuardTests
    {
        [SkippableFact]
        public void LiveRegistryOffWindowsIsPlatformNotSupported()
        {
            Skip.If(WindowsOnly.IsWindows, "the guard must not fire on Windows; the Windows lane proves the registry works there");
            var error = Assert.Throws<PlatformNotSupportedException>(() => WindowsRegistryKey.OpenUsers(".DEFAULT"));
            Assert.Contains("hive file", error.Message);
        }

        [SkippableFact]
        public void ServiceControlOffWindowsIsPlatformNotSupported()
        {
            Skip.If(WindowsOnly.IsWindows, "the guard must not fire on Windows; the Windows lane proves service control works there");
            Assert.Throws<PlatformNotSupportedException>(() => new WindowsServiceControl());
        }
    }
}
