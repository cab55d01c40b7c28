using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.Platform;
using MapiProfileTools.Core.Profiles;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Commands
{
    /// <summary>
    /// Get-MessagingProfile: the MAPI profiles KB 817375 is about, from the live registry (HKEY_USERS\.DEFAULT
    /// by default) or from hive files copied off a server that cannot run PowerShell.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MessagingProfile", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(MessagingProfile))]
    public sealed class GetMessagingProfileCommand : PSCmdlet
    {
        private const string LiveSet = "Live";
        private const string HiveSet = "Hive";

        private WildcardPattern[]? _namePatterns;
        private List<string>? _logPaths;

        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.UserHiveCompleter))]
        public string[] User { get; set; } = { ".DEFAULT" };

        [Parameter(Mandatory = true, ParameterSetName = HiveSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "Path")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] HivePath { get; set; } = Array.Empty<string>();

        /// <summary>
        /// The transaction logs to replay into a dirty hive, instead of the hive's own .LOG, .LOG1 and .LOG2 found
        /// beside it. Meant with one -HivePath: each dirty hive is offered every log named.
        /// </summary>
        [Parameter(ParameterSetName = HiveSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? LogPath { get; set; }

        [Parameter]
        public SwitchParameter IncludeOutlook { get; set; }

        protected override void BeginProcessing()
        {
            _namePatterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
            if (ParameterSetName == LiveSet && !WindowsOnly.IsWindows)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PlatformNotSupportedException("The live registry is only available on Windows. To read the profiles of a server, copy its hive file (%SystemRoot%\\system32\\config\\DEFAULT) and use -HivePath."),
                    ErrorIds.PlatformNotSupported,
                    ErrorCategory.NotImplemented,
                    null));
            }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == HiveSet)
            {
                _logPaths ??= ResolveLogPaths();
                foreach (string input in HivePath)
                {
                    foreach (string file in FileSystemPathResolver.Resolve(this, input, literal: false, FileSystemPathResolver.HiveFolderAdvice))
                    {
                        ReadHiveFile(file);
                    }
                }
            }
            else
            {
                ReadLiveHives();
            }
        }

        private void ReadLiveHives()
        {
            List<string> hives;
            using (WindowsRegistryKey users = WindowsRegistryKey.OpenUsers())
            {
                IReadOnlyList<string> loaded = users.GetSubKeyNames();
                hives = new List<string>();
                foreach (string user in User)
                {
                    var pattern = new WildcardPattern(user, WildcardOptions.IgnoreCase);
                    // '*' means every user hive; the *_Classes hives hold file associations, not profiles.
                    var matches = loaded.Where(h => pattern.IsMatch(h) && !h.EndsWith("_Classes", StringComparison.OrdinalIgnoreCase)).ToList();
                    if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(user))
                    {
                        WriteError(new ErrorRecord(
                            new ItemNotFoundException($"No hive named '{user}' is loaded under HKEY_USERS. Loaded hives: {string.Join(", ", loaded)}."),
                            ErrorIds.HiveNotFound,
                            ErrorCategory.ObjectNotFound,
                            user));
                    }

                    hives.AddRange(matches.Where(m => !hives.Contains(m, StringComparer.OrdinalIgnoreCase)));
                }
            }

            foreach (string hive in hives)
            {
                string source = "HKEY_USERS\\" + hive;
                try
                {
                    using WindowsRegistryKey? root = WindowsRegistryKey.OpenUsers(hive);
                    if (root != null)
                    {
                        Report(root, source, Environment.MachineName, null);
                    }
                }
                catch (UnauthorizedAccessException ex)
                {
                    WriteError(new ErrorRecord(ex, ErrorIds.RegistryAccessDenied, ErrorCategory.PermissionDenied, source));
                }
            }
        }

        private void ReadHiveFile(string file)
        {
            WriteVerbose($"Reading the hive file '{file}'.");
            try
            {
                using RegfHive hive = RegfHive.Open(file, logPaths: _logPaths);
                // A dirty hive was replayed from its logs on open: the notes say which; when none could be
                // used, its one warning (below, with the others) says what was looked for and why.
                foreach (string note in hive.Notes)
                {
                    WriteVerbose(note);
                }

                // The reader collects warnings (a damaged entry skipped) while it walks: show them as they
                // come, so that a skipped entry is seen before a "profiles missing" warning it may explain.
                int shown = 0;
                void FlushWarnings()
                {
                    for (; shown < hive.Warnings.Count; shown++)
                    {
                        // Each of the reader's warnings already names the file ('<file>' at file offset ...).
                        WriteWarning(hive.Warnings[shown]);
                    }
                }

                Report(hive.Root, file, null, FlushWarnings);
                FlushWarnings();
            }
            catch (Exception ex) when (HiveFileErrors.Handles(ex))
            {
                WriteError(HiveFileErrors.Record(ex, file));
            }
        }

        /// <summary>
        /// -LogPath as files (null without it: the reader finds each hive's own logs). A name that matches no file
        /// is an error here and stays in the list, so a dirty hive's warning says that log was missing.
        /// </summary>
        private List<string>? ResolveLogPaths()
        {
            if (LogPath == null)
            {
                return null;
            }

            var files = new List<string>();
            foreach (string input in LogPath)
            {
                List<string> resolved = FileSystemPathResolver.Resolve(this, input, literal: false);
                if (resolved.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(input))
                {
                    try
                    {
                        resolved.Add(GetUnresolvedProviderPathFromPSPath(input));
                    }
                    catch (SessionStateException)
                    {
                        // Not a file system path: the resolver's error said so.
                    }
                }

                files.AddRange(resolved);
            }

            return files;
        }

        private void Report(IRegistryKey root, string source, string? computerName, Action? flushWarnings)
        {
            IReadOnlyList<ProfileStore> stores = MessagingProfileReader.Read(root, IncludeOutlook, IsWanted, ex => ex is RegfFormatException);
            foreach (ProfileStore store in stores)
            {
                flushWarnings?.Invoke();
                foreach (string problem in store.Problems)
                {
                    WriteError(new ErrorRecord(new InvalidDataException($"{source}: {problem}"), ErrorIds.CorruptHive, ErrorCategory.InvalidData, source));
                }

                if (store.Location == MessagingProfileReader.MessagingSubsystemLocation && store.State != ProfileStoreState.Present)
                {
                    string what = store.State == ProfileStoreState.KeyMissing ? "does not exist" : "holds no profile";
                    string key = source.StartsWith("HKEY_", StringComparison.Ordinal) ? $"{source}\\{store.KeyPath}" : $"The key {store.KeyPath} of '{source}'";
                    WriteWarning($"{key} {what}. This is the state KB 817375 describes: a MAPI program with a Mapi32.dll older than 6.0.6448.0 deleted the Exchange profiles, and the System Attendant logs event 9202. Restarting the System Attendant (MSExchangeSA) with its dependent services re-creates them.");
                }

                foreach (MessagingProfileData profile in store.Profiles)
                {
                    WriteObject(new MessagingProfile(profile, source, computerName));
                }

                ReportNamesNotFound(store, source);
            }
        }

        private void ReportNamesNotFound(ProfileStore store, string source)
        {
            if (Name == null || store.State != ProfileStoreState.Present || store.Location != MessagingProfileReader.MessagingSubsystemLocation)
            {
                return;
            }

            foreach (string name in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
            {
                if (!store.Profiles.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    // A registry source joins its key path with backslashes; a hive file's path is named apart
                    // from the key inside it, so a Linux path and a registry path never run together.
                    string where = source.StartsWith("HKEY_", StringComparison.Ordinal) ? $"in {source}\\{store.KeyPath}" : $"under the key {store.KeyPath} of '{source}'";
                    WriteError(new ErrorRecord(
                        new ItemNotFoundException($"No profile named '{name}' {where}."),
                        ErrorIds.ProfileNotFound,
                        ErrorCategory.ObjectNotFound,
                        name));
                }
            }
        }

        private bool IsWanted(string profileName) => _namePatterns == null || _namePatterns.Any(p => p.IsMatch(profileName));
    }
}
