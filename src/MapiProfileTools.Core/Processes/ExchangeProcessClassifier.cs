using System;
using System.Collections.Generic;
using System.Linq;
using MapiProfileTools.Core.Services;

namespace MapiProfileTools.Core.Processes
{
    /// <summary>
    /// Which processes are Exchange's own: their program is under the Exchange folder (from the System
    /// Attendant's ImagePath), or they host the System Attendant or a service that depends on it, directly
    /// or not (the Store, the MTA, IIS hosting Exchange's protocols). Everything else that loads Mapi32.dll is
    /// a third party: the kind of program KB 817375 blames.
    /// </summary>
    /// <remarks>
    /// Without a known installation (no System Attendant in the services, or off Windows without a folder
    /// given), a program under a folder laid out as Exchange 2000/2003 installs it, "...\Exchsrvr\bin\", is
    /// taken as Exchange's: the setup default, and the only clue an image path alone gives.
    /// </remarks>
    public sealed class ExchangeProcessClassifier
    {
        /// <summary>The folder pair Exchange 2000/2003 setup creates by default (Program Files\Exchsrvr\bin).</summary>
        public const string WellKnownBinFolder = @"\Exchsrvr\bin\";

        private readonly HashSet<string> _services;

        public ExchangeProcessClassifier(ExchangeInstallation? installation, IEnumerable<string>? exchangeServices)
        {
            Installation = installation;
            _services = new HashSet<string>(exchangeServices ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The Exchange folder the rule uses; null when only the well-known layout is used.</summary>
        public ExchangeInstallation? Installation { get; }

        /// <summary>The System Attendant and every service depending on it, sorted.</summary>
        public IReadOnlyList<string> ExchangeServices => _services.OrderBy(s => s, StringComparer.OrdinalIgnoreCase).ToArray();

        /// <summary>One sentence for verbose output: what the rule rests on.</summary>
        public string Basis
        {
            get
            {
                string folder = Installation != null
                    ? $"programs under '{Installation.Folder}'"
                    : $"programs under a folder ending in '{WellKnownBinFolder.TrimEnd('\\')}' (no Exchange folder known)";
                return _services.Count == 0
                    ? $"Exchange's processes are {folder}."
                    : $"Exchange's processes are {folder}, and those hosting {string.Join(", ", ExchangeServices)}.";
            }
        }

        /// <summary>
        /// From the services: the System Attendant's ImagePath gives the folder, its dependents (transitively)
        /// the services. No System Attendant: the well-known layout only. <paramref name="variables"/> expands
        /// %SystemRoot% and the like (the environment, live).
        /// </summary>
        public static ExchangeProcessClassifier FromServices(IServiceConfigurationSource services, Func<string, string?>? variables, string systemAttendant = ExchangeInstallation.SystemAttendantService)
        {
            if (services == null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            ServiceConfiguration? sa = services.Get(systemAttendant);
            if (sa == null)
            {
                return new ExchangeProcessClassifier(null, null);
            }

            var names = new List<string> { sa.Name };
            names.AddRange(services.GetDependents(sa.Name, transitive: true).Select(s => s.Name));
            return new ExchangeProcessClassifier(ExchangeInstallation.FromSystemAttendant(sa, variables), names);
        }

        /// <summary>From a folder the user names (-ExchangePath); null folder: the well-known layout only.</summary>
        public static ExchangeProcessClassifier FromFolder(string? folder) =>
            new ExchangeProcessClassifier(string.IsNullOrWhiteSpace(folder) ? null : new ExchangeInstallation(folder!), null);

        public bool IsExchange(string? imagePath, IReadOnlyList<string>? hostedServices)
        {
            if (hostedServices != null && hostedServices.Any(_services.Contains))
            {
                return true;
            }

            if (string.IsNullOrEmpty(imagePath))
            {
                return false;
            }

            if (Installation != null)
            {
                return Installation.IsUnder(imagePath);
            }

            return ExchangeInstallation.Normalize(imagePath!).IndexOf(WellKnownBinFolder, StringComparison.OrdinalIgnoreCase) >= 0;
        }
    }
}
