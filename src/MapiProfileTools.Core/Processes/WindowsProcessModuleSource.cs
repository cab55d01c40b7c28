using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using MapiProfileTools.Core.Native;
using MapiProfileTools.Core.Platform;
using MapiProfileTools.Core.Services;

namespace MapiProfileTools.Core.Processes
{
    /// <summary>
    /// The Windows process table through Toolhelp32: one process snapshot for the list, and per scanned
    /// process one module snapshot of its 64-bit and 32-bit modules, so a 32-bit Mapi32.dll in a 32-bit
    /// backup agent is found from 64-bit PowerShell (Process.Modules misses it). Base names are compared
    /// before a path is copied; the process is opened for its details only when something matched.
    /// Safe for parallel Scan calls: the only shared state is the service map, built once under a lock.
    /// </summary>
    public sealed class WindowsProcessModuleSource : IProcessModuleSource
    {
        private const int IdleProcessId = 0;
        private const int SystemProcessId = 4;
        private const int SnapshotAttempts = 5;
        private static readonly bool CallerIsWow64 = !Environment.Is64BitProcess && Environment.Is64BitOperatingSystem;
        private readonly Lazy<Dictionary<int, string[]>> _servicesByProcess;

        /// <summary>Reads services from the local service control manager, once, when the first match needs them.</summary>
        public WindowsProcessModuleSource()
            : this(null)
        {
        }

