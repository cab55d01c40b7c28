using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using MapiProfileTools.WindowsHost.Native;

namespace MapiProfileTools.WindowsHost
{
    /// <summary>
    /// A stand-in for KB 817375's backup agent: loads the given DLLs (mapi32.dll), then one thread
    /// impersonates (itself, or the anonymous account) and stays so; the marker file gets the thread's id
    /// and what happened ("ok self", "failed anonymous 5: ..."), so a spec knows what to expect.
    /// </summary>
    internal static class Impersonator
    {
        public static int Run(string mode, string marker, string[] libraries, int seconds)
        {
            foreach (string library in libraries)
            {
                NativeLibrary.Load(library);
            }

            string outcome = "unset";
            int threadId = 0;
            var ready = new ManualResetEventSlim(false);
            var thread = new Thread(() =>
            {
                threadId = Impersonation.GetCurrentThreadId();
                try
                {
                    if (mode == "anonymous")
                    {
                        Impersonation.ImpersonateAnonymous();
                    }
                    else
                    {
                        Impersonation.ImpersonateSelf();
                    }

                    outcome = "ok " + mode;
                }
                catch (Win32Exception e)
                {
                    outcome = $"failed {mode} {e.NativeErrorCode}: {e.Message}";
                }
                catch (EntryPointNotFoundException e)
                {
                    outcome = $"failed {mode} missing: {e.Message}";
                }

                ready.Set();
                // Keep the token on this thread while the process lives.
                Thread.Sleep(TimeSpan.FromSeconds(seconds));
            })
            { IsBackground = true };
            thread.Start();
            ready.Wait();
            File.WriteAllText(marker, $"{threadId} {outcome}");
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
            return 0;
        }
    }
}
