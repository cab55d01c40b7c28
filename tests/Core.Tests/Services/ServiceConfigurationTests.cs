using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.Registry;
using MapiProfileTools.Core.Services;
using MapiProfileTools.Core.Tests.Hives;
using Xunit;

namespace MapiProfileTools.Core.Tests.Services
{
    /// <summary>
    /// Service entries of a SYSTEM hive written by hivexregedit from tests/fixtures/hives/system-services.reg,
    /// read through RegfKey by the same source the live registry uses, and checked against hivex's own export.
    /// </summary>
    public class ServiceConfigurationTests
    {
        private const string Fixture = "system-services";
        private const string SystemPrefix = @"HKEY_LOCAL_MACHINE\SYSTEM";
        private const string ServicesPath = @"ControlSet001\Services";

        private static (RegfHive Hive, RegistryServiceConfigurationSource Source) Open()
        {
            RegfHive hive = RegfHive.Open(HiveFixtures.Hive(Fixture), rootPath: SystemPrefix);
            RegfKey services = hive.Root.OpenSubKey(ServicesPath) ?? throw new InvalidOperationException("no Services key");
            return (hive, new RegistryServiceConfigurationSource(services));
        }

        [SkippableFact]
        public void ReadsTheSystemAttendantsEntryAsStored()
        {
            var (hive, source) = Open();
            using (hive)
            {
                ServiceConfiguration sa = source.Get("msexchangesa")!;

                Assert.Equal("MSExchangeSA", sa.Name);
                Assert.Equal("Microsoft Exchange System Attendant", sa.DisplayName);
                Assert.Equal("\"C:\\Program Files\\Exchsrvr\\bin\\mad.exe\"", sa.ImagePath);
                Assert.Equal(new[] { "EventLog", "RpcSs" }, sa.DependOnService);
                Assert.Empty(sa.DependOnGroup);
                Assert.Equal(ServiceStartType.Automatic, sa.StartType);
                Assert.Equal("LocalSystem", sa.ObjectName);
                Assert.Equal(0x10u, sa.Type);
                Assert.Equal(SystemPrefix + @"\ControlSet001\Services\MSExchangeSA", sa.KeyPath);
                Assert.Null(source.Get("NoSuchService"));
                Assert.Null(source.Get(@"MSExchangeSA\..\RpcSs"));
            }
        }

        [SkippableFact]
        public void EveryEntryAgreesWithHivexExport()
        {
            RegExport export = RegExport.Load(HiveFixtures.Export(Fixture), SystemPrefix);
            var expected = export.Keys
                .Where(k => k.Key.StartsWith(ServicesPath + "\\", StringComparison.Ordinal) && k.Key.IndexOf('\\', ServicesPath.Length + 1) < 0)
                .ToDictionary(k => k.Key.Substring(ServicesPath.Length + 1), k => k.Value);
            var (hive, source) = Open();
            using (hive)
            {
                IReadOnlyList<ServiceConfiguration> all = source.GetAll();

                Assert.Equal(expected.Keys.OrderBy(n => n), all.Select(s => s.Name).OrderBy(n => n));
                foreach (ServiceConfiguration service in all)
                {
                    var values = expected[service.Name];
                    Assert.Equal(Text(values, "ImagePath"), service.ImagePath);
                    Assert.Equal(Text(values, "DisplayName"), service.DisplayName);
                    Assert.Equal(Text(values, "ObjectName"), service.ObjectName);
                    Assert.Equal(List(values, "DependOnService"), service.DependOnService);
                    Assert.Equal(List(values, "DependOnGroup"), service.DependOnGroup);
                    Assert.Equal(values.TryGetValue("Start", out var start) ? BitConverter.ToUInt32(start.Data, 0) : (uint?)null, (uint?)service.StartType);
                }

                Assert.Empty(source.Warnings);
                // Get after GetAll answers from what was read, in any case.
                Assert.Same(all.First(s => s.Name == "MSExchangeIS"), source.Get("MSEXCHANGEIS"));
            }
        }

        [SkippableFact]
        public void FindsTheSystemAttendantsDependentsTransitivelyAndStopsAtACycle()
        {
            var (hive, source) = Open();
            using (hive)
            {
                Assert.Equal(new[] { "MSExchangeIS", "MSExchangeMTA" }, Names(source.GetDependents("MSExchangeSA", transitive: false)));
                // IMAP4Svc through the Store; CycleA through the MTA; CycleB through CycleA, which it also
                // points back to: each once, and never the SA itself.
                Assert.Equal(new[] { "CycleA", "CycleB", "IMAP4Svc", "MSExchangeIS", "MSExchangeMTA" }, Names(source.GetDependents("MSExchangeSA", transitive: true)));
                Assert.Equal(new[] { "CycleB" }, Names(source.GetDependents("CycleA", transitive: true)));
                Assert.Empty(source.GetDependents("BackupAgentSvc", transitive: true));
            }
        }

        [SkippableFact]
        public void AGroupDependencyCountsOnce()
        {
            var (hive, source) = Open();
            using (hive)
            {
                // NetBT names Tcpip both by service and by Tcpip's group (PNP_TDI).
                Assert.Equal(new[] { "NetBT" }, Names(source.GetDependents("Tcpip", transitive: true)));
            }
        }

