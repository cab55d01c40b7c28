using System;
using System.ComponentModel;
using System.Threading;
using MapiProfileTools.WindowsHost.Native;

namespace MapiProfileTools.WindowsHost
{
    /// <summary>
    /// A Windows service that does nothing but follow the service control manager: it reports RUNNING,
    /// and STOPPED when asked to stop. With hang-on-stop it reports STOP_PENDING forever instead, the
    /// way a stuck dependent of the System Attendant behaves, so restart timeouts can be tested.
    /// </summary>
    internal sealed class TestService
    {
        private readonly string name;
        private readonly bool hangOnStop;
        private readonly string[] libraries;
        private readonly ManualResetEventSlim stopRequested = new ManualResetEventSlim(false);
        // Native code calls back through these for the life of the process: they must not be collected.
        private readonly Advapi32.ServiceMainFunction serviceMain;
        private readonly Advapi32.HandlerExFunction handler;
        private IntPtr statusHandle;
        private int checkPoint;

        public TestService(string name, bool hangOnStop, string[]? libraries = null)
        {
            this.name = name;
            this.hangOnStop = hangOnStop;
            this.libraries = libraries ?? Array.Empty<string>();
            serviceMain = ServiceMain;
            handler = Handle;
        }

        public int Run()
        {
            try
            {
                Advapi32.StartServiceCtrlDispatcher(name, serviceMain);
                return 0;
            }
            catch (Win32Exception e) when (e.NativeErrorCode == Advapi32.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT)
            {
                Console.Error.WriteLine($"'--service {name}' runs only when the service control manager starts it (New-Service, Start-Service).");
                return 1;
            }
        }

        private void ServiceMain(int argc, IntPtr argv)
        {
            statusHandle = Advapi32.RegisterServiceCtrlHandlerEx(name, handler);
            Report(Advapi32.SERVICE_START_PENDING, waitHint: 3000);
            foreach (string library in libraries)
            {
                // Kept loaded for the service's life, as a MAPI service keeps Mapi32.dll.
                System.Runtime.InteropServices.NativeLibrary.Load(library);
            }

            Report(Advapi32.SERVICE_RUNNING);
            stopRequested.Wait();
            Report(Advapi32.SERVICE_STOPPED);
        }

        private int Handle(int control, int eventType, IntPtr eventData, IntPtr context)
        {
            switch (control)
            {
                case Advapi32.SERVICE_CONTROL_STOP:
                    Report(Advapi32.SERVICE_STOP_PENDING, waitHint: 5000);
                    if (!hangOnStop)
                    {
                        stopRequested.Set();
                    }
                    return Advapi32.NO_ERROR;
                case Advapi32.SERVICE_CONTROL_INTERROGATE:
                    return Advapi32.NO_ERROR;
                default:
                    return Advapi32.ERROR_CALL_NOT_IMPLEMENTED;
            }
        }

        private void Report(int state, int waitHint = 0)
        {
            bool pending = state == Advapi32.SERVICE_START_PENDING || state == Advapi32.SERVICE_STOP_PENDING;
            Advapi32.SetServiceStatus(statusHandle, new Advapi32.ServiceStatus
            {
                ServiceType = Advapi32.SERVICE_WIN32_OWN_PROCESS,
                CurrentState = state,
                ControlsAccepted = state == Advapi32.SERVICE_RUNNING ? Advapi32.SERVICE_ACCEPT_STOP : 0,
                Win32ExitCode = Advapi32.NO_ERROR,
                CheckPoint = pending ? Interlocked.Increment(ref checkPoint) : 0,
                WaitHint = waitHint,
            });
        }
    }
}
