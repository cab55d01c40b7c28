using System;
using System.IO;
using System.Management.Automation;
using MapiProfileTools.Core.PortableExecutable;

namespace MapiProfileTools
{
    /// <summary>
    /// What a PE file whose version cannot be read becomes, the same for every cmdlet that reads one
    /// (Test-MapiDllVersion, Get-MapiProfileHealth): one ErrorId per kind of failure.
    /// </summary>
    internal static class PeFileErrors
    {
        public static bool Handles(Exception ex) =>
            ex is PeFormatException || ex is IOException || ex is UnauthorizedAccessException;

        public static ErrorRecord Record(Exception ex, string file)
        {
            switch (ex)
            {
                case PeFormatException format:
                    return new ErrorRecord(format, ErrorIdFor(format.Problem), ErrorCategory.InvalidData, file);
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    // The file vanished between resolving the path and opening it.
                    return new ErrorRecord(ex, ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, file);
                case UnauthorizedAccessException _:
                    return new ErrorRecord(
                        new UnauthorizedAccessException($"Access to '{file}' is denied. Run the command elevated, or as an account that can read the file.", ex),
                        ErrorIds.FileAccessDenied,
                        ErrorCategory.PermissionDenied,
                        file);
                default:
                    return new ErrorRecord(new IOException($"Cannot read '{file}': {ex.Message}", ex), ErrorIds.FileReadFailed, ErrorCategory.ReadError, file);
            }
        }

        private static string ErrorIdFor(PeProblem problem)
        {
            switch (problem)
            {
                case PeProblem.NotPortableExecutable: return ErrorIds.NotPortableExecutable;
                case PeProblem.NoVersionResource: return ErrorIds.NoVersionResource;
                default: return ErrorIds.CorruptPortableExecutable;
            }
        }
    }
}
