using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MapiProfileTools.Core.Hives
{
    /// <summary>Finds and opens the transaction logs offered for a dirty hive; a log that cannot be opened becomes a reason, never an exception.</summary>
    internal static class HiveLogFinder
    {
        private static readonly string[] Extensions = { ".LOG", ".LOG1", ".LOG2" };

        /// <summary>
        /// The logs named by <paramref name="logPaths"/>, or (null) the hive's own logs beside it: <c>&lt;file&gt;.LOG</c>,
        /// <c>.LOG1</c>, <c>.LOG2</c> in any letter case, as servers have them (<c>default.LOG</c>, <c>DEFAULT.LOG</c>).
        /// </summary>
        public static (List<HiveLogCandidate> Logs, string LookedFor) Find(string hivePath, IReadOnlyList<string>? logPaths)
        {
            if (logPaths != null)
            {
                return (logPaths.Select(Open).ToList(), logPaths.Count == 0 ? "none was to be used" : string.Empty);
            }

            string fileName = Path.GetFileName(hivePath);
            string lookedFor = $"looked for {fileName}.LOG, .LOG1 and .LOG2 beside it, in any letter case";
            string directory = Path.GetDirectoryName(Path.GetFullPath(hivePath)) ?? ".";
            List<string> found;
            try
            {
                var wanted = new HashSet<string>(Extensions.Select(e => fileName + e), StringComparer.OrdinalIgnoreCase);
                found = Directory.EnumerateFiles(directory).Where(f => wanted.Contains(Path.GetFileName(f))).OrderBy(f => f, StringComparer.Ordinal).ToList();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return (new List<HiveLogCandidate>(), $"{lookedFor}, but the folder '{directory}' cannot be listed: {ex.Message}");
            }

            return (found.Select(Open).ToList(), lookedFor);
        }

        public static (List<HiveLogCandidate> Logs, string LookedFor) FromStreams(IReadOnlyList<HiveLogStream>? logs)
        {
            var candidates = new List<HiveLogCandidate>();
            foreach (HiveLogStream log in logs ?? Array.Empty<HiveLogStream>())
            {
                candidates.Add(log.Stream.CanSeek && log.Stream.CanRead
                    ? new HiveLogCandidate(log.Name, log.Stream, null)
                    : new HiveLogCandidate(log.Name, null, "is not a readable, seekable stream"));
                if (!log.Stream.CanSeek || !log.Stream.CanRead)
                {
                    log.Stream.Dispose();
                }
            }

            return (candidates, "none was given with the hive's stream");
        }

        private static HiveLogCandidate Open(string path)
        {
            try
            {
                return new HiveLogCandidate(path, RegfHive.OpenShared(path), null);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return new HiveLogCandidate(path, null, "does not exist");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return new HiveLogCandidate(path, null, $"cannot be opened: {ex.Message}");
            }
        }
    }
}
