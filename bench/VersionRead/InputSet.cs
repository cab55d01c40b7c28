using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace MapiProfileTools.Bench.VersionRead
{
    /// <summary>
    /// The files every pass reads, in a fixed order: by default the DLLs of the .NET installation that
    /// runs the benchmark (real PE files of many sizes, present on every machine that can run it).
    /// </summary>
    internal sealed class InputSet
    {
        private InputSet(string description, string[] files, int found)
        {
            Description = description;
            Files = files;
            FoundCount = found;
        }

        public string Description { get; }

        public string[] Files { get; }

        /// <summary>How many files matched before the cap.</summary>
        public int FoundCount { get; }

        public static InputSet Create(BenchmarkOptions options)
        {
            List<string> roots;
            string description;
            if (options.Folders.Count > 0)
            {
                roots = options.Folders.Select(Path.GetFullPath).ToList();
                foreach (string root in roots.Where(r => !Directory.Exists(r)))
                {
                    throw new DirectoryNotFoundException($"--folder '{root}' does not exist");
                }

                description = "--folder " + string.Join(", ", roots);
            }
            else
            {
                string dotnetRoot = FindDotnetRoot();
                roots = new List<string> { dotnetRoot };
                description = ".NET installation at " + dotnetRoot;
            }

            var enumeration = new EnumerationOptions
            {
                RecurseSubdirectories = true,
                IgnoreInaccessible = true,
                // Follow no directory links: the same file twice would be read from a warmer cache.
                AttributesToSkip = FileAttributes.ReparsePoint,
            };

            // Ordinal sort so the set (and the cap) is the same on every run and every culture.
            string[] all = roots
                .SelectMany(root => Directory.EnumerateFiles(root, options.Pattern, enumeration))
                .Distinct(StringComparer.Ordinal)
                .OrderBy(path => path, StringComparer.Ordinal)
                .ToArray();
            string[] files = options.MaxFiles > 0 && all.Length > options.MaxFiles ? all.Take(options.MaxFiles).ToArray() : all;
            return new InputSet(description, files, all.Length);
        }

        /// <summary>
        /// The folder that holds shared/, found by walking up from the runtime directory
        /// (…/shared/Microsoft.NETCore.App/&lt;version&gt;/), so no machine path is written down anywhere.
        /// </summary>
        private static string FindDotnetRoot()
        {
            var starts = new List<string>();
            string? coreLib = typeof(object).Assembly.Location;
            if (!string.IsNullOrEmpty(coreLib))
            {
                starts.Add(Path.GetDirectoryName(coreLib)!);
            }

            starts.Add(RuntimeEnvironment.GetRuntimeDirectory());
            foreach (string start in starts)
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    if (Directory.Exists(Path.Combine(dir.FullName, "shared")))
                    {
                        return dir.FullName;
                    }
                }
            }

            throw new DirectoryNotFoundException("could not find the .NET installation (no parent of the runtime directory holds shared/); use --folder");
        }
    }
}
