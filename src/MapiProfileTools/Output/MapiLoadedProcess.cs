using System;
using System.Collections.Generic;
using System.Linq;
using MapiProfileTools.Core.Processes;

namespace MapiProfileTools
{
    /// <summary>One process that has a matching module loaded: the `tlist -m mapi32.dll` row, as an object.</summary>
    public sealed class MapiLoadedProcess
    {
        internal MapiLoadedProcess(
            int id,
            string processName,
            string moduleName,
            string modulePath,
            string? architecture,
            string? userName,
            string[] serviceName,
            DateTime? startTime,
            string? commandLine,
            string computerName,
            string? imagePath = null,
            bool isExchange = false,
            string[]? impersonatedUsers = null)
        {
            ImagePath = imagePath;
            IsExchange = isExchange;
            ImpersonatedUsers = impersonatedUsers == null ? null : new ReadableList<string>(impersonatedUsers);
            Id = id;
            ProcessName = processName;
            ModuleName = moduleName;
            ModulePath = modulePath;
            Architecture = architecture;
            UserName = userName;
            ServiceName = new ReadableList<string>(serviceName);
            StartTime = startTime;
            CommandLine = commandLine;
            ComputerName = computerName;
        }

        /// <summary>One object per matching module of a scanned process; <paramref name="inspection"/> null: not inspected (IsExchange false, ImpersonatedUsers null).</summary>
        internal static IEnumerable<MapiLoadedProcess> FromScan(ProcessScanResult result, ProcessInspection? inspection = null)
        {
            ProcessDetails details = result.Details!;
            foreach (LoadedModule module in result.Modules)
            {
                yield return new MapiLoadedProcess(
                    result.Process.Id,
                    result.Process.Name,
                    module.Name,
                    module.Path,
                    details.Architecture,
                    details.UserName,
                    details.ServiceNames.ToArray(),
                    details.StartTime,
                    details.CommandLine,
                    Environment.MachineName,
                    details.ImagePath,
                    inspection?.IsExchange ?? false,
                    inspection?.ImpersonatedUsers);
            }
        }

        /// <summary>The process id; binds to Stop-Process -Id and Test-MapiDllVersion -ProcessId.</summary>
        public int Id { get; }

        public string ProcessName { get; }

        public string ModuleName { get; }

        /// <summary>The loaded file; binds to Test-MapiDllVersion -Path.</summary>
        public string ModulePath { get; }

        public string? Architecture { get; }

        public string? UserName { get; }

        /// <summary>Services hosted in the process (binds to Get-Service -Name); on Linux its systemd unit.</summary>
        public ReadableList<string> ServiceName { get; }

        public DateTime? StartTime { get; }

        public string? CommandLine { get; }

        public string ComputerName { get; }

        /// <summary>The process's program file; null when it could not be read.</summary>
        public string? ImagePath { get; }

        /// <summary>
        /// The process is Exchange's own: its program is under the Exchange folder (from the System Attendant's
        /// ImagePath, or -ExchangePath), or it hosts the System Attendant or a service depending on it.
        /// </summary>
        public bool IsExchange { get; }

        /// <summary>
        /// Accounts, other than the process's own, that its threads impersonate at the moment of the scan (Windows);
        /// empty: none; null: the threads could not be read (a warning says why), or not Windows.
        /// </summary>
        public ReadableList<string>? ImpersonatedUsers { get; }

        public override string ToString() => $"{ProcessName} ({Id}): {ModulePath}";
    }
}
