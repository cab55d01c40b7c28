using System;

namespace MapiProfileTools.Core.EventLogFiles
{
    /// <summary>What kind of problem stopped an event log file read; the cmdlet layer maps each to a stable ErrorId.</summary>
    public enum EvtProblem
    {
        /// <summary>The file is not a legacy event log at all (no 0x30-byte 'LfLe' header): another file, or a Vista-and-later .evtx.</summary>
        NotAnEventLog,
        /// <summary>The log claims offsets, lengths or records that are out of range, disagree, loop or are damaged.</summary>
        Corrupt,
        /// <summary>A well-formed log of a kind this reader does not handle (a major version other than 1, a file past 4 GiB).</summary>
        Unsupported,
    }

    /// <summary>
    /// A legacy event log file (.evt) could not be read. Carries the file, the file offset where reading
    /// stopped and what was wrong there, so an admin can tell a damaged copy from the wrong file.
    /// </summary>
    public sealed class EvtFormatException : Exception
    {
        public EvtFormatException(EvtProblem problem, string filePath, long offset, string detail)
            : base(FormatMessage(problem, filePath, offset, detail))
        {
            Problem = problem;
            FilePath = filePath;
            Offset = offset;
            Detail = detail;
        }

        public EvtProblem Problem { get; }

        public string FilePath { get; }

        /// <summary>Offset from the start of the file at which the problem was found; -1 when it is not tied to one place.</summary>
        public long Offset { get; }

        public string Detail { get; }

        internal static string Where(long offset) => offset >= 0 ? $" at file offset 0x{offset:X}" : string.Empty;

        private static string FormatMessage(EvtProblem problem, string path, long offset, string detail)
        {
            switch (problem)
            {
                case EvtProblem.NotAnEventLog:
                    return $"'{path}' is not an event log file (.evt){Where(offset)}: {detail}.";
                case EvtProblem.Unsupported:
                    return $"'{path}' is an event log file this reader does not handle{Where(offset)}: {detail}.";
                default:
                    return $"'{path}' is a damaged event log file{Where(offset)}: {detail}.";
            }
        }
    }
}
