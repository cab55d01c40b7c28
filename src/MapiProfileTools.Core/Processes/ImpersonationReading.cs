using System;
using System.Collections.Generic;
using System.Linq;

namespace MapiProfileTools.Core.Processes
{
    /// <summary>One thread seen impersonating: its id and the account its token belongs to.</summary>
    public sealed class ImpersonatingThread
    {
        public ImpersonatingThread(int threadId, string account)
        {
            ThreadId = threadId;
            Account = account ?? throw new ArgumentNullException(nameof(account));
        }

        public int ThreadId { get; }

        /// <summary>DOMAIN\user (or a SID string when no account maps to it).</summary>
        public string Account { get; }
    }

    /// <summary>
    /// What reading a process's thread tokens showed at one moment: the threads seen impersonating, and
    /// whether every thread could be read (impersonation is only ruled out when it could).
    /// </summary>
    public sealed class ImpersonationReading
    {
        public ImpersonationReading(IReadOnlyList<ImpersonatingThread> threads, int threadsRead, int threadsUnreadable, string? failure)
        {
            Threads = threads ?? throw new ArgumentNullException(nameof(threads));
            ThreadsRead = threadsRead;
            ThreadsUnreadable = threadsUnreadable;
            Failure = failure;
        }

        /// <summary>The threads that hold an impersonation token, whoever it belongs to (the process's own account too).</summary>
        public IReadOnlyList<ImpersonatingThread> Threads { get; }

        /// <summary>Threads whose token state was read (impersonating or not).</summary>
        public int ThreadsRead { get; }

        /// <summary>Threads that could not be opened or whose token could not be read.</summary>
        public int ThreadsUnreadable { get; }

        /// <summary>Why some or all threads could not be read (one sentence); null when every thread was read.</summary>
        public string? Failure { get; }

        /// <summary>Nothing could be read at all (no thread list, or every thread closed).</summary>
        public static ImpersonationReading Unreadable(string failure) =>
            new ImpersonationReading(Array.Empty<ImpersonatingThread>(), 0, 0, failure ?? throw new ArgumentNullException(nameof(failure)));

        /// <summary>
        /// The accounts impersonated that differ from <paramref name="processUser"/>, sorted, each once. What is
        /// seen is reported even when some threads could not be read (impersonation seen is a fact); when none is
        /// seen and some threads could not be read, null: impersonation is not ruled out. Empty: ruled out, now.
        /// </summary>
        public string[]? OtherAccounts(string? processUser)
        {
            string[] others = Threads
                .Select(t => t.Account)
                .Where(account => !string.Equals(account, processUser, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(account => account, StringComparer.OrdinalIgnoreCase)
                .ToArray();
            return others.Length == 0 && Failure != null ? null : others;
        }
    }

    /// <summary>The seam to the thread tokens of a process (Windows only: Linux has no per-thread impersonation).</summary>
    public interface IImpersonationSource
    {
        /// <summary>Reads every thread's token; per-thread failures are counted in the reading, never thrown.</summary>
        ImpersonationReading Read(int processId);
    }
}
