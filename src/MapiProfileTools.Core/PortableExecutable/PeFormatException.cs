using System;

namespace MapiProfileTools.Core.PortableExecutable
{
    /// <summary>What kind of problem stopped a version read; the cmdlet layer maps each to a stable ErrorId.</summary>
    public enum PeProblem
    {
        /// <summary>The file is not a PE image at all (no MZ/PE signature, unknown optional header).</summary>
        NotPortableExecutable,
        /// <summary>A well-formed PE image that carries no RT_VERSION resource.</summary>
        NoVersionResource,
        /// <summary>The image claims structures that are out of bounds, looping, absurdly large or malformed.</summary>
        Corrupt,
    }

    /// <summary>
    /// A PE file could not yield a version. Carries the file, the byte offset where reading stopped and
    /// what was wrong there, so an admin can tell a damaged file from an unexpected one.
    /// </summary>
    public sealed class PeFormatException : Exception
    {
        public PeFormatException(PeProblem problem, string path, long offset, string detail)
            : base(FormatMessage(problem, path, offset, detail))
        {
            Problem = problem;
            Path = path;
            Offset = offset;
            Detail = detail;
        }

        public PeProblem Problem { get; }

        public string Path { get; }

        /// <summary>File offset at which the problem was found; -1 when it is not tied to one place.</summary>
        public long Offset { get; }

        public string Detail { get; }

        private static string FormatMessage(PeProblem problem, string path, long offset, string detail)
        {
            string where = offset >= 0 ? $" at offset 0x{offset:X}" : string.Empty;
            switch (problem)
            {
                case PeProblem.NotPortableExecutable:
                    return $"'{path}' is not a Windows PE file (DLL or EXE){where}: {detail}.";
                case PeProblem.NoVersionResource:
                    return $"'{path}' is a PE file but has no version resource: {detail}.";
                default:
                    return $"'{path}' is a damaged PE file{where}: {detail}.";
            }
        }
    }
}