        [SkippableFact]
        public void ExchangeFolderComesFromTheSystemAttendantsImagePath()
        {
            var (hive, source) = Open();
            using (hive)
            {
                ExchangeInstallation exchange = ExchangeInstallation.FromSystemAttendant(source.Get(ExchangeInstallation.SystemAttendantService)!)!;

                Assert.Equal(@"C:\Program Files\Exchsrvr", exchange.Folder);
                Assert.Equal(@"C:\Program Files\Exchsrvr\bin\mad.exe", exchange.SystemAttendantImage);
                string ImageOf(string name) => ImagePathParser.ImageFile(source.Get(name)!.ImagePath, v => v == "SystemRoot" ? @"C:\WINNT" : null)!;
                Assert.True(exchange.IsUnder(ImageOf("MSExchangeIS")));
                Assert.True(exchange.IsUnder(ImageOf("MSExchangeMTA")));
                Assert.Equal(@"C:\Program Files\Contoso Backup\bkupagent.exe", ImageOf("BackupAgentSvc"));
                Assert.False(exchange.IsUnder(ImageOf("BackupAgentSvc")));
                Assert.Equal(@"C:\WINNT\System32\inetsrv\inetinfo.exe", ImageOf("IMAP4Svc"));
                Assert.False(exchange.IsUnder(ImageOf("IMAP4Svc")));
                Assert.Equal(@"C:\WINNT\system32\DRIVERS\tcpip.sys", ImageOf("Tcpip"));
            }
        }

        [Theory]
        [InlineData("\"C:\\Program Files\\Exchsrvr\\bin\\mad.exe\"", @"C:\Program Files\Exchsrvr\bin\mad.exe")]
        [InlineData(@"C:\Program Files\Exchsrvr\bin\mad.exe", @"C:\Program Files\Exchsrvr\bin\mad.exe")]
        [InlineData(@"C:\Program Files\Exchsrvr\bin\mad.exe -debug", @"C:\Program Files\Exchsrvr\bin\mad.exe")]
        [InlineData("\"C:\\Program Files\\A.exe Folder\\b.exe\" -x", @"C:\Program Files\A.exe Folder\b.exe")]
        [InlineData(@"%SystemRoot%\system32\svchost.exe -k netsvcs", @"C:\WINDOWS\system32\svchost.exe")]
        [InlineData(@"%SystemRoot%\system32\svchost -k rpcss", @"C:\WINDOWS\system32\svchost")]
        [InlineData(@"%NoSuchVariable%\x.exe", @"%NoSuchVariable%\x.exe")]
        [InlineData(@"\SystemRoot\System32\drivers\tcpip.sys", @"C:\WINDOWS\System32\drivers\tcpip.sys")]
        [InlineData(@"system32\DRIVERS\netbt.sys", @"C:\WINDOWS\system32\DRIVERS\netbt.sys")]
        [InlineData("\"C:\\No Close Quote\\x.exe", @"C:\No Close Quote\x.exe")]
        [InlineData("   ", null)]
        [InlineData("\"\"", null)]
        [InlineData(null, null)]
        public void ImagePathNamesTheProgramTheScmWouldStart(string? imagePath, string? expected)
        {
            Assert.Equal(expected, ImagePathParser.ImageFile(imagePath, v => string.Equals(v, "SystemRoot", StringComparison.OrdinalIgnoreCase) ? @"C:\WINDOWS" : null));
        }

        [Theory]
        [InlineData(@"C:\Program Files\Exchsrvr\bin\store.exe", true)]
        [InlineData(@"c:/program files/EXCHSRVR/mtadata/x.exe", true)]
        [InlineData(@"\\?\C:\Program Files\Exchsrvr\bin\store.exe", true)]
        [InlineData(@"\??\C:\Program Files\Exchsrvr\bin\store.exe", true)]
        [InlineData(@"C:\Program Files\Exchsrvr", false)]
        [InlineData(@"C:\Program Files\Exchsrvr2\bin\x.exe", false)]
        [InlineData(@"C:\Program Files\Contoso Backup\bkupagent.exe", false)]
        [InlineData("", false)]
        [InlineData(null, false)]
        public void IsUnderComparesAsWindowsDoes(string? path, bool expected)
        {
            var exchange = ExchangeInstallation.FromImagePath(@"C:\Program Files\Exchsrvr\bin\mad.exe")!;
            Assert.Equal(expected, exchange.IsUnder(path));
        }

        [Theory]
        [InlineData(@"C:\mad.exe")]
        [InlineData(@"C:\bin\mad.exe")]
        [InlineData("mad.exe")]
        public void AnImagePathThatNamesNoFolderGivesNoInstallation(string imagePath)
        {
            // The whole drive would otherwise count as Exchange's.
            Assert.Null(ExchangeInstallation.FromImagePath(imagePath));
        }

        [Fact]
        public void ANotBinFolderIsTheExchangeFolderItself()
        {
            Assert.Equal(@"D:\Exchange", ExchangeInstallation.FromImagePath(@"D:\Exchange\mad.exe")!.Folder);
        }

