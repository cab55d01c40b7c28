using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MapiProfileTools.Core.PortableExecutable;
using MapiProfileTools.Core.Processes;

namespace MapiProfileTools.Core.Health
{
    /// <summary>
    /// Gathers the evidence of KB 817375 — the System Attendant's profiles, the processes with Mapi32.dll
    /// loaded and their builds, event 9202, the service, its dependents and the Exchange build — and gives
    /// the verdict. Live, from this machine's seams; offline, from a server's files only: the offline
    /// source set is never handed the <see cref="LocalMachine"/>, so it cannot read anything local.
    /// </summary>
    public sealed class HealthEvidenceCollector
    {
        private readonly LocalMachine _machine;
        private readonly HealthCheckOptions _options;

        public HealthEvidenceCollector(LocalMachine machine, HealthCheckOptions options)
        {
            _machine = machine;
            _options = options;
        }

        /// <summary>This machine's evidence.</summary>
        /// <exception cref="OperationCanceledException">The cancellation token was cancelled (Ctrl+C).</exception>
        public HealthCollection CollectLive(CancellationToken cancellation) =>
            Collect(new LiveEvidenceSources(_machine, _options), cancellation);

        /// <summary>A server's evidence from its files; nothing of this machine is read.</summary>
        public HealthCollection CollectOffline(OfflineEvidence evidence, CancellationToken cancellation) =>
            Collect(new OfflineEvidenceSources(evidence, _options), cancellation);

        private HealthCollection Collect(EvidenceSources sources, CancellationToken cancellation)
        {
            var collection = new HealthCollection
            {
                IsOffline = sources.IsOffline,
                Sources = sources.Describe(),
                ServiceName = _options.ServiceName,
            };
            Action<string, int> progress = _options.Progress ?? ((_, __) => { });

            progress("Reading the profiles", 0);
            sources.ReadProfiles(collection);

            if (!sources.IsOffline)
            {
                progress("Finding the processes that loaded " + string.Join(", ", _options.ModuleNames), 10);
            }

            IReadOnlyList<ProcessScanResult> processes = sources.ScanProcesses(collection, progress, cancellation);
            collection.LoadingProcesses = processes;

            progress("Reading Mapi32.dll versions", 45);
            collection.DllVersions = ReadVersions(sources, processes, collection, cancellation);

            progress("Reading the System Attendant's service", 60);
            DateTime? startedAt = sources.ReadService(collection);

            progress($"Reading event {Kb817375.ProfileFailureEventId}", 80);
            cancellation.ThrowIfCancellationRequested();
            sources.ReadEvents(collection, startedAt);
            sources.ReadComputerName(collection);

            collection.Verdict = ProfileHealthEvaluator.Evaluate(ToEvidence(collection));
            return collection;
        }

        private List<DllVersionReading> ReadVersions(EvidenceSources sources, IReadOnlyList<ProcessScanResult> processes, HealthCollection collection, CancellationToken cancellation)
        {
            var versions = new List<DllVersionReading>();
            foreach (ProcessScanResult process in processes)
            {
                foreach (LoadedModule module in process.Modules)
                {
                    cancellation.ThrowIfCancellationRequested();
                    PeVersionInfo? info = ReadLoadedVersion(module.Path, process.Process.Id, collection);
                    if (info != null)
                    {
                        versions.Add(new DllVersionReading(module.Path, info, process.Process.Id, isLoaded: true));
                    }
                }
            }

            foreach (string file in sources.DllFiles)
            {
                cancellation.ThrowIfCancellationRequested();
                PeVersionInfo? info = EvidenceSources.ReadVersion(file, EvidenceKind.MapiDll, collection, "the Mapi32.dll");
                if (info != null)
                {
                    versions.Add(new DllVersionReading(file, info, null, isLoaded: false));
                }
            }

            return versions;
        }

        /// <summary>A loaded module's version: a failure makes the verdict uncertain, but is not the user's input error.</summary>
        private static PeVersionInfo? ReadLoadedVersion(string path, int processId, HealthCollection collection)
        {
            try
            {
                return VersionResourceReader.Read(path);
            }
            catch (Exception ex) when (ex is PeFormatException || ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                string sentence = $"The version of '{path}' (loaded by process {processId}) could not be read: {ex.Message}";
                collection.NotCheckedBecause(sentence);
                collection.Unreadable.Add(sentence);
                return null;
            }
        }

        private HealthEvidence ToEvidence(HealthCollection collection)
        {
            var byModule = collection.DllVersions.Where(v => v.IsLoaded).ToDictionary(v => (v.ProcessId, v.Path), v => v);
            var loaded = collection.LoadingProcesses
                .SelectMany(p => p.Modules.Select(m =>
                {
                    byModule.TryGetValue((p.Process.Id, m.Path), out DllVersionReading? version);
                    collection.Inspections.TryGetValue(p.Process.Id, out ProcessInspection? inspection);
                    return new LoadedDllEvidence(
                        p.Process.Id,
                        p.Process.Name,
                        p.Details?.ServiceNames ?? Array.Empty<string>(),
                        m.Path,
                        version?.Info.FileVersion,
                        version == null ? (bool?)null : version.Info.FileVersion < _options.MinimumVersion,
                        inspection?.IsExchange,
                        inspection?.ImpersonatedUsers,
                        inspection?.ImpersonationFailure);
                }))
                .ToList();
            int affectedOnDisk = collection.DllVersions.Count(v => !v.IsLoaded && v.Info.FileVersion < _options.MinimumVersion);
            return new HealthEvidence(
                _options.ServiceName,
                collection.ProfileCount,
                loaded,
                affectedOnDisk,
                collection.RecentEventCount,
                collection.ServiceStatus,
                collection.NotChecked,
                collection.IsOffline,
                collection.Unreadable,
                collection.ExchangeVersion);
        }
    }
}
