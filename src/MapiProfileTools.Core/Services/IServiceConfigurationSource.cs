using System.Collections.Generic;

namespace MapiProfileTools.Core.Services
{
    /// <summary>
    /// Where services' configurations come from: the seam between the code that asks "which services are
    /// Exchange's" and the registry (live or a hive file) or a test's own list.
    /// </summary>
    public interface IServiceConfigurationSource
    {
        /// <summary>One service by name (case-insensitive); null when it is not installed.</summary>
        ServiceConfiguration? Get(string name);

        /// <summary>Every service entry that could be read, in the order the source lists them.</summary>
        IReadOnlyList<ServiceConfiguration> GetAll();

        /// <summary>
        /// The services that depend on <paramref name="name"/> through <c>DependOnService</c>, or through
        /// <c>DependOnGroup</c> naming its group; with <paramref name="transitive"/>, also those depending on
        /// them, nearest first. Never the service itself; each service once, whatever cycles the data has.
        /// </summary>
        IReadOnlyList<ServiceConfiguration> GetDependents(string name, bool transitive);
    }
}