        [Fact]
        public void AnUnreadableEntryIsLeftOutWithAWarning()
        {
            var services = new FakeKey(@"HKLM\Services",
                new FakeKey("Good", values: new[] { Sz("ImagePath", @"C:\good.exe") }),
                new FakeKey("Locked", throwOnValues: true));
            var source = new RegistryServiceConfigurationSource(services);

            Assert.Equal(new[] { "Good" }, Names(source.GetAll()));
            Assert.Single(source.Warnings);
            Assert.Contains(@"HKLM\Services\Locked", source.Warnings[0]);
        }

        [Fact]
        public void ALongDependencyChainIsWalkedInLinearTime()
        {
            // A hostile hive: 100,000 services each depending on the one before, and the first on the last.
            const int count = 100_000;
            var all = new List<ServiceConfiguration>(count);
            for (int i = 0; i < count; i++)
            {
                all.Add(new ServiceConfiguration("S" + i, null, null, new[] { "S" + ((i + count - 1) % count) }, null, null, null));
            }

            var watch = Stopwatch.StartNew();
            IReadOnlyList<ServiceConfiguration> dependents = ServiceDependencies.Dependents(all, "S0", transitive: true);

            Assert.Equal(count - 1, dependents.Count);
            Assert.Equal("S1", dependents[0].Name);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        }

        [Fact]
        public void ValuesAreReadLeniently()
        {
            byte[] unterminated = Encoding.Unicode.GetBytes("abc");
            Assert.Equal("abc", new RegistryValue("x", RegistryValueType.String, unterminated).AsString());
            Assert.Equal("abc", new RegistryValue("x", RegistryValueType.ExpandString, unterminated.Concat(new byte[] { 0x41 }).ToArray()).AsString());
            Assert.Null(new RegistryValue("x", RegistryValueType.Binary, unterminated).AsString());
            Assert.Equal(new[] { "a", "b" }, new RegistryValue("x", RegistryValueType.MultiString, Encoding.Unicode.GetBytes("a\0b\0\0junk\0")).AsMultiString());
            Assert.Equal(new[] { "a" }, new RegistryValue("x", RegistryValueType.String, Encoding.Unicode.GetBytes("a\0")).AsMultiString());
            Assert.Empty(new RegistryValue("x", RegistryValueType.MultiString, Array.Empty<byte>()).AsMultiString()!);
            Assert.Equal(2u, new RegistryValue("x", RegistryValueType.DWord, new byte[] { 2, 0, 0, 0 }).AsDWord());
            Assert.Equal(2u, new RegistryValue("x", RegistryValueType.DWordBigEndian, new byte[] { 0, 0, 0, 2 }).AsDWord());
            Assert.Null(new RegistryValue("x", RegistryValueType.DWord, new byte[] { 2, 0 }).AsDWord());
        }

        private static string[] Names(IEnumerable<ServiceConfiguration> services) => services.Select(s => s.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        private static string? Text(Dictionary<string, (uint Type, byte[] Data)> values, string name) =>
            values.TryGetValue(name, out var value) ? Encoding.Unicode.GetString(value.Data).TrimEnd('\0') : null;

        private static string[] List(Dictionary<string, (uint Type, byte[] Data)> values, string name) =>
            values.TryGetValue(name, out var value)
                ? Encoding.Unicode.GetString(value.Data).Split('\0').Where(s => s.Length > 0).ToArray()
                : Array.Empty<string>();

        private static RegistryValue Sz(string name, string text) => new RegistryValue(name, RegistryValueType.String, Encoding.Unicode.GetBytes(text + "\0"));

        private sealed class FakeKey : IRegistryKey
        {
            private readonly FakeKey[] _subKeys;
            private readonly RegistryValue[] _values;
            private readonly bool _throwOnValues;
            private string _parent = string.Empty;

            public FakeKey(string name, params FakeKey[] subKeys)
                : this(name, subKeys, null, false)
            {
            }

            public FakeKey(string name, FakeKey[]? subKeys = null, RegistryValue[]? values = null, bool throwOnValues = false)
            {
                Name = name;
                _subKeys = subKeys ?? Array.Empty<FakeKey>();
                _values = values ?? Array.Empty<RegistryValue>();
                _throwOnValues = throwOnValues;
                foreach (FakeKey sub in _subKeys)
                {
                    sub._parent = name;
                }
            }

            public string Name { get; }

            public string Path => _parent.Length == 0 ? Name : _parent + "\\" + Name;

            public DateTime? LastWriteTimeUtc => null;

            public IReadOnlyList<string> GetSubKeyNames() => _subKeys.Select(k => k.Name).ToArray();

            public IReadOnlyList<RegistryValue> GetValues() =>
                _throwOnValues ? throw new UnauthorizedAccessException($"Access to the registry key '{Path}' is denied.") : _values;

            public IRegistryKey? OpenSubKey(string relativePath) =>
                _subKeys.FirstOrDefault(k => string.Equals(k.Name, relativePath, StringComparison.OrdinalIgnoreCase));

            public void Dispose()
            {
            }
        }
    }
}
