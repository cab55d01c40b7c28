using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace MapiProfileTools.Completion
{
    /// <summary>Turns candidate values into tab-completion results: prefix match, sorted, quoted when needed.</summary>
    internal static class CompletionList
    {
        public static IEnumerable<CompletionResult> From(IEnumerable<string> candidates, string wordToComplete, Func<string, string>? tooltip = null)
        {
            string prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = new WildcardPattern(prefix + "*", WildcardOptions.IgnoreCase);
            return candidates
                .Where(c => !string.IsNullOrEmpty(c) && pattern.IsMatch(c))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(c => c, StringComparer.OrdinalIgnoreCase)
                .Select(c => new CompletionResult(Quote(c), c, CompletionResultType.ParameterValue, tooltip?.Invoke(c) ?? c));
        }

        private static string Quote(string value) =>
            value.IndexOfAny(new[] { ' ', '\t', '$', '`', '\'', '"', '(', ')', '{', '}', ';', ',', '&', '|', '@', '#' }) >= 0
                ? "'" + value.Replace("'", "''") + "'"
                : value;
    }

    /// <summary>-ModuleName: the MAPI DLLs an Exchange admin looks for.</summary>
    public sealed class MapiModuleNameCompleter : IArgumentCompleter
    {
        private static readonly Dictionary<string, string> Known = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["mapi32.dll"] = "Extended MAPI (KB 817375: builds before 6.0.6448.0 delete the SA's profiles)",
            ["msmapi32.dll"] = "Outlook's MAPI",
            ["olmapi32.dll"] = "Outlook 2010 and later MAPI",
            ["emsmdb32.dll"] = "Exchange message store provider",
            ["emsabp32.dll"] = "Exchange address book provider",
            ["emsui.dll"] = "Exchange service configuration",
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionList.From(Known.Keys, wordToComplete, name => $"{name}: {Known[name]}");
    }

    /// <summary>-Name of Get-MapiLoadedProcess: the names of running processes.</summary>
    public sealed class ProcessNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var names = new List<string>();
            foreach (System.Diagnostics.Process process in System.Diagnostics.Process.GetProcesses())
            {
                using (process)
                {
                    try
                    {
                        names.Add(process.ProcessName);
                    }
                    catch (InvalidOperationException)
                    {
                        // Exited while listed.
                    }
                }
            }

            return CompletionList.From(names, wordToComplete);
        }
    }

    /// <summary>-User of Get-MessagingProfile: the hives loaded under HKEY_USERS (Windows).</summary>
    public sealed class UserHiveCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            if (!Core.Platform.WindowsOnly.IsWindows)
            {
                return Enumerable.Empty<CompletionResult>();
            }

            try
            {
                using Core.Registry.WindowsRegistryKey users = Core.Registry.WindowsRegistryKey.OpenUsers();
                return CompletionList.From(users.GetSubKeyNames().Where(h => !h.EndsWith("_Classes", StringComparison.OrdinalIgnoreCase)).Concat(new[] { "*" }), wordToComplete).ToList();
            }
            catch (UnauthorizedAccessException)
            {
                return Enumerable.Empty<CompletionResult>();
            }
        }
    }

    /// <summary>-Name of Restart-SystemAttendant: the installed Exchange services (Windows).</summary>
    public sealed class ExchangeServiceCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            if (!Core.Platform.WindowsOnly.IsWindows)
            {
                return CompletionList.From(new[] { "MSExchangeSA" }, wordToComplete);
            }

            try
            {
                var services = new Core.Services.WindowsServiceControl().GetServices();
                var display = services.ToDictionary(s => s.Name, s => s.ToString(), StringComparer.OrdinalIgnoreCase);
                var exchange = services.Select(s => s.Name).Where(n => n.StartsWith("MSExchange", StringComparison.OrdinalIgnoreCase)).ToList();
                // Outside Exchange naming, complete any service the user has started typing.
                var candidates = exchange.Count > 0 && string.IsNullOrEmpty(wordToComplete) ? exchange : services.Select(s => s.Name);
                return CompletionList.From(candidates, wordToComplete, name => display[name]).ToList();
            }
            catch (Core.Services.ServiceControlException)
            {
                return Enumerable.Empty<CompletionResult>();
            }
        }
    }
}
