using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using MapiProfileTools.Core.Health;
using MapiProfileTools.Core.PortableExecutable;

namespace MapiProfileTools.Commands
{
    /// <summary>
    /// Get-MapiProfileHealth: one report that answers "is this server in the KB 817375 state, and what
    /// should I do". Live, from this computer; offline, from a server's files only (-SystemRoot, or
    /// -HivePath/-DllPath/-EventLogPath). The core's HealthEvidenceCollector gathers the evidence; this
    /// cmdlet binds the parameters, shows progress and writes the report and the errors.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MapiProfileHealth", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(MapiProfileHealth))]
    public sealed class GetMapiProfileHealthCommand : PSCmdlet
    {
        private const string LiveSet = "Live";
        private const string FilesSet = "Files";
        private const string SystemRootSet = "SystemRoot";

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        /// <summary>A server's %SystemRoot% folder (WINNT of a mounted disk or restored backup); wildcards give one report per folder.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = SystemRootSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string SystemRoot { get; set; } = string.Empty;

        [Parameter(ParameterSetName = FilesSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? HivePath { get; set; }

        [Parameter(ParameterSetName = FilesSet)]
        [Parameter(ParameterSetName = SystemRootSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? DllPath { get; set; }

        [Parameter(ParameterSetName = FilesSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? EventLogPath { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.UserHiveCompleter))]
        public string User { get; set; } = ".DEFAULT";

        [Parameter(ParameterSetName = LiveSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.MapiModuleNameCompleter))]
        public string[] ModuleName { get; set; } = { Kb817375.MapiModuleName };

        [Parameter]
        [ValidateNotNull]
        public Version MinimumVersion { get; set; } = Kb817375.FixedMapiVersion;

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ExchangeServiceCompleter))]
        public string ServiceName { get; set; } = Kb817375.SystemAttendantService;

        /// <summary>What to do when a file parameter names a folder: most often it is the server's folder.</summary>
        private const string FolderHint = "Name a file in it, or give the server's %SystemRoot% folder (such as WINNT) with -SystemRoot to read all its evidence.";

        protected override void StopProcessing() => _stop.Cancel();

        protected override void EndProcessing()
        {
            switch (ParameterSetName)
            {
                case SystemRootSet:
                    foreach (string folder in ResolveSystemRoots())
                    {
                        var server = new ServerFolder(folder);
                        WriteVerbose($"Reading the server folder '{server.SystemRoot}'; its system drive is '{server.DriveRoot}'.");
                        Check(OfflineEvidence.FromSystemRoot(server, ResolveDlls()));
                    }

                    break;
                case FilesSet:
                    Check(FromFiles());
                    break;
                default:
                    Check(null);
                    break;
            }
        }

