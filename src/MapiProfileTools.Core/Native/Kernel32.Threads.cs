using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace MapiProfileTools.Core.Native
{
    /// <summary>Threads of a process and a process's image file: what the impersonation check and IsExchange need.</summary>
    internal static partial class Kernel32
    {
        public const uint SnapThread = 0x00000004;
        public const uint ThreadQueryLimitedInformation = 0x0800;

        [StructLayout(LayoutKind.Sequential)]
        private struct ThreadEntry32
        {
            public int Size;
            public uint Usage;
            public uint ThreadId;
            public uint OwnerProcessId;
            public int BasePriority;
            public int DeltaPriority;
            public uint Flags;
        }

        [DllImport("kernel32.dll", SetLastError = true, EntryPoint = "Thread32First")]
        private static extern bool Thread32FirstNative(SnapshotHandle snapshot, ref ThreadEntry32 entry);

        [DllImport("kernel32.dll", SetLastError = true, EntryPoint = "Thread32Next")]
        private static extern bool Thread32NextNative(SnapshotHandle snapshot, ref ThreadEntry32 entry);

        [DllImport("kernel32.dll", SetLastError = true, EntryPoint = "OpenThread")]
        private static extern ThreadHandle OpenThreadNative(uint access, bool inheritHandle, int threadId);

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "QueryFullProcessImageNameW")]
        private static extern bool QueryFullProcessImageNameNative(ProcessHandle process, int flags, StringBuilder name, ref int size);

        /// <summary>
        /// The ids of the threads of one process, from a system-wide thread snapshot (Toolhelp32 ignores the
        /// process id for threads). Throws Win32Exception when no snapshot can be taken.
        /// </summary>
        public static List<int> ListThreads(int processId)
        {
            int error = TryCreateToolhelp32Snapshot(SnapThread, 0, out SnapshotHandle? snapshot);
            if (snapshot == null)
            {
                throw new Win32Exception(error);
            }

            using (snapshot)
            {
                var threads = new List<int>();
                var entry = new ThreadEntry32 { Size = Marshal.SizeOf<ThreadEntry32>() };
                for (bool more = Thread32FirstNative(snapshot, ref entry); more; more = Thread32NextNative(snapshot, ref entry))
                {
                    if (entry.OwnerProcessId == (uint)processId)
                    {
                        threads.Add((int)entry.ThreadId);
                    }
                }

                return threads;
            }
        }

        /// <summary>Opens a thread; null when no thread has that id (it ended). Other failures throw Win32Exception.</summary>
        public static ThreadHandle? OpenThread(int threadId, uint access)
        {
            ThreadHandle handle = OpenThreadNative(access, false, threadId);
            if (!handle.IsInvalid)
            {
                return handle;
            }

            int error = Marshal.GetLastWin32Error();
            handle.Dispose();
            if (error == ErrorInvalidParameter)
            {
                return null;
            }

            throw new Win32Exception(error);
        }

        /// <summary>The full Win32 path of the process's program (C:\Program Files\...\x.exe). Failures throw Win32Exception.</summary>
        public static string QueryFullProcessImageName(ProcessHandle process)
        {
            // Long paths (\\?\ up to 32,767 characters) need more than MAX_PATH; grow once if asked to.
            for (int capacity = 1024; ; capacity = 32768)
            {
                var name = new StringBuilder(capacity);
                int size = name.Capacity;
                if (QueryFullProcessImageNameNative(process, 0, name, ref size))
                {
                    return name.ToString(0, size);
                }

                int error = Marshal.GetLastWin32Error();
                if (error != Advapi32.ErrorInsufficientBuffer || capacity == 32768)
                {
                    throw new Win32Exception(error);
                }
            }
        }
    }

    /// <summary>An open thread handle (OpenThread), closed with CloseHandle.</summary>
    internal sealed class ThreadHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public ThreadHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle() => Kernel32.CloseHandle(handle);
    }
}
