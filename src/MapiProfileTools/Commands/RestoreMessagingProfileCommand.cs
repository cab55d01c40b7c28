using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MapiProfileTools.Core.IO;
using MapiProfileTools.Core.Platform;
using MapiProfileTools.Core.Profiles;
using MapiProfileTools.Core.RegFiles;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Commands
{
    /// <summary>
    /// Restore-MessagingProfile: writes profiles read from a hive file (or the registry) back into the live
    /// registry, key for key, value for value. Never touches an existing profile without -Force, saves it to
    /// a .reg file before replacing it, and undoes everything for a profile whose restore fails half way.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "MessagingProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(MessagingProfile))]
    public sealed class RestoreMessagingProfileCommand : PSCmdlet
    {
        private const string RestoredTypeName = "MapiProfileTools.RestoredMessagingProfile";
        private ProfileRestorer? _restorer;
        private IRegistryWriter? _registry;
        private string? _backupFolder;

        /// <summary>Get-MessagingProfile's objects, typically read from a backup copy of the DEFAULT hive.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        /// <summary>The hive under HKEY_USERS to write to: .DEFAULT (LocalSystem), or a loaded user's SID.</summary>
        [Parameter]
        [ValidatePattern(@"^[^\\]+$")]
        [ArgumentCompleter(typeof(Completion.UserHiveCompleter))]
        public string User { get; set; } = ".DEFAULT";

        /// <summary>Replace a profile of the same name, after saving it to a .reg file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Make the restored profile the default even when another profile is.</summary>
        [Parameter]
        public SwitchParameter SetDefault { get; set; }

        /// <summary>The folder for the .reg files -Force saves replaced profiles to; the current location by default.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupPath { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>
        /// The registry the cmdlet writes to. Tests set it (through reflection) to a writer that fails a chosen
        /// write; null means the live registry.
        /// </summary>
        internal static Func<IRegistryWriter>? RegistryWriterFactory { get; set; }

        protected override void BeginProcessing()
        {
            if (!WindowsOnly.IsWindows)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PlatformNotSupportedException("Restore-MessagingProfile writes the live Windows registry. Run it on the server, remotely through Invoke-Command (with the hive file copied there), or export the profiles here with Export-MessagingProfile and import the .reg file on the server with regedit /s."),
                    ErrorIds.PlatformNotSupported,
                    ErrorCategory.NotImplemented,
                    null));
            }

            _registry = RegistryWriterFactory?.Invoke() ?? new WindowsRegistryWriter();
            _restorer = new ProfileRestorer(_registry);
        }

        protected override void ProcessRecord()
        {
            MessagingProfile? profile = ProfileInput.Get(this, InputObject, "Restore");
            if (profile == null)
            {
                return;
            }

            string target = $"HKEY_USERS\\{User}\\{profile.KeyPath}";
            ProfileRestorePlan plan;
            try
            {
                using (WindowsRegistryKey? hive = WindowsRegistryKey.OpenUsers(User))
                {
                    if (hive == null)
                    {
                        WriteError(new ErrorRecord(
                            new ItemNotFoundException($"No hive named '{User}' is loaded under HKEY_USERS; the profile '{profile.Name}' was not restored."),
                            ErrorIds.HiveNotFound,
                            ErrorCategory.ObjectNotFound,
                            User));
                        return;
                    }
                }

                plan = _restorer!.Plan(profile.Data, User, SetDefault);
            }
            catch (UnauthorizedAccessException ex)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.RegistryAccessDenied, ErrorCategory.PermissionDenied, target));
                return;
            }

            if (plan.Existing != null && !Force)
            {
                WriteError(new ErrorRecord(
                    new IOException($"A profile named '{profile.Name}' already exists at {target}; it was left untouched. Use -Force to replace it (it is saved to a .reg file first), or remove it yourself."),
                    ErrorIds.ProfileExists,
                    ErrorCategory.ResourceExists,
                    profile));
                return;
            }

            string what = string.Join(Environment.NewLine + "  ", plan.Describe());
            string description = $"Restore the MAPI profile '{profile.Name}' from {profile.Source} to {target}" + (plan.Existing != null ? ", replacing the existing one" : string.Empty) + $":{Environment.NewLine}  {what}";
            string warning = plan.Existing != null
                ? $"Replace the existing MAPI profile '{profile.Name}' at {target}? It is saved to a .reg file first."
                : $"Write the MAPI profile '{profile.Name}' to {target}?";
            if (!ShouldProcess(description, warning, "Restore a MAPI profile"))
            {
                return;
            }

            string? backup = null;
            if (plan.Existing != null)
            {
                backup = SaveExisting(plan);
                if (backup == null)
                {
                    return;
                }
            }

            try
            {
                _restorer!.Restore(plan);
            }
            catch (ProfileRestoreException ex)
            {
                WriteError(new ErrorRecord(
                    ex,
                    ex.RolledBack ? ErrorIds.RestoreFailed : ErrorIds.RestoreRollbackFailed,
                    ex.InnerException is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError,
                    profile));
                return;
            }

            RegistryKeySnapshot keys = profile.Data.Keys!;
            WriteVerbose($"Restored the profile '{profile.Name}' to {target}: {keys.KeyCount} key(s), {keys.ValueCount} value(s)" + (plan.NewDefault != null ? "; it is the default profile." : "."));
            if (PassThru)
            {
                WriteReadBack(profile, backup);
            }
        }

        /// <summary>Saves the profile about to be replaced to a .reg file; null (with an error written) when that fails.</summary>
        private string? SaveExisting(ProfileRestorePlan plan)
        {
            MessagingProfileData existing = new MessagingProfileData(
                plan.Profile.Name, plan.ExistingIsDefault, null, null, Array.Empty<MessageService>(), Array.Empty<ProfileSection>(), null,
                plan.Profile.Location, plan.Profile.KeyPath, plan.Existing, plan.DefaultKey.Substring(User.Length + 1), plan.ExistingIsDefault ? plan.CurrentDefault : null);
            string? problem = ProfileRegFile.Problem(existing);
            string folder = BackupFolder();
            string path = Path.Combine(folder, BackupFileName(plan.Profile.Name));
            try
            {
                if (problem != null)
                {
                    throw new IOException(problem);
                }

                ReplacingFileWriter.Write(path, overwriteReadOnly: false, stream =>
                {
                    using var writer = new StreamWriter(stream, RegFileWriter.Encoding, 65536, leaveOpen: true);
                    ProfileRegFile.Write(writer, "HKEY_USERS\\" + User, new[] { existing });
                });
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(
                    new IOException($"The existing profile '{plan.Profile.Name}' could not be saved to '{path}' ({ex.Message}), so it was not replaced. Name a folder you can write to with -BackupPath.", ex),
                    ErrorIds.RestoreFailed,
                    ErrorCategory.WriteError,
                    path));
                return null;
            }

            WriteVerbose($"Saved the existing profile '{plan.Profile.Name}' to '{path}' before replacing it.");
            WriteWarning($"The existing profile '{plan.Profile.Name}' is replaced; it was saved first to '{path}'. To put it back: regedit /s \"{path}\" (after removing the restored profile).");
            return path;
        }

        private string BackupFolder()
        {
            if (_backupFolder != null)
            {
                return _backupFolder;
            }

            if (BackupPath != null)
            {
                _backupFolder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(BackupPath);
            }
            else
            {
                PathInfo current = SessionState.Path.CurrentFileSystemLocation;
                _backupFolder = current.ProviderPath;
            }

            return _backupFolder;
        }

        private static string BackupFileName(string profileName)
        {
            char[] invalid = Path.GetInvalidFileNameChars();
            string safe = new string(profileName.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
            return $"MessagingProfile-{safe}-{DateTime.Now.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}.reg";
        }

        private void WriteReadBack(MessagingProfile restored, string? backup)
        {
            using WindowsRegistryKey? hive = WindowsRegistryKey.OpenUsers(User);
            if (hive == null)
            {
                return;
            }

            bool outlook = restored.Location != MessagingProfileReader.MessagingSubsystemLocation;
            IReadOnlyList<ProfileStore> stores = MessagingProfileReader.Read(hive, outlook, n => string.Equals(n, restored.Name, StringComparison.OrdinalIgnoreCase), _ => false);
            foreach (MessagingProfileData data in stores.Where(s => s.Location == restored.Location).SelectMany(s => s.Profiles))
            {
                // Still a MessagingProfile underneath (it pipes to Export-MessagingProfile); the extra type name
                // selects the view that shows BackupPath.
                var output = new PSObject(new MessagingProfile(data, "HKEY_USERS\\" + User, Environment.MachineName));
                output.TypeNames.Insert(0, RestoredTypeName);
                output.Properties.Add(new PSNoteProperty("BackupPath", backup));
                WriteObject(output);
            }
        }
    }
}
