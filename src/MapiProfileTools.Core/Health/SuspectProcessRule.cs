using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MapiProfileTools.Core.Health
{
    /// <summary>
    /// Names KB 817375's culprit among the processes that loaded Mapi32.dll: one that is not Exchange's,
    /// has a Mapi32.dll older than the fix loaded, and impersonates another account. Where impersonation
    /// could not be seen (not elevated, not Windows), a process that is not Exchange's with an affected
    /// Mapi32.dll is still named, marked as not seen impersonating. One seen not impersonating right now
    /// is not named here (the verdict still counts it as a risk: impersonation is a moment). Pure.
    /// </summary>
    public static class SuspectProcessRule
    {
        public static IReadOnlyList<SuspectProcess> Find(IEnumerable<LoadedDllEvidence> loaded, string systemAttendant)
        {
            if (loaded == null)
            {
                throw new ArgumentNullException(nameof(loaded));
            }

            var suspects = new List<SuspectProcess>();
            foreach (IGrouping<int, LoadedDllEvidence> process in loaded.GroupBy(l => l.ProcessId))
            {
                // The oldest affected module stands for the process (a process rarely loads two).
                LoadedDllEvidence? affected = process
                    .Where(l => l.IsAffected == true)
                    .OrderBy(l => l.FileVersion ?? new Version(0, 0))
                    .FirstOrDefault();
                if (affected == null || IsExchange(process, systemAttendant))
                {
                    continue;
                }

                IReadOnlyList<string>? accounts = process.FirstOrDefault(l => l.ImpersonatedUsers != null)?.ImpersonatedUsers;
                if (accounts != null && accounts.Count == 0)
                {
                    continue; // seen, and impersonating no one now
                }

                string? failure = accounts == null ? process.Select(l => l.ImpersonationFailure).FirstOrDefault(f => f != null) : null;
                suspects.Add(new SuspectProcess(affected.ProcessId, affected.ProcessName, affected.ServiceNames, affected.ModulePath, affected.FileVersion,
                    accounts, failure, Describe(affected, accounts, failure)));
            }

            // Seen impersonating first: those are the culprits, the rest candidates.
            return suspects.OrderByDescending(s => s.ImpersonationSeen).ThenBy(s => s.ProcessId).ToList();
        }

        /// <summary>Exchange's: says so itself, or hosts the System Attendant (evidence gathered before IsExchange existed).</summary>
        private static bool IsExchange(IEnumerable<LoadedDllEvidence> process, string systemAttendant) =>
            process.Any(l => l.IsExchange == true || l.ServiceNames.Any(s => string.Equals(s, systemAttendant, StringComparison.OrdinalIgnoreCase)));

        private static string Describe(LoadedDllEvidence dll, IReadOnlyList<string>? accounts, string? failure)
        {
            string services = dll.ServiceNames.Count == 0
                ? string.Empty
                : string.Format(CultureInfo.InvariantCulture, ", service{0} {1}", dll.ServiceNames.Count == 1 ? string.Empty : "s", string.Join(", ", dll.ServiceNames));
            string version = dll.FileVersion?.ToString() ?? "of unknown version";
            string who = string.Format(CultureInfo.InvariantCulture, "{0} (PID {1}{2}) loads {3} {4}", dll.ProcessName, dll.ProcessId, services, FileName(dll.ModulePath), version);
            if (accounts != null)
            {
                return $"{who} and impersonates {string.Join(", ", accounts)}: this is the program KB 817375 describes";
            }

            string why = failure == null ? string.Empty : $" ({failure})";
            return $"{who} and is not Exchange's; whether it impersonates another account could not be seen{why}: it may be the program KB 817375 describes";
        }

        /// <summary>The file name of a Windows or Unix path, on any platform.</summary>
        private static string FileName(string path)
        {
            int cut = Math.Max(path.LastIndexOf('\\'), path.LastIndexOf('/'));
            return path.Substring(cut + 1);
        }
    }
}
