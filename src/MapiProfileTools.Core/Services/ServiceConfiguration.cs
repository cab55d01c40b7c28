using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Services
{
    /// <summary>
    /// One service's entry under <c>...\Services\&lt;name&gt;</c>, as stored: what the service control
    /// manager reads at boot. Read by <see cref="RegistryServiceConfigurationSource"/> from the live registry
    /// or from a SYSTEM hive file alike; nothing here is expanded or resolved.
    /// </summary>
    public sealed class ServiceConfiguration
    {
        public ServiceConfiguration(
            string name,
            string? displayName,
            string? imagePath,
            IReadOnlyList<string>? dependOnService,
            IReadOnlyList<string>? dependOnGroup,
            ServiceStartType? startType,
            string? objectName,
            string? group = null,
            uint? type = null,
            string? keyPath = null)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            DisplayName = displayName;
            ImagePath = imagePath;
            DependOnService = dependOnService ?? Array.Empty<string>();
            DependOnGroup = dependOnGroup ?? Array.Empty<string>();
            StartType = startType;
            ObjectName = objectName;
            Group = group;
            Type = type;
            KeyPath = keyPath;
        }

        /// <summary>The service name: the key's name, as the registry spells it.</summary>
        public string Name { get; }

        /// <summary><c>DisplayName</c>; null when absent (drivers often have none). May be an indirect "@file,-id" string.</summary>
        public string? DisplayName { get; }

        /// <summary><c>ImagePath</c> exactly as stored (REG_EXPAND_SZ: variables unexpanded, quotes and arguments kept); null when absent.</summary>
        public string? ImagePath { get; }

        /// <summary><c>DependOnService</c>: the services this one needs started first; empty when none.</summary>
        public IReadOnlyList<string> DependOnService { get; }

        /// <summary><c>DependOnGroup</c>: load-order groups this one needs (any member started); empty when none.</summary>
        public IReadOnlyList<string> DependOnGroup { get; }

        /// <summary><c>Start</c>; null when absent or not a DWORD. A number outside the names is kept as stored.</summary>
        public ServiceStartType? StartType { get; }

        /// <summary><c>ObjectName</c>: the account a Win32 service runs as (LocalSystem when absent); a driver's object name otherwise.</summary>
        public string? ObjectName { get; }

        /// <summary><c>Group</c>: the load-order group, which <see cref="DependOnGroup"/> of other services names.</summary>
        public string? Group { get; }

        /// <summary><c>Type</c> (SERVICE_WIN32_OWN_PROCESS = 0x10, SERVICE_WIN32_SHARE_PROCESS = 0x20, drivers 1 and 2); null when absent.</summary>
        public uint? Type { get; }

        /// <summary>The registry path the entry was read from, for messages; null when made by hand.</summary>
        public string? KeyPath { get; }

        public override string ToString() => Name;
    }
}
