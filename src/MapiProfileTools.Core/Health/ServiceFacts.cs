using System;
using System.Collections.Generic;
using System.Linq;
using MapiProfileTools.Core.Registry;
using MapiProfileTools.Core.Services;

namespace MapiProfileTools.Core.Health
{
    /// <summary>
    /// What the health report needs of a service's configuration: its image, and every service that depends on
    /// it. Read from a Services key through <see cref="RegistryServiceConfigurationSource"/>, the same for the
    /// live registry and a SYSTEM hive.
    /// </summary>
    internal sealed class ServiceFacts
    {
        private ServiceFacts(string? imagePath, IReadOnlyList<string> dependents, IReadOnlyList<string> warnings)
        {
            ImagePath = imagePath;
            Dependents = dependents;
            Warnings = warnings;
        }

        /// <summary>ImagePath as stored (REG_EXPAND_SZ, unexpanded).</summary>
        public string? ImagePath { get; }

        /// <summary>Every service that depends on it, directly or through another (DependOnService, DependOnGroup).</summary>
        public IReadOnlyList<string> Dependents { get; }

        /// <summary>Service entries that could not be read and were left out of the dependents.</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Null when the service has no entry.</summary>
        public static ServiceFacts? Read(IRegistryKey services, string name, bool withDependents)
        {
            using var source = new RegistryServiceConfigurationSource(services);
            ServiceConfiguration? service = source.Get(name);
            if (service == null)
            {
                return null;
            }

            IReadOnlyList<string> dependents = withDependents
                ? source.GetDependents(name, transitive: true).Select(s => s.Name).ToList()
                : (IReadOnlyList<string>)Array.Empty<string>();
            return new ServiceFacts(service.ImagePath, dependents, source.Warnings.ToList());
        }
    }
}
