namespace MapiProfileTools.Core.Processes
{
    /// <summary>A module (DLL or mapped file) that a process has loaded.</summary>
    public sealed class LoadedModule
    {
        public LoadedModule(string name, string path)
        {
            Name = name;
            Path = path;
        }

        /// <summary>The file name as loaded, in its own letter case (MAPI32.DLL, mapi32.dll).</summary>
        public string Name { get; }

        public string Path { get; }
    }
}
