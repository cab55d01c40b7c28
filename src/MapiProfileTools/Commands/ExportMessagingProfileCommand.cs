using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MapiProfileTools.Core.IO;
using MapiProfileTools.Core.Profiles;
using MapiProfileTools.Core.RegFiles;

namespace MapiProfileTools.Commands
{
    /// <summary>
    /// Export-MessagingProfile: the piped profiles, every key and value as read, in one .reg file that
    /// regedit /s and reg import take on the server (Windows 2000 included). Written whole or not at all.
    /// </summary>
    [Cmdlet(VerbsData.Export, "MessagingProfile", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportMessagingProfileCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private readonly List<MessagingProfileData> _profiles = new List<MessagingProfileData>();

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string LiteralPath { get; set; } = string.Empty;

        /// <summary>Get-MessagingProfile's objects.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        /// <summary>The hive under HKEY_USERS the file's keys name: .DEFAULT (LocalSystem), or a SID.</summary>
        [Parameter]
        [ValidatePattern(@"^[^\\]+$")]
        [ArgumentCompleter(typeof(Completion.UserHiveCompleter))]
        public string User { get; set; } = ".DEFAULT";

        [Parameter]
        [Alias("NoOverwrite")]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>Overwrite a read-only file (it stays read-only).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            MessagingProfile? profile = ProfileInput.Get(this, InputObject, "Export");
            if (profile == null)
            {
                return;
            }

            string? problem = ProfileRegFile.Problem(profile.Data);
            if (problem != null)
            {
                WriteError(new ErrorRecord(new InvalidDataException(problem), ErrorIds.ProfileNotExportable, ErrorCategory.InvalidData, profile));
                return;
            }

            if (_profiles.Any(p => string.Equals(p.KeyPath, profile.Data.KeyPath, StringComparison.OrdinalIgnoreCase)))
            {
                // Two profiles of one name (from two hive files) would merge into one key on import.
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"A profile named '{profile.Name}' ({profile.Location}) is already in this export; the one from '{profile.Source}' is left out. Export it to another file."),
                    ErrorIds.DuplicateProfile,
                    ErrorCategory.InvalidArgument,
                    profile));
                return;
            }

            _profiles.Add(profile.Data);
        }

        protected override void EndProcessing()
        {
            if (_profiles.Count == 0)
            {
                WriteWarning("No profile to export; no file was written.");
                return;
            }

            string path = ResolveTarget();
            if (Directory.Exists(path))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"'{path}' is a directory. Name the .reg file to write, for example: -Path '{System.IO.Path.Combine(path, "profiles.reg")}'."),
                    ErrorIds.PathIsDirectory,
                    ErrorCategory.InvalidArgument,
                    path));
            }

            if (NoClobber && File.Exists(path))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The file '{path}' already exists, and -NoClobber was given. Name another file, or leave out -NoClobber to replace it."),
                    ErrorIds.FileExists,
                    ErrorCategory.ResourceExists,
                    path));
            }

            string names = string.Join(", ", _profiles.Select(p => "'" + p.Name + "'"));
            if (!ShouldProcess(path, $"Export {_profiles.Count} messaging profile(s) ({names}) for HKEY_USERS\\{User}"))
            {
                return;
            }

            try
            {
                ReplacingFileWriter.Write(path, Force, stream =>
                {
                    using var writer = new StreamWriter(stream, RegFileWriter.Encoding, 65536, leaveOpen: true);
                    ProfileRegFile.Write(writer, "HKEY_USERS\\" + User, _profiles);
                });
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                bool readOnly = ex is UnauthorizedAccessException && File.Exists(path) && (File.GetAttributes(path) & FileAttributes.ReadOnly) != 0 && !Force;
                string hint = readOnly ? " Use -Force to replace a read-only file." : ex is DirectoryNotFoundException ? " Create the folder first, or name a file in a folder that exists." : string.Empty;
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The profiles could not be written to '{path}': {ex.Message}{hint} No file was written or changed.", ex),
                    ErrorIds.ExportFailed,
                    ex is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ex is DirectoryNotFoundException ? ErrorCategory.ObjectNotFound : ErrorCategory.WriteError,
                    path));
            }

            WriteVerbose($"Exported {_profiles.Count} profile(s) ({names}), {_profiles.Sum(p => p.Keys!.KeyCount)} key(s) and {_profiles.Sum(p => p.Keys!.ValueCount)} value(s), to '{path}' for HKEY_USERS\\{User}.");
            if (PassThru)
            {
                WriteObject(new FileInfo(path));
            }
        }

        /// <summary>-Path may be a wildcard that names one existing file; otherwise both name the file as written.</summary>
        private string ResolveTarget()
        {
            string input = ParameterSetName == LiteralPathSet ? LiteralPath : Path;
            ProviderInfo provider;
            string resolved;
            try
            {
                if (ParameterSetName == PathSet && WildcardPattern.ContainsWildcardCharacters(Path))
                {
                    var matches = SessionState.Path.GetResolvedProviderPathFromPSPath(Path, out provider);
                    if (matches.Count != 1)
                    {
                        throw new PSArgumentException($"The path '{Path}' matches {matches.Count} files; name one file. Use -LiteralPath when the name holds [ or ].");
                    }

                    resolved = matches.First();
                }
                else
                {
                    resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(input, out provider, out _);
                }
            }
            catch (Exception ex) when (ex is SessionStateException || ex is PSArgumentException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.FileNotFound, ErrorCategory.InvalidArgument, input));
                throw;
            }

            if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException($"'{input}' is a {provider.Name} path; the .reg file must go to a file system path."),
                    ErrorIds.UnsupportedProvider,
                    ErrorCategory.InvalidArgument,
                    input));
            }

            return resolved;
        }
    }
}
