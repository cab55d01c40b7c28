using MapiProfileTools.Core.Platform;

namespace MapiProfileTools.Core.Processes
{
    /// <summary>Chooses the process-table back end of the platform the module runs on.</summary>
    public static class ProcessModuleSources
    {
        /// <exception cref="System.PlatformNotSupportedException">Neither Windows nor a /proc file system.</exception>
        public static IProcessModuleSource ForThisPlatform() =>
            WindowsOnly.IsWindows ? new WindowsProcessModuleSource() : (IProcessModuleSource)new ProcFileSystemModuleSource();
    }
}
