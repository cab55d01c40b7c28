using System;
using System.Diagnostics;
using System.IO;
using MapiProfileTools.Core.PortableExecutable;

namespace MapiProfileTools.Bench.VersionRead
{
    /// <summary>One way of getting from a path to "what version is this", timed over the whole input set.</summary>
    internal abstract class ReadMethod
    {
        public abstract string Name { get; }

        public abstract string Description { get; }

        /// <summary>Reads every file once; the return value depends on what was read so no work can be skipped.</summary>
        public abstract long Pass(string[] files);
    }

    /// <summary>
    /// The floor: what any version read has to pay at least — open the file the way the reader does,
    /// read its first page (where the headers are), close it. The reader cannot beat this by much.
    /// </summary>
    internal sealed class OpenReadFirstPage : ReadMethod
    {
        private const int PageSize = 4096;
        private readonly byte[] _page = new byte[PageSize];

        public override string Name => "floor";

        public override string Description => "open + read first 4 KiB + close (FileStream, bufferSize 1)";

        public override long Pass(string[] files)
        {
            long sink = 0;
            foreach (string path in files)
            {
                try
                {
                    using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
                    int filled = 0;
                    while (filled < PageSize)
                    {
                        int read = stream.Read(_page, filled, PageSize - filled);
                        if (read == 0)
                        {
                            break;
                        }

                        filled += read;
                    }

                    sink += filled + _page[0];
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    sink--;
                }
            }

            return sink;
        }
    }

    /// <summary>The code under measurement: the core's cross-platform RT_VERSION reader.</summary>
    internal sealed class CoreVersionReader : ReadMethod
    {
        public override string Name => "reader";

        public override string Description => "VersionResourceReader.Read(path), then the three strings Test-MapiDllVersion shows";

        public override long Pass(string[] files)
        {
            long sink = 0;
            foreach (string path in files)
            {
                try
                {
                    // What Test-MapiDllVersion takes from a file: the fixed version and three strings.
                    PeVersionInfo info = VersionResourceReader.Read(path);
                    sink += info.FileVersion.Major + (info.GetString("FileVersion")?.Length ?? 0) +
                        (info.GetString("CompanyName")?.Length ?? 0) + (info.GetString("FileDescription")?.Length ?? 0);
                }
                catch (PeFormatException e)
                {
                    // Deciding "not PE" or "no version" is part of the work; it counts as processed.
                    sink += 1000 + (int)e.Problem;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    sink--;
                }
            }

            return sink;
        }
    }

    /// <summary>
    /// For context only. On Windows this calls the Win32 version API; elsewhere .NET reads the
    /// assembly's managed metadata (AssemblyFileVersion etc.) and knows nothing of RT_VERSION, so it
    /// does different work and its speed is not a target.
    /// </summary>
    internal sealed class FrameworkFileVersionInfo : ReadMethod
    {
        public override string Name => "FileVersionInfo";

        public override string Description => OperatingSystem.IsWindows()
            ? "FileVersionInfo.GetVersionInfo(path) (Win32 version API)"
            : "FileVersionInfo.GetVersionInfo(path) (managed metadata only off Windows: not comparable)";

        public override long Pass(string[] files)
        {
            long sink = 0;
            foreach (string path in files)
            {
                try
                {
                    FileVersionInfo info = FileVersionInfo.GetVersionInfo(path);
                    sink += info.FileMajorPart + (info.FileVersion?.Length ?? 0);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    sink--;
                }
            }

            return sink;
        }
    }
}
