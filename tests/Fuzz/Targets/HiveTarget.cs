using System;
using System.IO;
using MapiProfileTools.Core.Hives;

namespace MapiProfileTools.Fuzz.Targets
{
    /// <summary>
    /// The regf reader, as Get-MessagingProfile -Path and Get-MapiProfileHealth -HivePath use it: open the
    /// hive, then walk every key and value and read the profiles (<see cref="HiveWalker"/>).
    /// </summary>
    internal sealed class HiveTarget : FuzzTarget
    {
        public override string Name => "hive";

        public override string Description => "RegfHive.Open on a registry hive, every key and value walked, profiles decoded";

        protected override void Run(byte[] data)
        {
            using RegfHive hive = RegfHive.Open(new MemoryStream(data, writable: false), "fuzz.hive", @"HKEY_USERS\.DEFAULT");
            HiveWalker.Walk(hive);
        }

        protected override bool IsDocumented(Exception exception) => exception is RegfFormatException;
    }
}
