using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MapiProfileTools.Core.Services;

namespace MapiProfileTools.Core.Health
{
    /// <summary>
    /// A server's %SystemRoot% folder (WINNT of a mounted disk or a restored backup) and the drive that holds
    /// it: finds files by the server's own paths, whatever their letter case on this file system.
    /// </summary>
    public sealed class ServerFolder
    {
        private static readonly char[] Separators = { '\\', '/' };

        /// <param name="systemRoot">An existing folder: the server's %SystemRoot%.</param>
        public ServerFolder(string systemRoot)
        {
            SystemRoot = Path.GetFullPath(systemRoot).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (SystemRoot.Length == 0)
            {
                SystemRoot = Path.GetPathRoot(Path.GetFullPath(systemRoot)) ?? systemRoot;
            }

            DriveRoot = Path.GetDirectoryName(SystemRoot);
        }

        public string SystemRoot { get; }

        /// <summary>The folder that holds SystemRoot: the server's system drive (C:\); null at a file system root.</summary>
        public string? DriveRoot { get; }

        /// <summary>The server's system drive letter ("C:"), when known (from its SOFTWARE hive); else any letter is taken as it.</summary>
        public string? SystemDrive { get; set; }

        /// <summary>A file or folder under SystemRoot by a relative path ("system32\config\DEFAULT"), in any letter case; null when missing.</summary>
        public string? Find(string relativePath) => FindUnder(SystemRoot, relativePath);

        /// <summary>
        /// This machine's path of a file the server names by its own path, such as a service's ImagePath:
        /// "C:\Program Files\Exchsrvr\bin\mad.exe" (under the folder that holds SystemRoot),
        /// "%SystemRoot%\system32\x.dll", "\SystemRoot\System32\x.sys" or "system32\x.sys" (under SystemRoot);
        /// quotes and arguments as the service control manager reads them. Null when the path is on another
        /// drive, or the file is not there.
        /// </summary>
        public string? MapServerPath(string serverPath)
        {
            string? image = ImagePathParser.ImageFile(serverPath, Variable);
            if (image == null)
            {
                return null;
            }

            // %SystemRoot% and %SystemDrive% were expanded to this machine's folders above.
            if (IsUnder(image, SystemRoot))
            {
                return Find(image.Substring(SystemRoot.Length));
            }

            if (DriveRoot != null && IsUnder(image, DriveRoot))
            {
                return FindUnder(DriveRoot, image.Substring(DriveRoot.Length));
            }

            if (IsDrivePath(image))
            {
                if (DriveRoot == null || (SystemDrive != null && !string.Equals(image.Substring(0, 2), SystemDrive, StringComparison.OrdinalIgnoreCase)))
                {
                    return null;
                }

                return FindUnder(DriveRoot, image.Substring(3));
            }

            return null;
        }

        private static bool IsUnder(string path, string folder) =>
            path.StartsWith(folder, StringComparison.Ordinal) && path.Length > folder.Length && Array.IndexOf(Separators, path[folder.Length]) >= 0;

        private static bool IsDrivePath(string path) =>
            path.Length >= 3 && char.IsLetter(path[0]) && path[1] == ':' && (path[2] == '\\' || path[2] == '/');

        /// <summary>The server's folders stand for its environment variables; others stay unexpanded (and so are not found).</summary>
        private string? Variable(string name)
        {
            if (string.Equals(name, "SystemRoot", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "windir", StringComparison.OrdinalIgnoreCase))
            {
                return SystemRoot;
            }

            return string.Equals(name, "SystemDrive", StringComparison.OrdinalIgnoreCase) ? DriveRoot : null;
        }

        /// <summary>Walks the path one name at a time, taking the exact name if it exists, else the one equal ignoring case.</summary>
        private static string? FindUnder(string root, string relativePath)
        {
            string current = root;
            string[] names = relativePath.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i];
                if (name == "." || name == ".." || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
                {
                    return null;
                }

                bool last = i == names.Length - 1;
                string exact = Path.Combine(current, name);
                if (last ? File.Exists(exact) || Directory.Exists(exact) : Directory.Exists(exact))
                {
                    current = exact;
                    continue;
                }

                IEnumerable<string> entries;
                try
                {
                    entries = last ? Directory.EnumerateFileSystemEntries(current) : Directory.EnumerateDirectories(current);
                    string? match = entries.Where(e => string.Equals(Path.GetFileName(e), name, StringComparison.OrdinalIgnoreCase))
                        .OrderBy(e => e, StringComparer.Ordinal)
                        .FirstOrDefault();
                    if (match == null)
                    {
                        return null;
                    }

                    current = match;
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    return null;
                }
            }

            return current;
        }
    }
}
