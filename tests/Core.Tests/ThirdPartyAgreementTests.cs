using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using MapiProfileTools.Core.PortableExecutable;
using Xunit;

namespace MapiProfileTools.Core.Tests
{
    /// <summary>
    /// The reader against independent tools on real PE files that no one here built: every DLL of the
    /// .NET installation running the tests, plus any folders named in MAPI_THIRD_PARTY_PE (the Wine lane
    /// adds Wine's own DLLs). ExifTool decodes VS_FIXEDFILEINFO with code of its own.
    /// </summary>
    public class ThirdPartyAgreementTests
    {
        private static IReadOnlyList<string> ThirdPartyFolders()
        {
            // shared/<framework>/<version>/ of the running .NET installation.
            string runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
            string shared = Path.GetDirectoryName(Path.GetDirectoryName(runtime)!)!;
            var folders = Directory.GetDirectories(shared).SelectMany(Directory.GetDirectories).ToList();
            folders.AddRange(ExtraFolders());
            return folders;
        }

        private static IReadOnlyList<string> ExtraFolders() =>
            (Environment.GetEnvironmentVariable("MAPI_THIRD_PARTY_PE") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(Directory.Exists)
                .ToList();

        [SkippableFact]
        public void AgreesWithExifToolOnEveryThirdPartyDll()
        {
            Skip.If(FindOnPath("exiftool") == null && Environment.GetEnvironmentVariable("CI") != "true", "exiftool (Debian libimage-exiftool-perl) is not installed");
            var files = ThirdPartyFolders().SelectMany(f => Directory.GetFiles(f, "*.dll")).ToList();
            Assert.True(files.Count >= 200, $"only {files.Count} third-party DLLs found");

            Dictionary<string, string?> exif = RunExifTool(files);
            int compared = 0;
            var disagreements = new List<string>();
            foreach (string file in files)
            {
                exif.TryGetValue(Path.GetFullPath(file), out string? theirs);
                string ours;
                try
                {
                    ours = VersionResourceReader.Read(file).FileVersion.ToString();
                }
                catch (PeFormatException error)
                {
                    ours = "error: " + error.Problem;
                }

                if (theirs == null)
                {
                    // ExifTool found no version: the reader must not invent one.
                    if (!ours.StartsWith("error", StringComparison.Ordinal))
                    {
                        disagreements.Add($"{file}: exiftool none, ours {ours}");
                    }

                    continue;
                }

                compared++;
                if (ours != theirs)
                {
                    disagreements.Add($"{file}: exiftool {theirs}, ours {ours}");
                }
            }

            Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements.Take(20)));
            Assert.True(compared >= 200, $"only {compared} files had a version to compare");
            int fromExtra = ExtraFolders().Sum(f => Directory.GetFiles(f, "*.dll").Count(file => exif.TryGetValue(Path.GetFullPath(file), out string? v) && v != null));
            Assert.True(ExtraFolders().Count == 0 || fromExtra >= 100, $"only {fromExtra} versioned DLLs in MAPI_THIRD_PARTY_PE");
        }

        [Fact]
        public void AgreesWithAssemblyFileVersionOfManagedRuntimeAssemblies()
        {
            // Off Windows FileVersionInfo reads a managed assembly's AssemblyFileVersion attribute,
            // which the .NET build writes into the Win32 version resource too: a second, independent source.
            string runtime = RuntimeEnvironment.GetRuntimeDirectory();
            int compared = 0;
            foreach (string file in Directory.GetFiles(runtime, "System.*.dll"))
            {
                var managed = FileVersionInfo.GetVersionInfo(file);
                if (string.IsNullOrEmpty(managed.FileVersion))
                {
                    continue;
                }

                var expected = new Version(managed.FileMajorPart, managed.FileMinorPart, managed.FileBuildPart, managed.FilePrivatePart);
                Assert.Equal(expected, VersionResourceReader.Read(file).FileVersion);
                compared++;
            }

            Assert.True(compared >= 100, $"only {compared} managed assemblies compared");
        }

        private static Dictionary<string, string?> RunExifTool(List<string> files)
        {
            string list = Path.GetTempFileName();
            File.WriteAllLines(list, files);
            try
            {
                var start = new ProcessStartInfo("exiftool", $"-json -q -q -FileVersionNumber -@ \"{list}\"")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                using var process = Process.Start(start)!;
                string json = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                using var document = JsonDocument.Parse(json);
                var result = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (JsonElement item in document.RootElement.EnumerateArray())
                {
                    string source = Path.GetFullPath(item.GetProperty("SourceFile").GetString()!);
                    result[source] = item.TryGetProperty("FileVersionNumber", out JsonElement v) ? v.ToString() : null;
                }

                return result;
            }
            finally
            {
                File.Delete(list);
            }
        }

        private static string? FindOnPath(string command) =>
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator)
                .Select(dir => Path.Combine(dir, command))
                .FirstOrDefault(File.Exists);
    }
}
