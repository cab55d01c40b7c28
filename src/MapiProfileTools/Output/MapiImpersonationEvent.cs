using System;
using MapiProfileTools.Core.Processes.Watch;

namespace MapiProfileTools
{
    /// <summary>Watch-MapiImpersonation's output: a MAPI process began impersonating an account.</summary>
    public sealed class MapiImpersonationEvent
    {
        internal MapiImpersonationEvent(ImpersonationStarted started, string computerName)
        {
            MapiProcessSample process = started.Process;
            Time = started.TimeUtc.ToLocalTime();
            Id = process.ProcessId;
            ProcessName = process.ProcessName;
            ServiceName = new ReadableList<string>(process.ServiceNames);

            UserName = process.UserName;
            Account = started.Account;
            ModulePath = process.ModulePath;
            ModuleVersion = process.ModuleVersion?.ToString();
            IsExchange = process.IsExchange;
            ComputerName = computerName;
        }

        /// <summary>When the sample that saw it was taken (local time): it began since the sample before.</summary>
        public DateTime Time { get; }

        /// <summary>The process id; binds to Stop-Process -Id, Get-MapiLoadedProcess -Id and Test-MapiDllVersion -ProcessId.</summary>
        public int Id { get; }

        public string ProcessName { get; }

        /// <summary>Services hosted in the process; binds to Stop-Service and Get-Service by property name.</summary>
        public ReadableList<string> ServiceName { get; }

        /// <summary>The process's own account.</summary>
        public string? UserName { get; }

        /// <summary>The account a thread of the process began impersonating.</summary>
        public string Account { get; }

        /// <summary>The Mapi32.dll it has loaded; binds to Test-MapiDllVersion -Path.</summary>
        public string ModulePath { get; }

        /// <summary>The loaded file's version as text ("6.0.6249.0"); null when it could not be read.</summary>
        public string? ModuleVersion { get; }

        public bool IsExchange { get; }

        public string ComputerName { get; }

        public override string ToString() => $"{Time:s} {ProcessName} ({Id}) impersonates {Account} with {ModulePath} {ModuleVersion}";
    }
}
