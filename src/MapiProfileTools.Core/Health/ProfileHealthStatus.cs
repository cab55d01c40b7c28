namespace MapiProfileTools.Core.Health
{
    /// <summary>Is this server in the KB 817375 state?</summary>
    public enum ProfileHealthStatus
    {
        /// <summary>The profiles are there and no affected Mapi32.dll is loaded by another program.</summary>
        Healthy,
        /// <summary>The System Attendant's profiles are gone (or event 9202 says so): restart it.</summary>
        ProfilesMissing,
        /// <summary>The profiles are there, but a program other than the System Attendant has an affected Mapi32.dll loaded.</summary>
        AtRisk,
        /// <summary>Not enough evidence could be read to tell; the report says what was missing.</summary>
        Unknown,
    }
}
