using System;
using System.IO;
using System.Management.Automation;
using MapiProfileTools.Core.EventLogFiles;

namespace MapiProfileTools
{
    /// <summary>What an event log file (.evt) that cannot be read becomes: one ErrorId per kind of failure.</summary>
    internal static class EventLogFileErrors
    {
        public static bool Handles(Exception ex) =>
            ex is EvtFormatException || ex is IOException || ex is UnauthorizedAccessException;

        public static ErrorRecord Record(Exception ex, string file)
        {
            switch (ex)
            {
                case EvtFormatException format:
                    string id = format.Problem == EvtProblem.NotAnEventLog ? ErrorIds.NotAnEventLog
                        : format.Problem == EvtProblem.Unsupported ? ErrorIds.UnsupportedEventLog
                        : ErrorIds.CorruptEventLog;
                    return new ErrorRecord(format, id, ErrorCategory.InvalidData, file);
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return new ErrorRecord(ex, ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, file);
                case UnauthorizedAccessException _:
                    return new ErrorRecord(
                        new UnauthorizedAccessException($"Access to '{file}' is denied. The event log service holds a live log open: save a copy first (Event Viewer's Save Log File As), or run elevated.", ex),
                        ErrorIds.FileAccessDenied,
                        ErrorCategory.PermissionDenied,
                        file);
                default:
                    return new ErrorRecord(new IOException($"Cannot read '{file}': {ex.Message}", ex), ErrorIds.FileReadFailed, ErrorCategory.ReadError, file);
            }
        }
    }
}
