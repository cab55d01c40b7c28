using System;
using System.Collections.Generic;
using System.ComponentModel;
using MapiProfileTools.Core.Native;
using MapiProfileTools.Core.Platform;

namespace MapiProfileTools.Core.Services
{
    /// <summary>The local service control manager, through advapi32.</summary>
    public sealed class WindowsServiceControl : IServiceControl
    {
        public WindowsServiceControl()
        {
            WindowsOnly.Ensure("Service control");
        }

        public ServiceStatusInfo? Query(string name)
        {
            return Call(name, "query", () =>
            {
                using ServiceHandle manager = Advapi32.OpenSCManager(Advapi32.ScManagerConnect);
                using ServiceHandle? service = Advapi32.OpenService(manager, name, Advapi32.ServiceQueryStatus);
                if (service == null)
                {
                    return null;
                }

                Advapi32.ServiceStatusProcess status = Advapi32.QueryServiceStatus(service);
                return new ServiceStatusInfo(name, Advapi32.GetDisplayName(manager, name), (ServiceState)status.CurrentState, (int)status.ProcessId);
            });
        }

        public IReadOnlyList<ServiceStatusInfo> GetDependentServices(string name)
        {
            return Call(name, "list the dependents of", () =>
            {
                using ServiceHandle manager = Advapi32.OpenSCManager(Advapi32.ScManagerConnect);
                using ServiceHandle service = OpenExisting(manager, name, Advapi32.ServiceEnumerateDependents);
                var result = new List<ServiceStatusInfo>();
                foreach (var (dependent, displayName, state) in Advapi32.EnumDependentServices(service))
                {
                    result.Add(new ServiceStatusInfo(dependent, displayName, (ServiceState)state, 0));
                }

                return result;
            });
        }

        public IReadOnlyList<ServiceStatusInfo> GetServices()
        {
            return Call("*", "list", () =>
            {
                using ServiceHandle manager = Advapi32.OpenSCManager(Advapi32.ScManagerConnect | Advapi32.ScManagerEnumerateService);
                var result = new List<ServiceStatusInfo>();
                foreach (var (name, displayName, status) in Advapi32.EnumServices(manager))
                {
                    result.Add(new ServiceStatusInfo(name, displayName, (ServiceState)status.CurrentState, (int)status.ProcessId));
                }

                return result;
            });
        }

        public void Start(string name)
        {
            Call<object?>(name, "start", () =>
            {
                using ServiceHandle manager = Advapi32.OpenSCManager(Advapi32.ScManagerConnect);
                using ServiceHandle service = OpenExisting(manager, name, Advapi32.ServiceStart);
                Advapi32.StartService(service);
                return null;
            });
        }

        public void Stop(string name)
        {
            Call<object?>(name, "stop", () =>
            {
                using ServiceHandle manager = Advapi32.OpenSCManager(Advapi32.ScManagerConnect);
                using ServiceHandle service = OpenExisting(manager, name, Advapi32.ServiceStop);
                Advapi32.StopService(service);
                return null;
            });
        }

        private static ServiceHandle OpenExisting(ServiceHandle manager, string name, uint access) =>
            Advapi32.OpenService(manager, name, access)
            ?? throw new ServiceControlException(name, ServiceFailure.NotFound, $"No service named '{name}' is installed.", Advapi32.ErrorServiceDoesNotExist);

        // One place that turns Win32 errors into ServiceControlExceptions naming the service and the operation.
        private static T Call<T>(string name, string operation, Func<T> action)
        {
            try
            {
                return action();
            }
            catch (Win32Exception ex)
            {
                ServiceFailure failure = ex.NativeErrorCode == Advapi32.ErrorAccessDenied ? ServiceFailure.AccessDenied : ServiceFailure.Failed;
                string hint = failure == ServiceFailure.AccessDenied ? " Run the command elevated (as Administrator)." : string.Empty;
                throw new ServiceControlException(name, failure, $"Cannot {operation} service '{name}': {ex.Message} (error {ex.NativeErrorCode}).{hint}", ex.NativeErrorCode, ex);
            }
        }
    }
}
