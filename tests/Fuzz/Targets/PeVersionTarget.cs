using System;
using System.IO;
using MapiProfileTools.Core.PortableExecutable;

namespace MapiProfileTools.Fuzz.Targets
{
    /// <summary>
    /// The PE version reader, as Test-MapiDllVersion and Get-MapiProfileHealth call it: headers, the
    /// resource directory, VS_VERSIONINFO and its string tables.
    /// </summary>
    internal sealed class PeVersionTarget : FuzzTarget
    {
        public override string Name => "pe";

        public override string Description => "VersionResourceReader.Read on a PE image (DLL/EXE)";

        protected override void Run(byte[] data)
        {
            using var stream = new MemoryStream(data, writable: false);
            PeVersionInfo info = VersionResourceReader.Read(stream, "fuzz.dll");

            // Everything a cmdlet shows: the versions, the machine, every string.
            GC.KeepAlive(info.FileVersion?.ToString());
            GC.KeepAlive(info.ProductVersion?.ToString());
            GC.KeepAlive(info.Machine);
            foreach (var pair in info.Strings)
            {
                GC.KeepAlive(pair.Key.Length + pair.Value.Length);
            }
        }

        protected override bool IsDocumented(Exception exception) => exception is PeFormatException;
    }
}
