namespace MapiProfileTools.Core.Services
{
    /// <summary>A service's <c>Start</c> value as the registry stores it (SERVICE_BOOT_START .. SERVICE_DISABLED).</summary>
    public enum ServiceStartType : uint
    {
        Boot = 0,
        System = 1,
        Automatic = 2,
        Manual = 3,
        Disabled = 4,
    }
}
