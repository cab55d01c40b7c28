using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace MapiProfileTools.Core.Native
{
    /// <summary>
    /// Service control manager functions of advapi32.dll. Called directly rather than through
    /// System.ServiceProcess.ServiceController, which is not part of netstandard2.0 and would have to ship
    /// with the module; these calls also give process ids, which the process-to-service map needs.
    /// </summary>
    internal static partial class Advapi32
    {
        public const uint ScManagerConnect = 0x0001;
        public const uint ScManagerEnumerateService = 0x0004;
        public const uint ServiceQueryStatus = 0x0004;
        public const uint ServiceEnumerateDependents = 0x0008;
        public const uint ServiceStart = 0x0010;
        public const uint ServiceStop = 0x0020;
        public const int ErrorServiceDoesNotExist = 1060;
        private const uint ServiceControlStop = 1;
        private const uint ServiceWin32 = 0x30;
        private const uint ServiceStateAll = 3;
        private const int ScStatusProcessInfo = 0;
        private const int ScEnumProcessInfo = 0;

        [StructLayout(LayoutKind.Sequential)]
        public struct ServiceStatusProcess
        {
            public uint ServiceType;
            public uint CurrentState;
            public uint ControlsAccepted;
            public uint Win32ExitCode;
            public uint ServiceSpecificExitCode;
            public uint CheckPoint;
            public uint WaitHint;
            public uint ProcessId;
            public uint ServiceFlags;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct ServiceStatus
        {
            public uint ServiceType;
            public uint CurrentState;
            public uint ControlsAccepted;
            public uint Win32ExitCode;
            public uint ServiceSpecificExitCode;
            public uint CheckPoint;
            public uint WaitHint;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct EnumServiceStatus
        {
            public IntPtr ServiceName;
            public IntPtr DisplayName;
            public ServiceStatus Status;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct EnumServiceStatusProcess
        {
            public IntPtr ServiceName;
            public IntPtr DisplayName;
            public ServiceStatusProcess Status;
        }

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "OpenSCManagerW")]
        private static extern ServiceHandle OpenSCManagerNative(string? machineName, string? databaseName, uint desiredAccess);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "OpenServiceW")]
        private static extern ServiceHandle OpenServiceNative(ServiceHandle manager, string serviceName, uint desiredAccess);

        [DllImport("advapi32.dll", SetLastError = true)]
        internal static extern bool CloseServiceHandle(IntPtr handle);

        [DllImport("advapi32.dll", SetLastError = true, EntryPoint = "QueryServiceStatusEx")]
        private static extern bool QueryServiceStatusExNative(ServiceHandle service, int infoLevel, out ServiceStatusProcess status, int size, out int needed);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "StartServiceW")]
        private static extern bool StartServiceNative(ServiceHandle service, int argumentCount, IntPtr arguments);

        [DllImport("advapi32.dll", SetLastError = true, EntryPoint = "ControlService")]
        private static extern bool ControlServiceNative(ServiceHandle service, uint control, out ServiceStatus status);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "GetServiceDisplayNameW")]
        private static extern bool GetServiceDisplayNameNative(ServiceHandle manager, string serviceName, char[]? displayName, ref int length);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "EnumDependentServicesW")]
        private static extern bool EnumDependentServicesNative(ServiceHandle service, uint state, IntPtr buffer, int size, out int needed, out int count);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "EnumServicesStatusExW")]
        private static extern bool EnumServicesStatusExNative(
            ServiceHandle manager, int infoLevel, uint serviceType, uint serviceState, IntPtr buffer, int size,
            out int needed, out int returned, ref int resumeHandle, string? groupName);

        public static ServiceHandle OpenSCManager(uint access)
        {
            ServiceHandle handle = OpenSCManagerNative(null, null, access);
            if (handle.IsInvalid)
            {
                throw new Win32Exception(Marshal.GetLastWin32Error(), "Cannot connect to the service control manager.");
            }

            return handle;
        }

        /// <summary>Opens a service; null when it is not installed. Other failures throw Win32Exception.</summary>
        public static ServiceHandle? OpenService(ServiceHandle manager, string name, uint access)
        {
            ServiceHandle handle = OpenServiceNative(manager, name, access);
            if (!handle.IsInvalid)
            {
                return handle;
            }

            int error = Marshal.GetLastWin32Error();
            handle.Dispose();
            if (error == ErrorServiceDoesNotExist)
            {
                return null;
            }

            throw new Win32Exception(error);
        }

        public static ServiceStatusProcess QueryServiceStatus(ServiceHandle service)
        {
            if (!QueryServiceStatusExNative(service, ScStatusProcessInfo, out ServiceStatusProcess status, Marshal.SizeOf<ServiceStatusProcess>(), out _))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }

            return status;
        }

        public static void StartService(ServiceHandle service)
        {
            if (!StartServiceNative(service, 0, IntPtr.Zero))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }
        }

        public static void StopService(ServiceHandle service)
        {
            if (!ControlServiceNative(service, ServiceControlStop, out _))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }
        }

        public static string GetDisplayName(ServiceHandle manager, string name)
        {
            int length = 0;
            GetServiceDisplayNameNative(manager, name, null, ref length);
            var buffer = new char[length + 1];
            length = buffer.Length;
            return GetServiceDisplayNameNative(manager, name, buffer, ref length) ? new string(buffer, 0, length) : name;
        }

        /// <summary>Direct dependents in every state: (name, display name, state).</summary>
        public static List<(string Name, string DisplayName, uint State)> EnumDependentServices(ServiceHandle service)
        {
            var result = new List<(string, string, uint)>();
            EnumDependentServicesNative(service, ServiceStateAll, IntPtr.Zero, 0, out int needed, out _);
            if (needed == 0)
            {
                return result;
            }

            IntPtr buffer = Marshal.AllocHGlobal(needed);
            try
            {
                if (!EnumDependentServicesNative(service, ServiceStateAll, buffer, needed, out _, out int count))
                {
                    throw new Win32Exception(Marshal.GetLastWin32Error());
                }

                int size = Marshal.SizeOf<EnumServiceStatus>();
                for (int i = 0; i < count; i++)
                {
                    var entry = Marshal.PtrToStructure<EnumServiceStatus>(buffer + (i * size));
                    result.Add((Marshal.PtrToStringUni(entry.ServiceName) ?? string.Empty, Marshal.PtrToStringUni(entry.DisplayName) ?? string.Empty, entry.Status.CurrentState));
                }

                return result;
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }

        /// <summary>Every Win32 service: (name, display name, status with process id).</summary>
        public static List<(string Name, string DisplayName, ServiceStatusProcess Status)> EnumServices(ServiceHandle manager)
        {
            var result = new List<(string, string, ServiceStatusProcess)>();
            int resume = 0;
            int size = 64 * 1024;
            while (true)
            {
                IntPtr buffer = Marshal.AllocHGlobal(size);
                try
                {
                    bool done = EnumServicesStatusExNative(manager, ScEnumProcessInfo, ServiceWin32, ServiceStateAll, buffer, size, out int needed, out int returned, ref resume, null);
                    int error = done ? 0 : Marshal.GetLastWin32Error();
                    if (!done && error != ErrorMoreData)
                    {
                        throw new Win32Exception(error);
                    }

                    int entrySize = Marshal.SizeOf<EnumServiceStatusProcess>();
                    for (int i = 0; i < returned; i++)
                    {
                        var entry = Marshal.PtrToStructure<EnumServiceStatusProcess>(buffer + (i * entrySize));
                        result.Add((Marshal.PtrToStringUni(entry.ServiceName) ?? string.Empty, Marshal.PtrToStringUni(entry.DisplayName) ?? string.Empty, entry.Status));
                    }

                    if (done)
                    {
                        return result;
                    }

                    size = Math.Max(size, needed);
                }
                finally
                {
                    Marshal.FreeHGlobal(buffer);
                }
            }
        }
    }
}
