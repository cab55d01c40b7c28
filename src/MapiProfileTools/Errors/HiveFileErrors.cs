using System;
using System.IO;
using System.Management.Automation;
using MapiProfileTools.Core.Hives;

namespace MapiProfileTools
{
    /// <summary>
    /// What a hive file that cannot be read becomes, the same for every cmdlet that opens one
    /// (Get-MessagingProfile, Get-MapiProfileHealth): one ErrorId per kind of failure.
    /// </summary>
    internal static class HiveFileErrors
    {
        public static bool Handles(Exception ex) =>
            ex is RegfFormatException || ex is IOException || ex is UnauthorizedAccessException;

        public static ErrorRecord Record(Exception ex, string file)
        {
            switch (ex)
            {
                case RegfFormatException format:
                    return new ErrorRecord(format, format.Problem == RegfProblem.NotARegistryHive ? ErrorIds.NotARegistryHive : ErrorIds.CorruptHive, ErrorCategory.InvalidData, file);
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return new ErrorRecord(ex, ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, file);
                case UnauthorizedAccessException _:
                    return new ErrorRecord(
                        new UnauthorizedAccessException($"Access to '{file}' is denied. A live system's hive is locked: copy it first (reg save HKU\\.DEFAULT <file>), or run elevated.", ex),
                        ErrorIds.FileAccessDenied,
                        ErrorCategory.PermissionDenied,
                        file);
                default:
                    return new ErrorRecord(new IOException($"Cannot read '{file}': {ex.Message}", ex), ErrorIds.FileReadFailed, ErrorCategory.ReadError, file);
            }
        }
    }
}
