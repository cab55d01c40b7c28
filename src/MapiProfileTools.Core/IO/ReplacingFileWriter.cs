using System;
using System.IO;

namespace MapiProfileTools.Core.IO
{
    /// <summary>
    /// Writes a file through a temporary file beside it and moves that into place only once it is complete,
    /// so a failure half way (disk full, a value that cannot be written, Ctrl+C) leaves no partial file and
    /// an existing file as it was. Beside it, not in %TEMP%: a move within one folder is a rename, never a copy.
    /// </summary>
    public static class ReplacingFileWriter
    {
        /// <param name="path">The full path of the file to write.</param>
        /// <param name="overwriteReadOnly">Replace a read-only file (keeping it read-only afterwards, as Out-File -Force does).</param>
        /// <param name="write">Writes the content; any exception it throws leaves the target untouched.</param>
        /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
        /// <exception cref="UnauthorizedAccessException">The file is read-only and <paramref name="overwriteReadOnly"/> is false, or access is denied.</exception>
        public static void Write(string path, bool overwriteReadOnly, Action<Stream> write)
        {
            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
            if (!Directory.Exists(directory))
            {
                throw new DirectoryNotFoundException($"The folder '{directory}' does not exist.");
            }

            bool wasReadOnly = File.Exists(fullPath) && (File.GetAttributes(fullPath) & FileAttributes.ReadOnly) != 0;
            if (wasReadOnly && !overwriteReadOnly)
            {
                throw new UnauthorizedAccessException($"The file '{fullPath}' is read-only.");
            }

            string temporary = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    write(stream);
                    stream.Flush(flushToDisk: true);
                }

                if (File.Exists(fullPath))
                {
                    if (wasReadOnly)
                    {
                        File.SetAttributes(fullPath, File.GetAttributes(fullPath) & ~FileAttributes.ReadOnly);
                    }

                    try
                    {
                        Replace(temporary, fullPath);
                    }
                    finally
                    {
                        if (wasReadOnly)
                        {
                            File.SetAttributes(fullPath, File.GetAttributes(fullPath) | FileAttributes.ReadOnly);
                        }
                    }
                }
                else
                {
                    File.Move(temporary, fullPath);
                }
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }

        /// <summary>A rename over the old file: MoveFileEx on Windows, rename(2) (what File.Replace does) elsewhere.</summary>
        private static void Replace(string source, string target)
        {
            if (Platform.WindowsOnly.IsWindows)
            {
                Native.Kernel32.MoveFileReplacing(source, target);
            }
            else
            {
                File.Replace(source, target, destinationBackupFileName: null);
            }
        }
    }
}
