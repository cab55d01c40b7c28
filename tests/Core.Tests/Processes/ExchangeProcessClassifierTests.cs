using System;
using System.Collections.Generic;
using System.Linq;
using MapiProfileTools.Core.Processes;
using MapiProfileTools.Core.Services;
using Xunit;

namespace MapiProfileTools.Core.Tests.Processes
{
    public class ExchangeProcessClassifierTests
    {
        private static readonly ServiceConfiguration[] Services =
        {
            new ServiceConfiguration("MSExchangeSA", null, "\"C:\\Program Files\\Exchsrvr\\bin\\mad.exe\"", null, null, ServiceStartType.Automatic, "LocalSystem"),
            new ServiceConfiguration("MSExchangeIS", null, @"C:\Program Files\Exchsrvr\bin\store.exe", new[] { "MSExchangeSA" }, null, null, null),
            new ServiceConfiguration("IMAP4Svc", null, @"%SystemRoot%\System32\inetsrv\inetinfo.exe", new[] { "MSExchangeIS" }, null, null, null),
            new ServiceConfiguration("BackupAgentSvc", null, "\"C:\\Program Files\\Contoso Backup\\bkupagent.exe\" -service", null, null, null, null),
        };

        private static ExchangeProcessClassifier FromServices() => ExchangeProcessClassifier.FromServices(new ListSource(Services), v => v == "SystemRoot" ? @"C:\WINNT" : null);

        [Theory]
        [InlineData(@"C:\Program Files\Exchsrvr\bin\store.exe", new string[0], true)]
        [InlineData(@"C:\Program Files\Exchsrvr\bin\mad.exe", new[] { "MSExchangeSA" }, true)]
        [InlineData(@"C:\WINNT\System32\inetsrv\inetinfo.exe", new[] { "IISADMIN", "IMAP4Svc" }, true)] // hosts a transitive dependent
        [InlineData(@"C:\WINNT\System32\inetsrv\inetinfo.exe", new[] { "IISADMIN" }, false)]
        [InlineData(@"C:\Program Files\Contoso Backup\bkupagent.exe", new[] { "BackupAgentSvc" }, false)]
        [InlineData(null, new string[0], false)]
        public void ExchangesProcessesByFolderOrHostedService(string? image, string[] services, bool expected)
        {
            Assert.Equal(expected, FromServices().IsExchange(image, services));
        }

        [Fact]
        public void SaysWhatItRestsOn()
        {
            ExchangeProcessClassifier classifier = FromServices();
            Assert.Equal(@"C:\Program Files\Exchsrvr", classifier.Installation!.Folder);
            Assert.Equal(new[] { "IMAP4Svc", "MSExchangeIS", "MSExchangeSA" }, classifier.ExchangeServices);
            Assert.Contains(@"'C:\Program Files\Exchsrvr'", classifier.Basis);
        }

        [Theory]
        [InlineData(@"D:\Exchsrvr\bin\emsmta.exe", true)]
        [InlineData(@"/srv/copies/exchsrvr/BIN/store.exe", true)]
        [InlineData(@"C:\Program Files\Contoso Backup\bkupagent.exe", false)]
        [InlineData(@"C:\Exchsrvr\binaries\x.exe", false)]
        public void WithoutAnInstallationTheWellKnownLayoutDecides(string image, bool expected)
        {
            Assert.Equal(expected, ExchangeProcessClassifier.FromFolder(null).IsExchange(image, Array.Empty<string>()));
            // No System Attendant among the services: the same.
            Assert.Equal(expected, ExchangeProcessClassifier.FromServices(new ListSource(Services.Skip(3).ToArray()), null).IsExchange(image, null));
        }

        [Theory]
        [InlineData("/opt/exchange-copy/bin/store", true)]
        [InlineData("/opt/exchange-copy2/bin/store", false)]
        [InlineData("/usr/bin/pwsh", false)]
        public void AFolderGivenDecidesForUnixPathsToo(string image, bool expected)
        {
            Assert.Equal(expected, ExchangeProcessClassifier.FromFolder("/opt/exchange-copy").IsExchange(image, Array.Empty<string>()));
        }

        private sealed class ListSource : IServiceConfigurationSource
        {
            private readonly ServiceConfiguration[] _all;

            public ListSource(ServiceConfiguration[] all) => _all = all;

            public ServiceConfiguration? Get(string name) => _all.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

            public IReadOnlyList<ServiceConfiguration> GetAll() => _all;

            public IReadOnlyList<ServiceConfiguration> GetDependents(string name, bool transitive) => ServiceDependencies.Dependents(_all, name, transitive);
        }
    }
}
