using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Core.Services
{
    /// <summary>
    /// Services' configurations read from a <c>Services</c> key: the live one
    /// (<see cref="OpenLive"/>: HKLM\SYSTEM\CurrentControlSet\Services) or a SYSTEM hive file's
    /// <c>ControlSetNNN\Services</c> through <see cref="RegfKey"/>, with the same code.
    /// </summary>
    /// <remarks>
    /// The registry rather than the service control manager, because a hive file has no SCM, and because
    /// Wine's SCM reports no dependencies (REFERENCE §8) while its registry keeps what was written.
    /// The whole key is read once, on the first call that needs every service, and kept: a server has a
    /// few hundred entries. A service entry that cannot be read (a damaged key in a hive, access denied
    /// live) is left out and said in <see cref="Warnings"/>; the Services key itself failing throws.
    /// </remarks>
    public sealed class RegistryServiceConfigurationSource : IServiceConfigurationSource, IDisposable
    {
        /// <summary>Where the live service entries are, below HKEY_LOCAL_MACHINE.</summary>
        public const string LiveServicesPath = @"SYSTEM\CurrentControlSet\Services";

        private readonly IRegistryKey _services;
        private readonly bool _ownsKey;
        private readonly List<string> _warnings = new List<string>();
        private List<ServiceConfiguration>? _all;

        /// <param name="servicesKey">A <c>Services</c> key; the caller keeps owning it.</param>
        public RegistryServiceConfigurationSource(IRegistryKey servicesKey)
            : this(servicesKey, ownsKey: false)
        {
        }

        private RegistryServiceConfigurationSource(IRegistryKey servicesKey, bool ownsKey)
        {
            _services = servicesKey ?? throw new ArgumentNullException(nameof(servicesKey));
            _ownsKey = ownsKey;
        }

        /// <summary>The key read, as the user would write it.</summary>
        public string Path => _services.Path;

        /// <summary>One line per service entry that could not be read, for a counted warning or verbose output.</summary>
        public IReadOnlyList<string> Warnings => _warnings;

        /// <summary>This machine's services (Windows only): HKLM\SYSTEM\CurrentControlSet\Services, disposed with the source.</summary>
        /// <exception cref="PlatformNotSupportedException">Not Windows.</exception>
        /// <exception cref="InvalidOperationException">The key does not exist (a registry with no services is not Windows).</exception>
        public static RegistryServiceConfigurationSource OpenLive()
        {
            WindowsRegistryKey key = WindowsRegistryKey.OpenLocalMachine(LiveServicesPath)
                ?? throw new InvalidOperationException($@"The registry key 'HKEY_LOCAL_MACHINE\{LiveServicesPath}' does not exist.");
            return new RegistryServiceConfigurationSource(key, ownsKey: true);
        }

        /// <summary>Reads one entry; null when there is no such key. A damaged or unreadable entry throws (the caller asked for it by name).</summary>
        public ServiceConfiguration? Get(string name)
        {
            if (string.IsNullOrEmpty(name) || name.IndexOf('\\') >= 0)
            {
                // A backslash would open a key below another service's: never a service name.
                return null;
            }

            if (_all != null)
            {
                return Find(_all, name);
            }

            using IRegistryKey? key = _services.OpenSubKey(name);
            return key == null ? null : Read(key, LastPart(key.Path, name));
        }

        public IReadOnlyList<ServiceConfiguration> GetAll() => _all ??= ReadAll();

        public IReadOnlyList<ServiceConfiguration> GetDependents(string name, bool transitive) =>
            ServiceDependencies.Dependents(GetAll(), name, transitive);

        public void Dispose()
        {
            if (_ownsKey)
            {
                _services.Dispose();
            }
        }

        /// <summary>Reads an entry's values; the key's own name is the service name.</summary>
        public static ServiceConfiguration Read(IRegistryKey key, string name)
        {
            if (key == null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            IReadOnlyList<RegistryValue> values = key.GetValues();
            uint? start = Value(values, "Start")?.AsDWord();
            return new ServiceConfiguration(
                name,
                displayName: Value(values, "DisplayName")?.AsString(),
                imagePath: Value(values, "ImagePath")?.AsString(),
                dependOnService: Value(values, "DependOnService")?.AsMultiString(),
                dependOnGroup: Value(values, "DependOnGroup")?.AsMultiString(),
                startType: start.HasValue ? (ServiceStartType)start.Value : (ServiceStartType?)null,
                objectName: Value(values, "ObjectName")?.AsString(),
                group: Value(values, "Group")?.AsString(),
                type: Value(values, "Type")?.AsDWord(),
                keyPath: key.Path);
        }

        private List<ServiceConfiguration> ReadAll()
        {
            var all = new List<ServiceConfiguration>();
            if (_services is RegfKey regf)
            {
                // One pass over the hive's subkey list, where opening each name would search it again.
                foreach (RegfKey key in regf.GetSubKeys())
                {
                    TryRead(all, key.Name, () => Read(key, key.Name));
                }

                return all;
            }

            foreach (string name in _services.GetSubKeyNames())
            {
                TryRead(all, name, () =>
                {
                    using IRegistryKey? key = _services.OpenSubKey(name);
                    return key == null ? null : Read(key, name);
                });
            }

            return all;
        }

        private void TryRead(List<ServiceConfiguration> all, string name, Func<ServiceConfiguration?> read)
        {
            try
            {
                ServiceConfiguration? configuration = read();
                if (configuration != null)
                {
                    all.Add(configuration);
                }
            }
            catch (Exception e) when (e is RegfFormatException || e is UnauthorizedAccessException || e is IOException || e is Win32Exception)
            {
                _warnings.Add($"The service entry '{_services.Path}\\{name}' could not be read and is left out: {e.Message}");
            }
        }

        private static ServiceConfiguration? Find(List<ServiceConfiguration> all, string name)
        {
            foreach (ServiceConfiguration configuration in all)
            {
                if (string.Equals(configuration.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return configuration;
                }
            }

            return null;
        }

        private static RegistryValue? Value(IReadOnlyList<RegistryValue> values, string name) => RegistryValueDecoder.Find(values, name);

        /// <summary>The key's name as the registry spells it (the caller may have asked in another case).</summary>
        private static string LastPart(string path, string fallback)
        {
            int slash = path.LastIndexOf('\\');
            string last = slash < 0 ? path : path.Substring(slash + 1);
            return string.Equals(last, fallback, StringComparison.OrdinalIgnoreCase) ? last : fallback;
        }
    }
}
