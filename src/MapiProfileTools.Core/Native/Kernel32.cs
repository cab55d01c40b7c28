using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace MapiProfileTools.Core.Native
{
    /// <summary>
    /// Process functions of kernel32.dll: Toolhelp32 snapshots and what a process handle tells. Called
    /// directly rather than through System.Diagnostics.Process, whose Modules property sees only the 64-bit
    /// modules of a 32-bit process from a 64-bit caller and makes three cross-process calls per module.
    /// </summary>
    internal static partial class Kernel32
    {
        public const int ErrorAccessDenied = 5;
        public const int ErrorNoMoreFiles = 18;
        public const int ErrorBadLength = 24;
        public const int ErrorInvalidParameter = 87;
        public const int ErrorPartialCopy = 299;
        public const uint SnapProcess = 0x00000002;
        public const uint SnapModule = 0x00000008;
        public const uint SnapModule32 = 0x00000010;
        public const uint ProcessQueryLimitedInformation = 0x1000;
        private const uint StillActive = 259;
        private const int ProcessMachineTypeInfo = 9;

        // Resolved once: absent on older Windows, and a missing entry point must not cost an exception per call.
        private static readonly Lazy<bool> HasIsWow64Process2 = new Lazy<bool>(() => HasExport("IsWow64Process2"));
        private static readonly Lazy<bool> HasGetProcessInformation = new Lazy<bool>(() => HasExport("GetProcessInformation"));

        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        private struct ProcessEntry32W
        {
            public int Size;
            public uint Usage;
            public uint ProcessId;
            public IntPtr DefaultHeapId;
            public uint ModuleId;
            public uint Threads;
            public uint ParentProcessId;
            public int PriorityClassBase;
            public uint Flags;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 260)]
            public string ExeFile;
        }

        // Only its layout is used (offsets and size, see ModuleEntryReader): the entry itself stays in unmanaged memory.
        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        private struct ModuleEntry32W
        {
            public int Size;
            public uint ModuleId;
            public uint ProcessId;
            public uint GlobalUsage;
            public uint ProcessUsage;
            public IntPtr BaseAddress;
            public uint BaseSize;
            public IntPtr Module;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 256)]
            public string ModuleName;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 260)]
            public string ExePath;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct ProcessMachineInformation
        {
            public ushort ProcessMachine;
            public ushort Reserved;
            public uint MachineAttributes;
        }

        [DllImport("kernel32.dll", SetLastError = true, EntryPoint = "CreateToolhelp32Snapshot")]
        private static extern SnapshotHandle CreateToolhelp32SnapshotNative(uint flags, int processId);

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "Process32FirstW")]
        private static extern bool Process32FirstNative(SnapshotHandle snapshot, ref ProcessEntry32W entry);

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "Process32NextW")]
        private static extern bool Process32NextNative(SnapshotHandle snapshot, ref ProcessEntry32W entry);

        [DllImport("kernel32.dll", SetLastError = true, EntryPoint = "Module32FirstW")]
        private static extern bool Module32FirstNative(SnapshotHandle snapshot, IntPtr entry);

        [DllImport("kernel32.dll", SetLastError = true, EntryPoint = "Module32NextW")]
        private static extern bool Module32NextNative(SnapshotHandle snapshot, IntPtr entry);

        [DllImport("kernel32.dll", SetLastError = true, EntryPoint = "OpenProcess")]
        private static extern ProcessHandle OpenProcessNative(uint access, bool inheritHandle, int processId);

        [DllImport("kernel32.dll", SetLastError = true)]
        internal static extern bool CloseHandle(IntPtr handle);

        [DllImport("kernel32.dll", SetLastError = true, EntryPoint = "GetExitCodeProcess")]
        private static extern bool GetExitCodeProcessNative(ProcessHandle process, out uint exitCode);

        [DllImport("kernel32.dll", SetLastError = true, EntryPoint = "GetProcessTimes")]
        private static extern bool GetProcessTimesNative(ProcessHandle process, out long creation, out long exit, out long kernel, out long user);

        [DllImport("kernel32.dll", SetLastError = true, EntryPoint = "IsWow64Process")]
        private static extern bool IsWow64ProcessNative(ProcessHandle process, out bool wow64);

        [DllImport("kernel32.dll", SetLastError = true, EntryPoint = "IsWow64Process2")]
        private static extern bool IsWow64Process2Native(ProcessHandle process, out ushort processMachine, out ushort nativeMachine);

        [DllImport("kernel32.dll", SetLastError = true, EntryPoint = "GetProcessInformation")]
        private static extern bool GetProcessInformationNative(ProcessHandle process, int informationClass, out ProcessMachineInformation information, int size);

        [DllImport("kernel32.dll", SetLastError = true)]
        internal static extern IntPtr LocalFree(IntPtr memory);

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, EntryPoint = "GetModuleHandleW")]
        private static extern IntPtr GetModuleHandleNative(string moduleName);

        [DllImport("kernel32.dll", CharSet = CharSet.Ansi, BestFitMapping = false, EntryPoint = "GetProcAddress")]
        private static extern IntPtr GetProcAddressNative(IntPtr module, string procName);

        /// <summary>Every process now running: (id, executable file name as Toolhelp32 reports it).</summary>
        public static List<(int Id, string ExeFile)> ListProcesses()
        {
            int error = TryCreateToolhelp32Snapshot(SnapProcess, 0, out SnapshotHandle? snapshot);
            if (snapshot == null)
            {
                throw new Win32Exception(error, $"Cannot list the running processes: {new Win32Exception(error).Message}");
            }

            using (snapshot)
            {
                var result = new List<(int, string)>();
                var entry = new ProcessEntry32W { Size = Marshal.SizeOf<ProcessEntry32W>() };
                for (bool more = Process32FirstNative(snapshot, ref entry); more; more = Process32NextNative(snapshot, ref entry))
                {
                    result.Add(((int)entry.ProcessId, entry.ExeFile ?? string.Empty));
                }

                return result;
            }
        }

        /// <summary>
        /// Takes a Toolhelp32 snapshot. Unlike the other wrappers this one returns the Win32 error (0 on
        /// success) instead of throwing: for a module snapshot, access denied and a vanished process are
        /// everyday answers that the caller sorts into outcomes, hundreds of times in one scan.
        /// </summary>
        public static int TryCreateToolhelp32Snapshot(uint flags, int processId, out SnapshotHandle? snapshot)
        {
            SnapshotHandle handle = CreateToolhelp32SnapshotNative(flags, processId);
            if (!handle.IsInvalid)
            {
                snapshot = handle;
                return 0;
            }

            int error = Marshal.GetLastWin32Error();
            handle.Dispose();
            snapshot = null;
            return error;
        }

        /// <summary>Opens a process; null when no process has that id. Other failures throw Win32Exception.</summary>
        public static ProcessHandle? OpenProcess(int processId, uint access)
        {
            ProcessHandle handle = OpenProcessNative(access, false, processId);
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

        public static bool HasExited(ProcessHandle process)
        {
            if (!GetExitCodeProcessNative(process, out uint exitCode))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }

            // A process that exits with 259 itself is indistinguishable here; Windows' own tools share that blind spot.
            return exitCode != StillActive;
        }

        /// <summary>The creation time as a FILETIME value (UTC ticks since 1601).</summary>
        public static long GetCreationTime(ProcessHandle process)
        {
            if (!GetProcessTimesNative(process, out long creation, out _, out _, out _))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }

            return creation;
        }

        /// <summary>
        /// The IMAGE_FILE_MACHINE_* the process's code is built for, from GetProcessInformation
        /// (ProcessMachineTypeInfo, Windows 11 and Server 2022 on); null when this Windows does not answer it.
        /// It is the only call that names x64 code emulated on ARM64, which IsWow64Process2 reports as native.
        /// </summary>
        public static ushort? GetProcessMachine(ProcessHandle process)
        {
            if (!HasGetProcessInformation.Value)
            {
                return null;
            }

            return GetProcessInformationNative(process, ProcessMachineTypeInfo, out ProcessMachineInformation information, Marshal.SizeOf<ProcessMachineInformation>())
                ? information.ProcessMachine
                : (ushort?)null;
        }

        /// <summary>
        /// IsWow64Process2 (Windows 10 1511 on): the process's machine when it runs under WOW64, else 0, and the
        /// system's native machine. Null when this Windows lacks the function; other failures throw Win32Exception.
        /// </summary>
        public static (ushort ProcessMachine, ushort NativeMachine)? IsWow64Process2(ProcessHandle process)
        {
            if (!HasIsWow64Process2.Value)
            {
                return null;
            }

            if (!IsWow64Process2Native(process, out ushort processMachine, out ushort nativeMachine))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }

            return (processMachine, nativeMachine);
        }

        public static bool IsWow64Process(ProcessHandle process)
        {
            if (!IsWow64ProcessNative(process, out bool wow64))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }

            return wow64;
        }

        private static bool HasExport(string function)
        {
            IntPtr kernel32 = GetModuleHandleNative("kernel32.dll");
            return kernel32 != IntPtr.Zero && GetProcAddressNative(kernel32, function) != IntPtr.Zero;
        }

        /// <summary>
        /// Walks a module snapshot in one unmanaged MODULEENTRY32W, so that a caller reads each module's base
        /// name and copies out its path only for the modules it wants: no marshalling of 260-character paths
        /// for every module of every process.
        /// </summary>
        public sealed class ModuleEntryReader : IDisposable
        {
            private static readonly int EntrySize = Marshal.SizeOf<ModuleEntry32W>();
            private static readonly int NameOffset = Marshal.OffsetOf<ModuleEntry32W>(nameof(ModuleEntry32W.ModuleName)).ToInt32();
            private static readonly int PathOffset = Marshal.OffsetOf<ModuleEntry32W>(nameof(ModuleEntry32W.ExePath)).ToInt32();
            private readonly SnapshotHandle _snapshot;
            private IntPtr _entry;
            private bool _started;

            public ModuleEntryReader(SnapshotHandle snapshot)
            {
                _snapshot = snapshot;
                _entry = Marshal.AllocHGlobal(EntrySize);
                // Zeroed, so that the name and path fields are terminated even if a call fills in less.
                for (int i = 0; i < EntrySize; i += sizeof(int))
                {
                    Marshal.WriteInt32(_entry, i, 0);
                }

                Marshal.WriteInt32(_entry, 0, EntrySize);
            }

            /// <summary>The base name of the current module (szModule), e.g. MAPI32.DLL.</summary>
            public string ModuleName => Marshal.PtrToStringUni(_entry + NameOffset) ?? string.Empty;

            /// <summary>The full path of the current module (szExePath).</summary>
            public string ExePath => Marshal.PtrToStringUni(_entry + PathOffset) ?? string.Empty;

            /// <summary>Moves to the next module; false past the last one (ERROR_NO_MORE_FILES) or on any failure.</summary>
            public bool MoveNext()
            {
                if (_entry == IntPtr.Zero)
                {
                    throw new ObjectDisposedException(nameof(ModuleEntryReader));
                }

                bool found = _started ? Module32NextNative(_snapshot, _entry) : Module32FirstNative(_snapshot, _entry);
                _started = true;
                return found;
            }

            public void Dispose()
            {
                if (_entry != IntPtr.Zero)
                {
                    Marshal.FreeHGlobal(_entry);
                    _entry = IntPtr.Zero;
                }
            }
        }
    }
}
