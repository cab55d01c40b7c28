using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using MapiProfileTools.Core.Events;
using MapiProfileTools.Core.Health;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.Platform;
using MapiProfileTools.Core.PortableExecutable;
using MapiProfileTools.Core.Processes;
using MapiProfileTools.Core.Profiles;
using MapiProfileTools.Core.Registry;
using MapiProfileTools.Core.Services;

namespace MapiProfileTools.Commands
{
    /// <summary>
    /// Get-MapiProfileHealth: one report that answers "is this server in the KB 817375 state, and what
    /// should I do", from the profiles, the processes with Mapi32.dll loaded, their versions, event 9202
    /// and the System Attendant's status. Off Windows, or without live evidence, it works on what it can
    /// see (processes, files, hive copies) and says what it could not check.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MapiProfileHealth")]
    [OutputType(typeof(MapiProfileHealth))]
    public sealed class GetMapiProfileHealthCommand : PSCmdlet
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HivePath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? DllPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.UserHiveCompleter))]
        public string User { get; set; } = ".DEFAULT";

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.MapiModuleNameCompleter))]
        public string[] ModuleName { get; set; } = { "mapi32.dll" };

        [Parameter]
        [ValidateNotNull]
        public Version MinimumVersion { get; set; } = TestMapiDllVersionCommand.FixedMapiVersion;

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ExchangeServiceCompleter))]
        public string ServiceName { get; set; } = "MSExchangeSA";

        protected override void StopProcessing() => _stop.Cancel();

        protected override void EndProcessing()
        {
            var notChecked = new List<string>();
            var findings = new List<object>();
            var progress = new ProgressRecord(2, "Checking for the KB 817375 state", "Reading the profiles");
            try
            {
                WriteProgress(progress);
                (int? profileCount, string? profileSource) = CountProfiles(notChecked, findings);

                progress.StatusDescription = "Finding the processes that loaded " + string.Join(", ", ModuleName);
                progress.PercentComplete = 25;
                WriteProgress(progress);
                var processes = FindLoadingProcesses(notChecked);
                findings.AddRange(processes);

                progress.StatusDescription = "Reading Mapi32.dll versions";
                progress.PercentComplete = 50;
                WriteProgress(progress);
                var versions = ReadVersions(processes, notChecked);
                findings.AddRange(versions.Select(v => v.Version));

                progress.StatusDescription = "Reading the System Attendant's status and events";
                progress.PercentComplete = 75;
                WriteProgress(progress);
                (string? serviceStatus, DateTime? startedAt) = ReadService(notChecked);
                int? events = CountEvents(startedAt, notChecked, findings);

                var byModule = versions.Where(v => !v.FromDllPath).ToDictionary(v => (v.Version.ProcessId, v.Version.Path), v => v.Version);
                var loaded = processes.Select(p =>
                {
                    byModule.TryGetValue((p.Id, p.ModulePath), out MapiDllVersion? version);
                    return new LoadedDllEvidence(p.Id, p.ProcessName, p.ServiceName, p.ModulePath, version?.FileVersionNumber, version?.IsAffected);
                }).ToList();
                int affectedOnDisk = versions.Count(v => v.FromDllPath && v.Version.IsAffected);
                var evidence = new HealthEvidence(ServiceName, profileCount, loaded, affectedOnDisk, events, serviceStatus, notChecked);
                HealthVerdict verdict = ProfileHealthEvaluator.Evaluate(evidence);

                WriteObject(new MapiProfileHealth(
                    Environment.MachineName,
                    verdict,
                    profileCount,
                    profileSource,
                    processes.ToArray(),
                    versions.Select(v => v.Version).Where(v => v.IsAffected).ToArray(),
                    events,
                    ServiceName,
                    serviceStatus,
                    findings.ToArray(),
                    notChecked.ToArray()));
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }

        private (int? Count, string? Source) CountProfiles(List<string> notChecked, List<object> findings)
        {
            if (HivePath != null)
            {
                string file = GetUnresolvedProviderPathFromPSPath(HivePath);
                try
                {
                    using RegfHive hive = RegfHive.Open(file);
                    if (hive.IsDirty)
                    {
                        WriteWarning(HiveFileErrors.DirtyWarning(file));
                    }

                    return (CountProfiles(hive.Root, file, null, findings), file);
                }
                catch (Exception ex) when (HiveFileErrors.Handles(ex))
                {
                    WriteError(HiveFileErrors.Record(ex, file));
                    notChecked.Add($"The profiles could not be read from '{file}': {ex.Message}");
                    return (null, file);
                }
            }

            if (!WindowsOnly.IsWindows)
            {
                notChecked.Add("The live registry is only available on Windows, so the profiles were not checked.");
                return (null, null);
            }

            string source = "HKEY_USERS\\" + User;
            try
            {
                using WindowsRegistryKey? root = WindowsRegistryKey.OpenUsers(User);
                if (root == null)
                {
                    notChecked.Add($"No hive named '{User}' is loaded under HKEY_USERS.");
                    return (null, source);
                }

                return (CountProfiles(root, source, Environment.MachineName, findings), source);
            }
            catch (UnauthorizedAccessException ex)
            {
                notChecked.Add($"The profiles under {source} could not be read: {ex.Message}");
                return (null, source);
            }
        }

        private static int CountProfiles(IRegistryKey root, string source, string? computerName, List<object> findings)
        {
            ProfileStore store = MessagingProfileReader.Read(root, includeOutlook: false, _ => true, ex => ex is RegfFormatException)[0];
            findings.AddRange(store.Profiles.Select(p => new MessagingProfile(p, source, computerName)));
            return store.Profiles.Count + store.Problems.Count;
        }

        private List<MapiLoadedProcess> FindLoadingProcesses(List<string> notChecked)
        {
            var found = new List<MapiLoadedProcess>();
            IProcessModuleSource source;
            try
            {
                source = ProcessModuleSources.ForThisPlatform();
            }
            catch (PlatformNotSupportedException ex)
            {
                notChecked.Add($"The processes were not checked: {ex.Message}");
                return found;
            }

            var pattern = new ModuleNamePattern(ModuleName);
            int denied = 0;
            foreach (ProcessScanResult result in ParallelProcessScan.ScanBatch(source, source.ListProcesses(), pattern, _stop.Token))
            {
                if (result.Outcome == ProcessScanOutcome.Matched)
                {
                    found.AddRange(MapiLoadedProcess.FromScan(result));
                }
                else if (result.Outcome == ProcessScanOutcome.AccessDenied)
                {
                    denied++;
                }
            }

            if (denied > 0)
            {
                notChecked.Add($"The modules of {denied} process(es) could not be read (access denied); run elevated to see every process.");
            }

            return found;
        }

        private List<(MapiDllVersion Version, bool FromDllPath)> ReadVersions(List<MapiLoadedProcess> processes, List<string> notChecked)
        {
            var versions = new List<(MapiDllVersion, bool)>();
            foreach (MapiLoadedProcess process in processes)
            {
                MapiDllVersion? version = TryRead(process.ModulePath, process.Id, notChecked);
                if (version != null)
                {
                    versions.Add((version, false));
                }
            }

            foreach (string input in DllPath ?? Array.Empty<string>())
            {
                foreach (string file in FileSystemPathResolver.Resolve(this, input, literal: false))
                {
                    MapiDllVersion? version = TryRead(file, null, notChecked);
                    if (version != null)
                    {
                        versions.Add((version, true));
                    }
                }
            }

            return versions;
        }

        private MapiDllVersion? TryRead(string path, int? processId, List<string> notChecked)
        {
            try
            {
                return MapiDllVersion.FromVersionInfo(path, VersionResourceReader.Read(path), MinimumVersion, processId);
            }
            catch (Exception ex) when (ex is PeFormatException || ex is IOException || ex is UnauthorizedAccessException)
            {
                notChecked.Add($"The version of '{path}' could not be read: {ex.Message}");
                return null;
            }
        }

        private (string? Status, DateTime? StartedAt) ReadService(List<string> notChecked)
        {
            if (!WindowsOnly.IsWindows)
            {
                notChecked.Add($"Service control is only available on Windows, so {ServiceName} was not checked.");
                return (null, null);
            }

            try
            {
                ServiceStatusInfo? status = new WindowsServiceControl().Query(ServiceName);
                if (status == null)
                {
                    return ("NotInstalled", null);
                }

                DateTime? startedAt = null;
                if (status.ProcessId > 0)
                {
                    try
                    {
                        using var process = System.Diagnostics.Process.GetProcessById(status.ProcessId);
                        startedAt = process.StartTime;
                    }
                    catch (Exception ex) when (ex is ArgumentException || ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception)
                    {
                        notChecked.Add($"The start time of {ServiceName} could not be read: {ex.Message}");
                    }
                }

                return (status.State.ToString(), startedAt);
            }
            catch (ServiceControlException ex)
            {
                notChecked.Add(ex.Message);
                return (null, null);
            }
        }

        private int? CountEvents(DateTime? since, List<string> notChecked, List<object> findings)
        {
            if (!WindowsOnly.IsWindows)
            {
                notChecked.Add("The event log is only available on Windows, so event 9202 was not counted.");
                return null;
            }

            if (since == null)
            {
                notChecked.Add($"{ServiceName} is not running, so there are no events since it started to count.");
                return null;
            }

            try
            {
                var events = new WindowsEventLogReader().Read(new EventQuery("Application", GetSystemAttendantEventCommand.Provider, new[] { GetSystemAttendantEventCommand.ProfileFailureEventId }, since, null));
                findings.AddRange(events.Select(e => new SystemAttendantEvent(e)));
                return events.Count;
            }
            catch (EventLogReadException ex)
            {
                notChecked.Add(ex.Message);
                return null;
            }
        }
    }
}