        /// <param name="services">Where the process ids of services come from; null for the local service control manager.</param>
        public WindowsProcessModuleSource(IServiceControl? services)
        {
            WindowsOnly.Ensure("Listing the processes that loaded a module through Toolhelp32", "On Linux the /proc back end does the same.");
            _servicesByProcess = new Lazy<Dictionary<int, string[]>>(() => MapServicesToProcesses(services), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>One Toolhelp32 process snapshot. Throws Win32Exception only when no process can be listed at all.</summary>
        public IReadOnlyList<ProcessEntry> ListProcesses()
        {
            List<(int Id, string ExeFile)> processes = Kernel32.ListProcesses();
            var result = new List<ProcessEntry>(processes.Count);
            foreach ((int id, string exeFile) in processes)
            {
                result.Add(new ProcessEntry(id, ToProcessName(id, exeFile)));
            }

            return result;
        }

        public ProcessScanResult Scan(ProcessEntry process, ModuleNamePattern pattern)
        {
            if (process == null)
            {
                throw new ArgumentNullException(nameof(process));
            }

            if (pattern == null)
            {
                throw new ArgumentNullException(nameof(pattern));
            }

            // Idle is no process, and to Toolhelp32 id 0 means "the caller": it would scan this PowerShell.
            // System hosts kernel-mode drivers only, no DLL a MAPI program loads; asking would earn nothing but
            // an access-denied error on every run that is not elevated. Both are therefore NoMatch, without a call.
            if (process.Id == IdleProcessId || process.Id == SystemProcessId)
            {
                return ProcessScanResult.NoMatch(process);
            }

            int error = TakeModuleSnapshot(process.Id, out SnapshotHandle? snapshot, out bool callerTooNarrow);
            if (snapshot == null)
            {
                return SnapshotFailure(process, error, callerTooNarrow);
            }

            List<LoadedModule> modules;
            using (snapshot)
            {
                modules = FindModules(snapshot, pattern);
            }

            return modules.Count == 0 ? ProcessScanResult.NoMatch(process) : WithDetails(process, modules);
        }

        /// <summary>The name as Get-Process shows it: without .exe, and "Idle" for the pseudo-process 0.</summary>
        internal static string ToProcessName(int id, string exeFile)
        {
            if (id == IdleProcessId)
            {
                return "Idle";
            }

            return exeFile.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? exeFile.Substring(0, exeFile.Length - 4) : exeFile;
        }

        internal static string? ToArchitectureName(ushort imageFileMachine)
        {
            switch (imageFileMachine)
            {
                case 0x014c:
                    return "x86";
                case 0x8664:
                    return "x64";
                case 0xAA64:
                    return "ARM64";
                case 0x01c4:
                    return "ARM";
                case 0x0200:
                    return "IA64";
                default:
                    return null;
            }
        }

        /// <summary>
        /// A module snapshot, retried briefly while Windows says the module list changed under it
        /// (ERROR_BAD_LENGTH) or could be read only in part (ERROR_PARTIAL_COPY, a process still starting) —
        /// except when the caller is 32-bit and the target 64-bit, which no retry mends.
        /// </summary>
        private static int TakeModuleSnapshot(int processId, out SnapshotHandle? snapshot, out bool callerTooNarrow)
        {
            callerTooNarrow = false;
            int error = 0;
            for (int attempt = 1; attempt <= SnapshotAttempts; attempt++)
            {
                error = Kernel32.TryCreateToolhelp32Snapshot(Kernel32.SnapModule | Kernel32.SnapModule32, processId, out snapshot);
                if (snapshot != null)
                {
                    return 0;
                }

                if (error == Kernel32.ErrorPartialCopy && attempt == 1)
                {
                    callerTooNarrow = CallerIsWow64 && Is64BitProcess(processId);
                }

                bool transient = error == Kernel32.ErrorBadLength || (error == Kernel32.ErrorPartialCopy && !callerTooNarrow);
                if (!transient)
                {
                    break;
                }

                if (attempt < SnapshotAttempts)
                {
                    Thread.Sleep(attempt);
                }
            }

            snapshot = null;
            return error;
        }

        private static ProcessScanResult SnapshotFailure(ProcessEntry process, int error, bool callerTooNarrow)
        {
            string target = $"process '{process.Name}' (id {process.Id})";
            if (error == Kernel32.ErrorInvalidParameter)
            {
                return ProcessScanResult.Exited(process, $"The {target} is no longer running.");
            }

            // Whatever the error, a process that has gone meanwhile is an exit, not a failure to report.
            if (HasExited(process.Id))
            {
                return ProcessScanResult.Exited(process, $"The {target} exited while it was scanned.");
            }

            return FailureOutcome(process, error, callerTooNarrow);
        }

        /// <summary>What a module snapshot's failure means for a process that is still running: pure, so tests on any platform pin it.</summary>
        internal static ProcessScanResult FailureOutcome(ProcessEntry process, int error, bool callerTooNarrow)
        {
            string target = $"process '{process.Name}' (id {process.Id})";
            string message;
            switch (error)
            {
                case Kernel32.ErrorAccessDenied:
                    message = $"Access to the modules of {target} is denied. Run the command elevated (as Administrator) to include it; protected processes stay closed even then.";
                    break;
                case Kernel32.ErrorPartialCopy when callerTooNarrow:
                    message = $"The modules of {target} cannot be read from 32-bit PowerShell because it is a 64-bit process. Run 64-bit PowerShell to include it.";
                    break;
                case Kernel32.ErrorPartialCopy:
                    message = $"Only part of the memory of {target} could be read (ERROR_PARTIAL_COPY, {SnapshotAttempts} attempts), so its modules are unknown. It may be protected or still starting: run the command elevated (as Administrator), or again in a moment.";
                    break;
                case Kernel32.ErrorBadLength:
                    message = $"The module list of {target} kept changing while it was read (ERROR_BAD_LENGTH, {SnapshotAttempts} attempts). Run the command again.";
                    break;
                default:
                    message = $"Cannot read the modules of {target}: {new Win32Exception(error).Message} (error {error}).";
                    break;
            }

            // Only access denied is AccessDenied: an elevated caller meeting it has met a protected process, while
            // the other failures are worth an error of their own even then.
            return error == Kernel32.ErrorAccessDenied
                ? ProcessScanResult.AccessDenied(process, message, error)
                : ProcessScanResult.ReadFailed(process, message, error);
        }

        private static List<LoadedModule> FindModules(SnapshotHandle snapshot, ModuleNamePattern pattern)
        {
            var modules = new List<LoadedModule>();
            HashSet<string>? seenPaths = null;
            using var entries = new Kernel32.ModuleEntryReader(snapshot);
            while (entries.MoveNext())
            {
                string name = entries.ModuleName;
                if (!pattern.IsMatch(name))
                {
                    continue;
                }

                // The same file can be listed twice (64-bit and 32-bit views of a WOW64 process); report it once.
                string path = entries.ExePath;
                seenPaths ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                if (seenPaths.Add(path))
                {
                    modules.Add(new LoadedModule(name, path));
                }
            }

            return modules;
        }

        private ProcessScanResult WithDetails(ProcessEntry process, List<LoadedModule> modules)
        {
            ProcessHandle? handle;
            try
            {
                handle = Kernel32.OpenProcess(process.Id, Kernel32.ProcessQueryLimitedInformation);
                if (handle == null)
                {
                    return ProcessScanResult.Exited(process, $"The process '{process.Name}' (id {process.Id}) exited while it was scanned.");
                }
            }
            catch (Win32Exception)
            {
                // Its modules were readable but the process itself is closed to us: report the match with fewer details.
                handle = null;
            }

            using (handle)
            {
                if (handle != null && HasExited(handle))
                {
                    return ProcessScanResult.Exited(process, $"The process '{process.Name}' (id {process.Id}) exited while it was scanned.");
                }

                var details = new ProcessDetails(
                    handle == null ? null : ReadArchitecture(handle),
                    handle == null ? null : ReadUserName(handle),
                    handle == null ? null : ReadStartTime(handle),
                    handle == null ? null : Ntdll.QueryCommandLine(handle),
                    ServicesOf(process.Id),
                    handle == null ? null : ReadImagePath(handle));
                return ProcessScanResult.Matched(process, modules, details);
            }
        }

        private static string? ReadArchitecture(ProcessHandle handle)
        {
            try
            {
                ushort? machine = Kernel32.GetProcessMachine(handle);
                if (machine.HasValue && machine.Value != 0)
                {
                    return ToArchitectureName(machine.Value);
                }

                (ushort ProcessMachine, ushort NativeMachine)? wow64 = Kernel32.IsWow64Process2(handle);
                if (wow64.HasValue)
                {
                    // The process machine is 0 (IMAGE_FILE_MACHINE_UNKNOWN) when the process is not under WOW64.
                    return ToArchitectureName(wow64.Value.ProcessMachine != 0 ? wow64.Value.ProcessMachine : wow64.Value.NativeMachine);
                }

                // Older than Windows 10 1511: no ARM64 yet, so WOW64 means x86 and anything else is native.
                return Kernel32.IsWow64Process(handle) ? "x86" : OperatingSystemArchitecture();
            }
            catch (Win32Exception)
            {
                return null;
            }
        }

        private static string? OperatingSystemArchitecture()
        {
            switch (RuntimeInformation.OSArchitecture)
            {
                case Architecture.X86:
                    return "x86";
                case Architecture.X64:
                    return "x64";
                case Architecture.Arm:
                    return "ARM";
                case Architecture.Arm64:
                    return "ARM64";
                default:
                    return null;
            }
        }

        private static string? ReadUserName(ProcessHandle handle)
        {
            try
            {
                using TokenHandle token = Advapi32.OpenProcessToken(handle);
                return Advapi32.GetTokenUserName(token);
            }
            catch (Win32Exception)
            {
                return null;
            }
        }

        private static string? ReadImagePath(ProcessHandle handle)
        {
            try
            {
                return Kernel32.QueryFullProcessImageName(handle);
            }
            catch (Win32Exception)
            {
                return null;
            }
        }

        private static DateTime? ReadStartTime(ProcessHandle handle)
        {
            try
            {
                long creation = Kernel32.GetCreationTime(handle);
                return creation > 0 ? DateTime.FromFileTime(creation) : (DateTime?)null;
            }
            catch (Win32Exception)
            {
                return null;
            }
        }

        private IReadOnlyList<string> ServicesOf(int processId) =>
            _servicesByProcess.Value.TryGetValue(processId, out string[]? names) ? names : Array.Empty<string>();

        /// <summary>Process id → names of the services it hosts (several share one svchost), sorted.</summary>
        private static Dictionary<int, string[]> MapServicesToProcesses(IServiceControl? services)
        {
            IReadOnlyList<ServiceStatusInfo> all;
            try
            {
                all = (services ?? new WindowsServiceControl()).GetServices();
            }
            catch (ServiceControlException)
            {
                // Without the service list a match is still worth reporting; it just names no services.
                return new Dictionary<int, string[]>();
            }

            return all
                .Where(service => service.ProcessId > 0)
                .GroupBy(service => service.ProcessId)
                .ToDictionary(
                    group => group.Key,
                    group => group.Select(service => service.Name).OrderBy(name => name, StringComparer.OrdinalIgnoreCase).ToArray());
        }

        private static bool HasExited(int processId)
        {
            try
            {
                using ProcessHandle? handle = Kernel32.OpenProcess(processId, Kernel32.ProcessQueryLimitedInformation);
                return handle == null || Kernel32.HasExited(handle);
            }
            catch (Win32Exception)
            {
                return false;
            }
        }

        private static bool HasExited(ProcessHandle handle)
        {
            try
            {
                return Kernel32.HasExited(handle);
            }
            catch (Win32Exception)
            {
                return false;
            }
        }

        private static bool Is64BitProcess(int processId)
        {
            try
            {
                using ProcessHandle? handle = Kernel32.OpenProcess(processId, Kernel32.ProcessQueryLimitedInformation);
                return handle != null && !Kernel32.IsWow64Process(handle);
            }
            catch (Win32Exception)
            {
                return false;
            }
        }
    }
}
