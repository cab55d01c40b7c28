using System;
using System.IO;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.Processes;
using MapiProfileTools.Core.Registry;
using MapiProfileTools.Core.Services;

namespace MapiProfileTools.Fuzz.Targets
{
    /// <summary>
    /// A server's SYSTEM hive, as Get-MapiProfileHealth -SystemRoot reads it: Select\Current to the control
    /// set, the computer name, then the Services key through the service configuration source (every
    /// service, the System Attendant and its dependents) and the Exchange folder from its ImagePath.
    /// </summary>
    internal sealed class SystemHiveTarget : FuzzTarget
    {
        public override string Name => "system";

        public override string Description => "RegfHive.Open on a SYSTEM hive, its control set and services read as the offline health check does";

        protected override void Run(byte[] data)
        {
            using RegfHive hive = RegfHive.Open(new MemoryStream(data, writable: false), "SYSTEM", string.Empty);
            uint? current = Value(hive.Root.OpenSubKey("Select"), "Current")?.AsDWord();
            RegfKey? controlSet = current is > 0 and <= 999 ? hive.Root.OpenSubKey("ControlSet" + current.Value.ToString("000", System.Globalization.CultureInfo.InvariantCulture)) : null;
            if (controlSet == null)
            {
                return;
            }

            GC.KeepAlive(Value(controlSet.OpenSubKey(@"Control\ComputerName\ComputerName"), "ComputerName")?.AsString());
            RegfKey? servicesKey = controlSet.OpenSubKey("Services");
            if (servicesKey == null)
            {
                return;
            }

            using var services = new RegistryServiceConfigurationSource(servicesKey);
            foreach (ServiceConfiguration service in services.GetAll())
            {
                GC.KeepAlive(ImagePathParser.ImageFile(service.ImagePath, Variable));
                GC.KeepAlive(service.StartType);
            }

            ServiceConfiguration? attendant = services.Get(ExchangeInstallation.SystemAttendantService);
            GC.KeepAlive(services.GetDependents(ExchangeInstallation.SystemAttendantService, transitive: true).Count);
            if (attendant != null)
            {
                ExchangeInstallation? exchange = ExchangeInstallation.FromSystemAttendant(attendant, Variable);
                GC.KeepAlive(exchange?.IsUnder(@"C:\Exchsrvr\bin\mad.exe"));
            }

            GC.KeepAlive(ExchangeProcessClassifier.FromServices(services, Variable));
            GC.KeepAlive(services.Warnings.Count + hive.Warnings.Count);
        }

        protected override bool IsDocumented(Exception exception) => exception is RegfFormatException;

        private static RegistryValue? Value(RegfKey? key, string name) => key == null ? null : RegistryValueDecoder.Find(key.GetValues(), name);

        // The server's own environment is not known offline: only %SystemRoot% is, as the collector assumes.
        private static string? Variable(string name) =>
            string.Equals(name, "SystemRoot", StringComparison.OrdinalIgnoreCase) ? @"C:\WINNT" : null;
    }
}