        /// <summary>One report: live when <paramref name="offline"/> is null.</summary>
        private void Check(OfflineEvidence? offline)
        {
            var progress = new ProgressRecord(2, "Checking for the KB 817375 state", "Starting");
            var options = new HealthCheckOptions
            {
                ServiceName = ServiceName,
                MinimumVersion = MinimumVersion,
                ModuleNames = ModuleName,
                User = User,
                Progress = (status, percent) =>
                {
                    progress.StatusDescription = status;
                    progress.PercentComplete = percent;
                    WriteProgress(progress);
                },
            };

            var collector = new HealthEvidenceCollector(LocalMachine.Current(), options);
            HealthCollection collection;
            try
            {
                collection = offline == null ? collector.CollectLive(_stop.Token) : collector.CollectOffline(offline, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: StopProcessing cancelled the scan; PowerShell ends the pipeline.
                return;
            }
            finally
            {
                // Completed before anything is written, so the bar is not drawn again over the output.
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }

            foreach (string note in collection.Notes)
            {
                WriteVerbose(note);
            }

            foreach (string warning in collection.Warnings)
            {
                WriteWarning(warning);
            }

            foreach (EvidenceProblem problem in collection.Problems)
            {
                WriteError(ErrorFor(problem));
            }

            WriteObject(MapiProfileHealth.From(collection, MinimumVersion));
        }

        private static ErrorRecord ErrorFor(EvidenceProblem problem)
        {
            switch (problem.Kind)
            {
                case EvidenceKind.MapiDll:
                case EvidenceKind.ServiceImage:
                    return PeFileErrors.Record(problem.Exception, problem.Path);
                case EvidenceKind.EventLogFile:
                    return EventLogFileErrors.Record(problem.Exception, problem.Path);
                default:
                    return HiveFileErrors.Record(problem.Exception, problem.Path);
            }
        }


        private OfflineEvidence FromFiles()
        {
            var evidence = new OfflineEvidence
            {
                HivePath = ResolveOne(HivePath, EvidenceKind.ProfileHive),
                EventLogPath = ResolveOne(EventLogPath, EvidenceKind.EventLogFile),
            };
            evidence.DllPaths = ResolveDlls(evidence);
            if (HivePath != null && evidence.HivePath == null)
            {
                evidence.AddUnresolved(EvidenceKind.ProfileHive, HivePath);
            }

            if (EventLogPath != null && evidence.EventLogPath == null)
            {
                evidence.AddUnresolved(EvidenceKind.EventLogFile, EventLogPath);
            }

            return evidence;
        }

        /// <summary>
        /// One file through the same resolver as the sibling cmdlets (a folder, a missing file and a wildcard
        /// that matches nothing are errors with their own ErrorIds); a wildcard that matches several is an error too.
        /// </summary>
        private string? ResolveOne(string? input, EvidenceKind kind)
        {
            if (input == null)
            {
                return null;
            }

            List<string> files = FileSystemPathResolver.Resolve(this, input, literal: false, _ => FolderHint);
            if (files.Count > 1)
            {
                string what = kind == EvidenceKind.ProfileHive ? "hive" : "event log";
                WriteError(new ErrorRecord(
                    new PSArgumentException($"'{input}' matches {files.Count} files ({string.Join(", ", files.Take(3))}{(files.Count > 3 ? ", ..." : string.Empty)}); a report reads one {what}. Name one file, or use -SystemRoot for each server's folder."),
                    ErrorIds.AmbiguousPath,
                    ErrorCategory.InvalidArgument,
                    input));
                return null;
            }

            return files.Count == 1 ? files[0] : null;
        }

        private List<string> ResolveDlls(OfflineEvidence? evidence = null)
        {
            var files = new List<string>();
            foreach (string input in DllPath ?? Array.Empty<string>())
            {
                List<string> resolved = FileSystemPathResolver.Resolve(this, input, literal: false, _ => FolderHint);
                if (resolved.Count == 0)
                {
                    evidence?.AddUnresolved(EvidenceKind.MapiDll, input);
                }

                files.AddRange(resolved);
            }

            return files;
        }

        /// <summary>The folders -SystemRoot names; a missing path or a file stops the command, since nothing else was asked.</summary>
        private List<string> ResolveSystemRoots()
        {
            var folders = new List<string>();
            Collection<string> paths;
            try
            {
                paths = SessionState.Path.GetResolvedProviderPathFromPSPath(SystemRoot, out ProviderInfo provider);
                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new PSArgumentException($"'{SystemRoot}' is a {provider.Name} path; -SystemRoot takes a folder on a file system drive, for example the WINNT folder of a mounted disk."),
                        ErrorIds.UnsupportedProvider,
                        ErrorCategory.InvalidArgument,
                        SystemRoot));
                }
            }
            catch (SessionStateException ex)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ItemNotFoundException($"{ex.Message} -SystemRoot takes the server's %SystemRoot% folder, for example E:\\WINNT of a mounted disk.", ex),
                    ErrorIds.FileNotFound,
                    ErrorCategory.ObjectNotFound,
                    SystemRoot));
                return folders;
            }

            foreach (string path in paths)
            {
                var server = Directory.Exists(path) ? new ServerFolder(path) : null;
                if (server == null || server.Find("system32") == null)
                {
                    string why = server == null ? "is a file, not a folder" : "has no system32 folder";
                    WriteError(new ErrorRecord(
                        new PSArgumentException($"'{path}' {why}: -SystemRoot takes a server's %SystemRoot% folder (WINNT or Windows), the one that holds system32\\config."),
                        ErrorIds.NotASystemRoot,
                        ErrorCategory.InvalidArgument,
                        path));
                    continue;
                }

                folders.Add(path);
            }

            return folders;
        }
    }
}
