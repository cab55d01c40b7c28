using System;
using System.Collections.Generic;
using MapiProfileTools.Core.Events;

namespace MapiProfileTools.Core.Health
{
    /// <summary>
    /// A server's evidence as files on this machine: given one by one (-HivePath, -DllPath, -EventLogPath),
    /// or found in its %SystemRoot% folder (-SystemRoot). Nothing here refers to this machine's own state.
    /// </summary>
    public sealed class OfflineEvidence
    {
        /// <summary>Where each file of a server lives under its %SystemRoot%.</summary>
        public const string DefaultHiveRelativePath = @"system32\config\DEFAULT";
        public const string SystemHiveRelativePath = @"system32\config\SYSTEM";
        public const string SoftwareHiveRelativePath = @"system32\config\SOFTWARE";
        public const string ApplicationLogRelativePath = @"system32\config\AppEvent.Evt";
        public const string MapiDllRelativePath = @"system32\mapi32.dll";

        private readonly List<string> _missing = new List<string>();
        private readonly List<KeyValuePair<EvidenceKind, string>> _unresolved = new List<KeyValuePair<EvidenceKind, string>>();

        /// <summary>The DEFAULT hive (LocalSystem's, with the System Attendant's profiles).</summary>
        public string? HivePath { get; set; }

        /// <summary>Mapi32.dll files to check.</summary>
        public IReadOnlyList<string> DllPaths { get; set; } = Array.Empty<string>();

        /// <summary>The Application event log file (AppEvent.Evt).</summary>
        public string? EventLogPath { get; set; }

        /// <summary>The SYSTEM hive: computer name, the System Attendant's service entry and its dependents.</summary>
        public string? SystemHivePath { get; set; }

        /// <summary>The SOFTWARE hive: the server's own %SystemRoot% path, to tell its system drive.</summary>
        public string? SoftwareHivePath { get; set; }

        /// <summary>The server's folder, to find files its registry names (the System Attendant's image); null when files were given one by one.</summary>
        public ServerFolder? Server { get; set; }

        /// <summary>Files the server folder should hold but does not, as the server names them.</summary>
        public IReadOnlyList<string> Missing => _missing;

        /// <summary>Evidence the user named that names no readable file (the caller reported why): never a clean verdict.</summary>
        public IReadOnlyList<KeyValuePair<EvidenceKind, string>> Unresolved => _unresolved;

        /// <summary>Records that <paramref name="input"/> was given as <paramref name="kind"/> evidence but names no file that can be read.</summary>
        public void AddUnresolved(EvidenceKind kind, string input) =>
            _unresolved.Add(new KeyValuePair<EvidenceKind, string>(kind, input));

        /// <summary>Opens an event log file for queries; tests put a fake here. Default: the module's .evt reader.</summary>
        public Func<string, IEventLogReader>? OpenEventLog { get; set; }

        /// <summary>Finds each file of the server under its %SystemRoot% folder, in any letter case.</summary>
        public static OfflineEvidence FromSystemRoot(ServerFolder server, IReadOnlyList<string>? extraDllPaths = null)
        {
            var evidence = new OfflineEvidence { Server = server };
            evidence.HivePath = evidence.Locate(server, DefaultHiveRelativePath);
            evidence.SystemHivePath = evidence.Locate(server, SystemHiveRelativePath);
            evidence.SoftwareHivePath = evidence.Locate(server, SoftwareHiveRelativePath);
            evidence.EventLogPath = evidence.Locate(server, ApplicationLogRelativePath);
            var dlls = new List<string>();
            string? mapi = evidence.Locate(server, MapiDllRelativePath);
            if (mapi != null)
            {
                dlls.Add(mapi);
            }

            dlls.AddRange(extraDllPaths ?? Array.Empty<string>());
            evidence.DllPaths = dlls;
            return evidence;
        }

        private string? Locate(ServerFolder server, string relativePath)
        {
            string? found = server.Find(relativePath);
            if (found == null)
            {
                _missing.Add(@"%SystemRoot%\" + relativePath);
            }

            return found;
        }
    }
}
