using System.Collections.Generic;
using MapiProfileTools.Core.Hives;

namespace MapiProfileTools.Bench
{
    /// <summary>The full walk the hive benchmarks time: every key and every value list, depth first, no recursion.</summary>
    internal static class HiveWalk
    {
        public static (int Keys, int Values) Count(string path)
        {
            using RegfHive hive = RegfHive.Open(path, string.Empty);
            int keys = 0, values = 0;
            var pending = new Stack<RegfKey>();
            pending.Push(hive.Root);
            while (pending.Count > 0)
            {
                RegfKey key = pending.Pop();
                keys++;
                values += key.GetValues().Count;
                foreach (RegfKey child in key.GetSubKeys())
                {
                    pending.Push(child);
                }
            }

            return (keys, values);
        }
    }
}
