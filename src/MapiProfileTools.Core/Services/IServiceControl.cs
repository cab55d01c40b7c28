using System.Collections.Generic;

namespace MapiProfileTools.Core.Services
{
    /// <summary>
    /// The seam to the service control manager. Start and Stop only ask; callers poll Query for the
    /// outcome with their own deadline, so no wait here is ever unbounded. Failures are
    /// <see cref="ServiceControlException"/>s.
    /// </summary>
    public interface IServiceControl
    {
        /// <summary>The service's current status; null when no service of that name is installed.</summary>
        ServiceStatusInfo? Query(string name);

        /// <summary>The services that depend directly on <paramref name="name"/>, in every state.</summary>
        IReadOnlyList<ServiceStatusInfo> GetDependentServices(string name);

        /// <summary>Every installed Win32 service with its state and process id.</summary>
        IReadOnlyList<ServiceStatusInfo> GetServices();

        void Start(string name);

        void Stop(string name);
    }
}
