using System;

namespace MapiProfileTools.Core.Hives
{
    /// <summary>What kind of problem stopped a hive read; the cmdlet layer maps each to a stable ErrorId.</summary>
    public enum RegfProblem
    {
        /// <summary>The file is not a registry hive at all (no 'regf' signature).</summary>
        NotARegistryHive,
        /// <summary>The hive claims structures that are out of bounds, unallocated, looping, absurdly large or malformed.</summary>
        Corrupt,
        /// <summary>A well-formed file of a kind or size this reader does not handle (a transaction log, a major version other than 1).</summary>
        Unsupported,
    }

    /// <summary>
    /// A registry hive file could not be read. Carries the file, the file offset where reading stopped
    /// and what was wrong there, so an admin can tell a damaged copy from the wrong file.
    /// </summary>
    public sealed class RegfFormatException : Exception
    {
        public RegfFormatException(RegfProblem problem, string path, long offset, string detail)
            : base(FormatMessage(problem, path, offset, detail))
        {
            Problem = problem;
            Path = path;
            Offset = offset;
            Detail = detail;
        }

        public RegfProblem Problem { get; }

        public string Path { get; }

        /// <summary>Offset from the start of the file at which the problem was found; -1 when it is not tied to one place.</summary>
        public long Offset { get; }

        public string Detail { get; }

        internal static string Where(long offset) => offset >= 0 ? $" at file offset 0x{offset:X}" : string.Empty;

        private static string FormatMessage(RegfProblem problem, string path, long offset, string detail)
        {
            switch (problem)
            {
                case RegfProblem.NotARegistryHive:
                    return $"'{path}' is not a registry hive file{Where(offset)}: {detail}.";
                case RegfProblem.Unsupported:
                    return $"'{path}' is a registry file this reader does not handle{Where(offset)}: {detail}.";
                default:
                    return $"'{path}' is a damaged registry hive{Where(offset)}: {detail}.";
            }
        }
    }
}
