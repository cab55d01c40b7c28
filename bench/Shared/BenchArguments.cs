using System;
using System.IO;

namespace MapiProfileTools.Bench
{
    /// <summary>What every benchmark program needs from its command line and the repository, in one place.</summary>
    internal static class BenchArguments
    {
        /// <summary>The value after <paramref name="name"/> ("--out DIR"); null when the option is not given.</summary>
        public static string? Option(string[] args, string name)
        {
            int at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        /// <summary>The repository root (the folder with the module manifest); null when the program runs elsewhere.</summary>
        public static string? RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MapiProfileTools.psd1")))
                {
                    return dir.FullName;
                }
            }

            return null;
        }

        /// <summary>out/bench/&lt;name&gt; under the repository, so 'Clean' removes it; else a folder in the current one.</summary>
        public static string DefaultFolder(string benchName, string fallback)
        {
            string? root = RepositoryRoot();
            return root != null
                ? Path.Combine(root, "out", "bench", benchName)
                : Path.Combine(Directory.GetCurrentDirectory(), fallback);
        }
    }
}
