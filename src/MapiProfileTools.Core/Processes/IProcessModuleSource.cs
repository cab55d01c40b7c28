using System.Collections.Generic;

namespace MapiProfileTools.Core.Processes
{
    /// <summary>
    /// The seam to the operating system's process table: /proc on Linux, Toolhelp32 on Windows.
    /// Implementations must be safe to call Scan from several threads at once.
    /// </summary>
    public interface IProcessModuleSource
    {
        /// <summary>Every process now running: ids and names only, cheaply.</summary>
        IReadOnlyList<ProcessEntry> ListProcesses();

        /// <summary>
        /// The process's modules whose file names match; details are read only when something matched.
        /// A process that exits or refuses access is an outcome, not an exception.
        /// </summary>
        ProcessScanResult Scan(ProcessEntry process, ModuleNamePattern pattern);
    }
}
