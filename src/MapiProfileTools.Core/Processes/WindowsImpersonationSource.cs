using System;
using System.Collections.Generic;
using System.ComponentModel;
using MapiProfileTools.Core.Native;
using MapiProfileTools.Core.Platform;

namespace MapiProfileTools.Core.Processes
{
    /// <summary>
    /// Who the threads of a process impersonate, through OpenThread and OpenThreadToken: a thread with a
    /// token is impersonating (ERROR_NO_TOKEN means it is not), and the token names the account. KB 817375's
    /// culprit is a MAPI program whose thread impersonates another account while Mapi32.dll is loaded.
    /// </summary>
    /// <remarks>
    /// Other accounts' processes and their thread tokens open only to an elevated caller (and a token's own
    /// DACL may refuse even then); the threads that stay closed are counted, with the first reason kept, so
    /// the caller can say once why impersonation could not be seen.
    /// </remarks>
    public sealed class WindowsImpersonationSource : IImpersonationSource
    {
        public WindowsImpersonationSource()
        {
            WindowsOnly.Ensure("Reading the threads' impersonation tokens");
        }

        public ImpersonationReading Read(int processId)
        {
            List<int> threads;
            try
            {
                threads = Kernel32.ListThreads(processId);
            }
            catch (Win32Exception ex)
            {
                return ImpersonationReading.Unreadable($"its threads could not be listed: {ex.Message}");
            }

            var impersonating = new List<ImpersonatingThread>();
            int read = 0;
            int unreadable = 0;
            string? failure = null;
            foreach (int threadId in threads)
            {
                try
                {
                    using ThreadHandle? thread = Kernel32.OpenThread(threadId, Kernel32.ThreadQueryLimitedInformation);
                    if (thread == null)
                    {
                        continue; // ended since the snapshot
                    }

                    using TokenHandle? token = Advapi32.OpenThreadToken(thread);
                    if (token != null)
                    {
                        impersonating.Add(new ImpersonatingThread(threadId, Advapi32.GetTokenUserName(token)));
                    }

                    read++;
                }
                catch (Win32Exception ex)
                {
                    unreadable++;
                    failure ??= ex.NativeErrorCode == Kernel32.ErrorAccessDenied
                        ? "access to its threads' tokens is denied"
                        : $"its threads' tokens could not be read: {ex.Message} (error {ex.NativeErrorCode})";
                }
            }

            return new ImpersonationReading(impersonating, read, unreadable, failure);
        }
    }
}
