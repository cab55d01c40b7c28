using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using MapiProfileTools.Core.EventLogFiles;
using MapiProfileTools.Core.Events;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.Processes;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Core.Health
{
    /// <summary>
    /// The evidence of a server from its files. It is never given the <see cref="LocalMachine"/>, so
    /// nothing of this machine (processes, services, event log, registry) can be read by construction.
    /// </summary>
    internal sealed class OfflineEvidenceSources : EvidenceSources
    {
        private readonly OfflineEvidence _evidence;
        private string? _computerNameFromSystem;

        public OfflineEvidenceSources(OfflineEvidence evidence, HealthCheckOptions options)
            : base(options)
        {
            _evidence = evidence;
        }

        public override bool IsOffline => true;

        public override IReadOnlyList<string> Describe()
        {
            var files = new List<string>();
            void Add(string? path)
            {
                if (path != null && !files.Contains(path, StringComparer.Ordinal))
                {
                    files.Add(path);
                }
            }

            Add(_evidence.HivePath);
            Add(_evidence.SystemHivePath);
            Add(_evidence.SoftwareHivePath);
            Add(_evidence.EventLogPath);
            foreach (string dll in _evidence.DllPaths)
            {
                Add(dll);
            }

            return files;
        }

        public override IReadOnlyList<string> DllFiles => _evidence.DllPaths;

        public override void ReadProfiles(HealthCollection collection)
        {
            foreach (KeyValuePair<EvidenceKind, string> given in _evidence.Unresolved)
            {
                collection.Unread(given.Key, $"'{given.Value}' names no file that could be read.");
            }

            foreach (string missing in _evidence.Missing)
            {
                collection.NotCheckedBecause($"The server folder has no {missing}.");
            }

            string? file = _evidence.HivePath;
            if (file == null)
            {
                if (_evidence.Server == null && !_evidence.Unresolved.Any(u => u.Key == EvidenceKind.ProfileHive))
                {
                    collection.NotCheckedBecause("No DEFAULT hive was given (-HivePath), so the profiles were not checked.");
                }

                return;
            }

            collection.ProfileSource = file;
            try
            {
                using RegfHive hive = OpenHive(file, collection);
                CountProfiles(hive.Root, file, collection);
                ForwardWarnings(hive, collection);
            }
            catch (Exception ex) when (IsHiveFailure(ex))
            {
                collection.Failed(EvidenceKind.ProfileHive, file, ex, $"The profiles could not be read from '{file}': {ex.Message}");
            }
        }

        public override IReadOnlyList<ProcessScanResult> ScanProcesses(HealthCollection collection, Action<string, int> progress, CancellationToken cancellation)
        {
            collection.NotCheckedBecause("Which processes have Mapi32.dll loaded cannot be read from files: on the server, run Get-MapiLoadedProcess (or tlist -m mapi32.dll on Windows 2000).");
            return Array.Empty<ProcessScanResult>();
        }

        public override DateTime? ReadService(HealthCollection collection)
        {
            collection.NotCheckedBecause($"Whether {Options.ServiceName} is running cannot be read from files.");
            ReadSoftwareHive(collection);
            string? file = _evidence.SystemHivePath;
            if (file == null)
            {
                collection.NotCheckedBecause($"No SYSTEM hive was given (-SystemRoot), so the services that depend on {Options.ServiceName} and the Exchange version are not known.");
                return null;
            }

            try
            {
                using RegfHive hive = OpenHive(file, collection);
                RegfKey? controlSet = CurrentControlSet(hive.Root, file, collection);
                if (controlSet != null)
                {
                    _computerNameFromSystem = ValueOf(controlSet.OpenSubKey(@"Control\ComputerName\ComputerName"), "ComputerName")?.AsString();
                    using RegfKey? services = controlSet.OpenSubKey("Services");
                    if (services == null)
                    {
                        collection.NotCheckedBecause($"The SYSTEM hive '{file}' has no {controlSet.Name}\\Services key.");
                    }
                    else
                    {
                        ReadServiceEntry(services, collection);
                    }
                }

                ForwardWarnings(hive, collection);
            }
            catch (Exception ex) when (IsHiveFailure(ex))
            {
                collection.Failed(EvidenceKind.SystemHive, file, ex, $"The SYSTEM hive '{file}' could not be read: {ex.Message}");
            }

            return null;
        }

        public override void ReadEvents(HealthCollection collection, DateTime? serviceStartedAt)
        {
            string? file = _evidence.EventLogPath;
            if (file == null)
            {
                if (_evidence.Server == null && !_evidence.Unresolved.Any(u => u.Key == EvidenceKind.EventLogFile))
                {
                    collection.NotCheckedBecause($"No event log file was given (-EventLogPath), so event {Kb817375.ProfileFailureEventId} was not counted.");
                }

                return;
            }

            Func<string, IEventLogReader> open = _evidence.OpenEventLog ?? (path => new EvtFileEventLogReader(path));
            try
            {
                IEventLogReader reader = open(file);
                IReadOnlyList<EventRecordInfo> events = reader.Read(EventQuery(null, null));
                if (reader is EvtFileEventLogReader evt)
                {
                    // Damage read past: the records before it were kept, and the count may be short.
                    foreach (string warning in evt.Warnings)
                    {
                        collection.Warn($"{file}: {warning}");
                    }
                }

                collection.Events = events;
                collection.RecentEventCount = events.Count;
                collection.LastEventTime = events.Count > 0 ? events.Max(e => e.TimeCreated) : (DateTime?)null;
            }
            catch (Exception ex) when (IsEventLogFailure(ex))
            {
                collection.Failed(EvidenceKind.EventLogFile, file, ex, $"The event log file '{file}' could not be read: {ex.Message}");
            }
        }

        public override void ReadComputerName(HealthCollection collection)
        {
            // The server's own name: its SYSTEM hive, else the computer its events were logged on. Never this machine's.
            string? name = _computerNameFromSystem ?? Newest(collection.Events.Select(e => e.ComputerName));
            collection.ComputerName = name;
            if (name == null)
            {
                collection.NotCheckedBecause("The server's name is in none of the files given (its SYSTEM hive names it; -SystemRoot reads it).");
            }
        }

        private static RegistryValue? ValueOf(RegfKey? key, string name) => key == null ? null : RegistryValueDecoder.Find(key.GetValues(), name);

        private static bool IsHiveFailure(Exception ex) => ex is RegfFormatException || ex is IOException || ex is UnauthorizedAccessException;

        private static bool IsEventLogFailure(Exception ex) =>
            ex is EvtFormatException || ex is EventLogReadException || ex is IOException || ex is UnauthorizedAccessException;

        private static RegfHive OpenHive(string file, HealthCollection collection)
        {
            RegfHive hive = RegfHive.Open(file);
            collection.Note($"Read the hive '{file}'.");
            return hive;
        }

        /// <summary>
        /// The logs replayed on open (verbose), and the damage the reader stepped over or a dirty hive without a
        /// usable log (warnings), as Get-MessagingProfile shows them.
        /// </summary>
        private static void ForwardWarnings(RegfHive hive, HealthCollection collection)
        {
            foreach (string note in hive.Notes)
            {
                collection.Note(note);
            }

            // The reader's warnings name the file themselves.
            foreach (string warning in hive.Warnings)
            {
                collection.Warn(warning);
            }
        }

        /// <summary>ControlSetNNN named by Select\Current, as Windows picks it at boot.</summary>
        private static RegfKey? CurrentControlSet(RegfKey root, string file, HealthCollection collection)
        {
            uint? current = ValueOf(root.OpenSubKey("Select"), "Current")?.AsDWord();
            if (current == null || current == 0 || current > 999)
            {
                collection.NotCheckedBecause($"The SYSTEM hive '{file}' has no valid Select\\Current value, so its control set is not known.");
                return null;
            }

            string name = "ControlSet" + current.Value.ToString("000", System.Globalization.CultureInfo.InvariantCulture);
            RegfKey? set = root.OpenSubKey(name);
            if (set == null)
            {
                collection.NotCheckedBecause($"The SYSTEM hive '{file}' names {name} as current, but has no such key.");
            }

            return set;
        }

        /// <summary>The server's own %SystemRoot% path ("C:\WINNT") tells which drive letter the folder given stands for.</summary>
        private void ReadSoftwareHive(HealthCollection collection)
        {
            string? file = _evidence.SoftwareHivePath;
            if (file == null || _evidence.Server == null)
            {
                return;
            }

            try
            {
                using RegfHive hive = OpenHive(file, collection);
                string? systemRoot = ValueOf(hive.Root.OpenSubKey(@"Microsoft\Windows NT\CurrentVersion"), "SystemRoot")?.AsString();
                if (systemRoot != null && systemRoot.Length >= 2 && systemRoot[1] == ':')
                {
                    _evidence.Server.SystemDrive = systemRoot.Substring(0, 2);
                    collection.Note($"The server's %SystemRoot% is {systemRoot}: paths on {_evidence.Server.SystemDrive} are looked up under '{_evidence.Server.DriveRoot}'.");
                }

                ForwardWarnings(hive, collection);
            }
            catch (Exception ex) when (IsHiveFailure(ex))
            {
                collection.Failed(EvidenceKind.SoftwareHive, file, ex, $"The SOFTWARE hive '{file}' could not be read: {ex.Message}");
            }
        }

        private void ReadServiceEntry(IRegistryKey services, HealthCollection collection)
        {
            ServiceFacts? facts = ServiceFacts.Read(services, Options.ServiceName, withDependents: true);
            if (facts == null)
            {
                collection.ServiceStatus = "NotInstalled";
                collection.DependentServices = Array.Empty<string>();
                return;
            }

            collection.DependentServices = facts.Dependents;
            foreach (string warning in facts.Warnings)
            {
                collection.Warn(warning);
            }

            if (facts.ImagePath == null)
            {
                collection.NotCheckedBecause($"The service entry of {Options.ServiceName} has no ImagePath, so the Exchange version is not known.");
                return;
            }

            string? image = _evidence.Server?.MapServerPath(facts.ImagePath);
            ReadExchangeVersion(image, facts.ImagePath, collection);
        }
    }
}
