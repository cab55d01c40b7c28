using System;
using MapiProfileTools.Core.Platform;
using MapiProfileTools.Core.Processes;
using MapiProfileTools.Core.Services;

namespace MapiProfileTools.Culprits
{
    /// <summary>
    /// The inspector of this machine's MAPI processes, shared by Get-MapiLoadedProcess and
    /// Watch-MapiImpersonation: Exchange's folder and services from the live Services key (Windows), or
    /// from -ExchangePath and the well-known layout; thread tokens read on Windows only.
    /// </summary>
    internal static class LiveInspector
    {
        public static MapiProcessInspector Create(string? exchangePath, Action<string> verbose)
        {
            ExchangeProcessClassifier classifier = ExchangeProcessClassifier.FromFolder(exchangePath);
            if (WindowsOnly.IsWindows)
            {
                try
                {
                    using RegistryServiceConfigurationSource services = RegistryServiceConfigurationSource.OpenLive();
                    ExchangeProcessClassifier fromServices = ExchangeProcessClassifier.FromServices(services, Environment.GetEnvironmentVariable);
                    // -ExchangePath wins for the folder; the services still name what Exchange hosts.
                    classifier = new ExchangeProcessClassifier(classifier.Installation ?? fromServices.Installation, fromServices.ExchangeServices);
                }
                catch (Exception ex) when (ex is UnauthorizedAccessException || ex is System.ComponentModel.Win32Exception || ex is InvalidOperationException)
                {
                    verbose($"The services could not be read, so IsExchange rests on the image paths only: {ex.Message}");
                }
            }

            verbose(classifier.Basis);
            return new MapiProcessInspector(classifier, WindowsOnly.IsWindows ? new WindowsImpersonationSource() : null);
        }
    }
}
