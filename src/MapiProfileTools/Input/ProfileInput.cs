using System.Management.Automation;

namespace MapiProfileTools
{
    /// <summary>
    /// What Export- and Restore-MessagingProfile accept from the pipeline: Get-MessagingProfile's objects
    /// from this session. A deserialized copy (from Invoke-Command, Import-Clixml) is refused: it carries
    /// the decoded view, not the profile's keys and values as stored, and nothing can prove that a property
    /// bag is complete (Select-Object, a lower serialization depth). The fix is to run the command where the
    /// profile was read, inside the script block, and copy the .reg file.
    /// </summary>
    internal static class ProfileInput
    {
        public const string DeserializedTypeName = "Deserialized.MapiProfileTools.MessagingProfile";

        /// <summary>The profile, or null after writing one error that says why this input is not one.</summary>
        public static MessagingProfile? Get(PSCmdlet cmdlet, PSObject? input, string verb)
        {
            if (input?.BaseObject is MessagingProfile profile)
            {
                return profile;
            }

            if (input != null && input.TypeNames.Contains(DeserializedTypeName))
            {
                string name = input.Properties["Name"]?.Value as string ?? "(no name)";
                string computer = input.Properties["PSComputerName"]?.Value as string ?? input.Properties["ComputerName"]?.Value as string ?? "the server";
                string example = verb == "Export"
                    ? $"Invoke-Command -ComputerName {computer} {{ Get-MessagingProfile | Export-MessagingProfile -Path C:\\Backup\\profiles.reg }}, then copy the file"
                    : $"Invoke-Command -ComputerName {computer} {{ Get-MessagingProfile -HivePath <copy of the DEFAULT hive> -Name '{name}' | Restore-MessagingProfile }}, or import an exported .reg file there with regedit /s";
                cmdlet.WriteError(new ErrorRecord(
                    new PSInvalidOperationException($"The profile '{name}' is a deserialized copy (it came through Invoke-Command or Import-Clixml), which does not carry the profile's registry values byte for byte. {verb} it on the computer that read it, inside the script block: {example}."),
                    ErrorIds.DeserializedProfile,
                    ErrorCategory.InvalidArgument,
                    input));
                return null;
            }

            cmdlet.WriteError(new ErrorRecord(
                new PSArgumentException($"{verb}-MessagingProfile takes the profiles Get-MessagingProfile writes; '{input}' is a {input?.BaseObject?.GetType().FullName ?? "null"}."),
                ErrorIds.NotAMessagingProfile,
                ErrorCategory.InvalidArgument,
                input));
            return null;
        }
    }
}
