using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace MapiProfileTools
{
    /// <summary>
    /// Turns -Path (wildcards) and -LiteralPath arguments into FileSystem paths the way built-in cmdlets
    /// do, writing one ObjectNotFound error per argument that matches nothing and going on with the rest.
    /// </summary>
    internal static class FileSystemPathResolver
    {
        /// <summary>
        /// The files one argument names; empty (with an error written) when it names none. A folder gets an
        /// error whose advice is <paramref name="folderAdvice"/> (given the folder's path), or the DLL advice.
        /// </summary>
        public static List<string> Resolve(PSCmdlet cmdlet, string path, bool literal, Func<string, string>? folderAdvice = null) =>
            literal ? ResolveLiteral(cmdlet, path, folderAdvice) : ResolveWildcard(cmdlet, path, folderAdvice);

        /// <summary>Advice for a folder given where a hive file was expected: the cmdlets read files, not folders of them.</summary>
        public static string HiveFolderAdvice(string folder) =>
            $"Name the hive file in it, for example: -HivePath '{Path.Combine(folder, "DEFAULT")}'";

        private static List<string> ResolveLiteral(PSCmdlet cmdlet, string path, Func<string, string>? folderAdvice)
        {
            var result = new List<string>(1);
            string providerPath;
            try
            {
                providerPath = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                if (!IsFileSystem(cmdlet, provider, path))
                {
                    return result;
                }
            }
            catch (SessionStateException ex)
            {
                WriteNotFound(cmdlet, path, ex);
                return result;
            }

            if (File.Exists(providerPath))
            {
                result.Add(providerPath);
            }
            else if (Directory.Exists(providerPath))
            {
                WriteIsDirectory(cmdlet, providerPath, folderAdvice);
            }
            else
            {
                WriteNotFound(cmdlet, path, new ItemNotFoundException($"Cannot find the file '{providerPath}' because it does not exist."));
            }

            return result;
        }

        private static List<string> ResolveWildcard(PSCmdlet cmdlet, string path, Func<string, string>? folderAdvice)
        {
            var result = new List<string>();
            ICollection<string> providerPaths;
            ProviderInfo provider;
            try
            {
                providerPaths = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
            }
            catch (SessionStateException ex)
            {
                if (!TryLiteral(cmdlet, path, result))
                {
                    WriteNotFound(cmdlet, path, ex);
                }

                return result;
            }

            if (!IsFileSystem(cmdlet, provider, path))
            {
                return result;
            }

            if (providerPaths.Count == 0)
            {
                if (!TryLiteral(cmdlet, path, result))
                {
                    WriteNotFound(cmdlet, path, new ItemNotFoundException($"No file matches the wildcard pattern '{path}'."));
                }

                return result;
            }

            foreach (string providerPath in providerPaths)
            {
                if (Directory.Exists(providerPath))
                {
                    WriteIsDirectory(cmdlet, providerPath, folderAdvice);
                }
                else
                {
                    result.Add(providerPath);
                }
            }

            return result;
        }

        /// <summary>
        /// A name that holds wildcard characters ('mapi32[1].dll') is still meant literally when a file
        /// exists as written: piped FileInfo objects bind their FullName to -Path.
        /// </summary>
        private static bool TryLiteral(PSCmdlet cmdlet, string path, List<string> result)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(path))
            {
                return false;
            }

            try
            {
                string providerPath = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                if (provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider) && File.Exists(providerPath))
                {
                    result.Add(providerPath);
                    return true;
                }
            }
            catch (SessionStateException)
            {
            }

            return false;
        }

        private static bool IsFileSystem(PSCmdlet cmdlet, ProviderInfo provider, string path)
        {
            if (provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            {
                return true;
            }

            cmdlet.WriteError(new ErrorRecord(
                new PSArgumentException($"'{path}' is a path of the {provider.Name} provider; only file system paths can be read. Use a path on a file system drive such as C:\\ or a UNC path."),
                ErrorIds.UnsupportedProvider,
                ErrorCategory.InvalidArgument,
                path));
            return false;
        }

        private static void WriteNotFound(PSCmdlet cmdlet, string path, System.Exception ex)
        {
            cmdlet.WriteError(new ErrorRecord(
                new ItemNotFoundException($"{ex.Message} Check the path; use -LiteralPath when a file name holds [ or ] characters.", ex),
                ErrorIds.FileNotFound,
                ErrorCategory.ObjectNotFound,
                path));
        }

        private static void WriteIsDirectory(PSCmdlet cmdlet, string path, Func<string, string>? folderAdvice)
        {
            string advice = folderAdvice?.Invoke(path) ?? $"Pipe its files instead, for example: Get-ChildItem -Path '{path}' -Filter *.dll -File | Test-MapiDllVersion";
            cmdlet.WriteError(new ErrorRecord(
                new PSArgumentException($"'{path}' is a directory, not a file. {advice}"),
                ErrorIds.PathIsDirectory,
                ErrorCategory.InvalidArgument,
                path));
        }
    }
}
