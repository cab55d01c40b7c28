using System;
using System.Collections.Generic;
using System.IO;
using MapiProfileTools.Core.Hives;

namespace MapiProfileTools.Core.Tests.Hives
{
    /// <summary>Whole-tree walks of a hive, without recursion, the way a caller listing everything would.</summary>
    internal static class HiveWalk
    {
        /// <summary>Every readable key by its path below the root ("" for the root), through GetSubKeys.</summary>
        public static Dictionary<string, RegfKey> Keys(RegfKey root)
        {
            var keys = new Dictionary<string, RegfKey>(StringComparer.Ordinal);
            var pending = new Stack<(string Path, RegfKey Key)>();
            pending.Push((string.Empty, root));
            while (pending.Count > 0)
            {
                var (path, key) = pending.Pop();
                keys.Add(path, key);
                foreach (RegfKey child in key.GetSubKeys())
                {
                    pending.Push((path.Length == 0 ? child.Name : path + "\\" + child.Name, child));
                }
            }

            return keys;
        }

        /// <summary>Reads every key and value (data included); returns how many of each.</summary>
        public static (int Keys, int Values) Everything(RegfKey root)
        {
            int keys = 0;
            int values = 0;
            var pending = new Stack<RegfKey>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                RegfKey key = pending.Pop();
                keys++;
                _ = key.LastWriteTimeUtc;
                values += key.GetValues().Count;
                foreach (RegfKey child in key.GetSubKeys())
                {
                    pending.Push(child);
                }
            }

            return (keys, values);
        }
    }

    /// <summary>A read-only stream over a byte array that counts what is read from it.</summary>
    internal sealed class CountingStream : MemoryStream
    {
        public CountingStream(byte[] data, int length)
            : base(data, 0, length, writable: false)
        {
        }

        public long BytesRead { get; private set; }

        public int Reads { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = base.Read(buffer, offset, count);
            BytesRead += read;
            Reads++;
            return read;
        }
    }
}
