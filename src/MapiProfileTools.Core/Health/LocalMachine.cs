using System;
using System.Diagnostics;
using MapiProfileTools.Core.Events;
using MapiProfileTools.Core.Platform;
using MapiProfileTools.Core.Processes;
using MapiProfileTools.Core.Registry;
using MapiProfileTools.Core.Services;

namespace MapiProfileTools.Core.Health
{
    /// <summary>
    /// The seams to this machine: only the live source set of <see cref="HealthEvidenceCollector"/> is
    /// given them, so an offline collection cannot read anything local. Each factory may throw
    /// <see cref="PlatformNotSupportedException"/> where the platform lacks the feature.
    /// </summary>
    public sealed class LocalMachine
    {
        public LocalMachine(
            string name,
            Func<string, IRegistryKey?> openUserHive,
            Func<IProcessModuleSource> openProcesses,
            Func<IServiceControl> openServices,
            Func<IEventLogReader> openEventLog,
            Func<IRegistryKey?> openServicesKey,
            Func<int, DateTime?> processStartTime,
            Func<IImpersonationSource?>? openImpersonation = null)
        {
            OpenImpersonation = openImpersonation ?? (() => null);
            Name = name;
            OpenUserHive = openUserHive;
            OpenProcesses = openProcesses;
            OpenServices = openServices;
            OpenEventLog = openEventLog;
            OpenServicesKey = openServicesKey;
            ProcessStartTime = processStartTime;
        }

        /// <summary>This computer's name, for the live report.</summary>
        public string Name { get; }

        /// <summary>A hive loaded under HKEY_USERS (".DEFAULT"); null when none of that name is loaded.</summary>
        public Func<string, IRegistryKey?> OpenUserHive { get; }

        public Func<IProcessModuleSource> OpenProcesses { get; }

        public Func<IServiceControl> OpenServices { get; }

        public Func<IEventLogReader> OpenEventLog { get; }

        /// <summary>HKLM\SYSTEM\CurrentControlSet\Services; null when it cannot be opened here.</summary>
        public Func<IRegistryKey?> OpenServicesKey { get; }

        /// <summary>When a process started (local time); null when it cannot be read.</summary>
        public Func<int, DateTime?> ProcessStartTime { get; }

        /// <summary>The thread-token reader (Windows); null where threads carry no impersonation tokens.</summary>
        public Func<IImpersonationSource?> OpenImpersonation { get; }

        /// <summary>The real seams of the machine the module runs on.</summary>
        public static LocalMachine Current() => new LocalMachine(
            Environment.MachineName,
            user =>
            {
                WindowsOnly.Ensure("The live registry");
                return WindowsRegistryKey.OpenUsers(user);
            },
            ProcessModuleSources.ForThisPlatform,
            () => new WindowsServiceControl(),
            () => new WindowsEventLogReader(),
            () =>
            {
                WindowsOnly.Ensure("The live registry");
                return WindowsRegistryKey.OpenLocalMachine(RegistryServiceConfigurationSource.LiveServicesPath);
            },
            ReadStartTime,
            () => WindowsOnly.IsWindows ? new WindowsImpersonationSource() : null);

        private static DateTime? ReadStartTime(int processId)
        {
            try
            {
                using var process = Process.GetProcessById(processId);
                return process.StartTime;
            }
            catch (Exception ex) when (ex is ArgumentException || ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }
    }
}
