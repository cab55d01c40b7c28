using System;

namespace MapiProfileTools.Core.Services.Simulation
{
    /// <summary>Faults a <see cref="SimulatedServiceControl"/> service can be given, one or several at once.</summary>
    [Flags]
    internal enum SimulatedServiceFault
    {
        None = 0,

        /// <summary>Stop is accepted, then the service stays StopPending for ever (a hung shutdown).</summary>
        StopHangs = 1,

        /// <summary>Start is accepted, then the service stays StartPending for ever.</summary>
        StartHangs = 2,

        /// <summary>Start is accepted; after its start time the service falls back to Stopped (it crashed while starting).</summary>
        StartFails = 4,

        /// <summary>Start is refused at once (as Windows refuses a service whose logon fails, error 1069).</summary>
        StartRefused = 8,

        /// <summary>Stop is refused with access denied (error 5).</summary>
        StopAccessDenied = 16,

        /// <summary>Start is refused with access denied (error 5).</summary>
        StartAccessDenied = 32,
    }
}
