using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace MapiProfileTools.WindowsHost.Native
{
    /// <summary>
    /// The service-side half of the service control API: each call a private extern with a wrapper
    /// that throws <see cref="Win32Exception"/> on failure.
    /// </summary>
    internal static class Advapi32
    {
        public const int SERVICE_WIN32_OWN_PROCESS = 0x00000010;

        public const int SERVICE_STOPPED = 1;
        public const int SERVICE_START_PENDING = 2;
        public const int SERVICE_STOP_PENDING = 3;
        public const int SERVICE_RUNNING = 4;

        public const int SERVICE_ACCEPT_STOP = 0x00000001;

        public const int SERVICE_CONTROL_STOP = 1;
        public const int SERVICE_CONTROL_INTERROGATE = 4;

        public const int NO_ERROR = 0;
        public const int ERROR_CALL_NOT_IMPLEMENTED = 120;
        public const int ERROR_FAILED_SERVICE_CONTROLLER_CONNECT = 1063;

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        public delegate void ServiceMainFunction(int argc, IntPtr argv);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        public delegate int HandlerExFunction(int control, int eventType, IntPtr eventData, IntPtr context);

        [StructLayout(LayoutKind.Sequential)]
        public struct ServiceStatus
        {
            public int ServiceType;
            public int CurrentState;
            public int ControlsAccepted;
            public int Win32ExitCode;
            public int ServiceSpecificExitCode;
            public int CheckPoint;
            public int WaitHint;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct ServiceTableEntry
        {
            public IntPtr ServiceName;
            public IntPtr ServiceProc;
        }

        [DllImport("advapi32.dll", EntryPoint = "StartServiceCtrlDispatcherW", SetLastError = true)]
        private static extern bool StartServiceCtrlDispatcherNative([In] ServiceTableEntry[] serviceTable);

        [DllImport("advapi32.dll", EntryPoint = "RegisterServiceCtrlHandlerExW", SetLastError = true, CharSet = CharSet.Unicode)]
        private static extern IntPtr RegisterServiceCtrlHandlerExNative(string serviceName, HandlerExFunction handler, IntPtr context);

        [DllImport("advapi32.dll", EntryPoint = "SetServiceStatus", SetLastError = true)]
        private static extern bool SetServiceStatusNative(IntPtr statusHandle, ref ServiceStatus status);

        /// <summary>
        /// Connects this process to the service control manager and blocks until its service has stopped.
        /// The caller keeps <paramref name="serviceMain"/> alive for that long.
        /// </summary>
        public static void StartServiceCtrlDispatcher(string serviceName, ServiceMainFunction serviceMain)
        {
            IntPtr name = Marshal.StringToHGlobalUni(serviceName);
            try
            {
                var table = new[]
                {
                    new ServiceTableEntry { ServiceName = name, ServiceProc = Marshal.GetFunctionPointerForDelegate(serviceMain) },
                    new ServiceTableEntry(), // the table ends with an empty entry
                };
                if (!StartServiceCtrlDispatcherNative(table))
                {
                    throw new Win32Exception(Marshal.GetLastWin32Error());
                }
            }
            finally
            {
                Marshal.FreeHGlobal(name);
            }
        }

        /// <summary>Registers the control handler; the caller keeps <paramref name="handler"/> alive.</summary>
        public static IntPtr RegisterServiceCtrlHandlerEx(string serviceName, HandlerExFunction handler)
        {
            IntPtr statusHandle = RegisterServiceCtrlHandlerExNative(serviceName, handler, IntPtr.Zero);
            if (statusHandle == IntPtr.Zero)
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }
            return statusHandle;
        }

        public static void SetServiceStatus(IntPtr statusHandle, ServiceStatus status)
        {
            if (!SetServiceStatusNative(statusHandle, ref status))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }
        }
    }
}
