using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Processes
{
    /// <summary>What an admin wants to know of a process that loaded a module; read only for matches.</summary>
    public sealed class ProcessDetails
    {
        public ProcessDetails(string? architecture, string? userName, DateTime? startTime, string? commandLine, IReadOnlyList<string> serviceNames, string? imagePath = null)
        {
            ImagePath = imagePath;
            Architecture = architecture;
            UserName = userName;
            StartTime = startTime;
            CommandLine = commandLine;
            ServiceNames = serviceNames;
        }

        /// <summary>x86, x64, ARM64, …; null when it cannot be read.</summary>
        public string? Architecture { get; }

        public string? UserName { get; }

        /// <summary>Local time; null when it cannot be read.</summary>
        public DateTime? StartTime { get; }

        public string? CommandLine { get; }

        /// <summary>Services hosted in the process (Windows), or its systemd unit (Linux); empty when none.</summary>
        public IReadOnlyList<string> ServiceNames { get; }

        /// <summary>The process's program file (QueryFullProcessImageName; /proc/&lt;pid&gt;/exe); null when it cannot be read.</summary>
        public string? ImagePath { get; }
    }
}
