using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Registry
{
    /// <summary>
    /// A key and everything below it as read: every value with its stored type and bytes, every subkey.
    /// The profile reader keeps one per profile so that an export or a restore writes back exactly what was
    /// read, not what the decoder understood (it skips values that are not MAPI tags, and subkeys that are
    /// not sections). Depth is bounded by the key sources themselves (the hive reader stops at Windows'
    /// 512 levels and breaks cycles; the live registry cannot nest deeper).
    /// </summary>
    public sealed class RegistryKeySnapshot
    {
        public RegistryKeySnapshot(string name, IReadOnlyList<RegistryValue> values, IReadOnlyList<RegistryKeySnapshot> subKeys)
        {
            Name = name;
            Values = values;
            SubKeys = subKeys;
        }

        /// <summary>The key's own name (not its path).</summary>
        public string Name { get; }

        public IReadOnlyList<RegistryValue> Values { get; }

        public IReadOnlyList<RegistryKeySnapshot> SubKeys { get; }

        /// <summary>Reads <paramref name="key"/> and its whole subtree, naming the top <paramref name="name"/>.</summary>
        public static RegistryKeySnapshot Capture(IRegistryKey key, string name)
        {
            var subKeys = new List<RegistryKeySnapshot>();
            foreach (string subKeyName in key.GetSubKeyNames())
            {
                using IRegistryKey? subKey = key.OpenSubKey(subKeyName);
                if (subKey != null)
                {
                    subKeys.Add(Capture(subKey, subKeyName));
                }
            }

            return new RegistryKeySnapshot(name, key.GetValues(), subKeys);
        }

        /// <summary>
        /// This key and every key below it, parents before children, each with its path relative to this
        /// key's parent (so the first is this key's own name).
        /// </summary>
        public IEnumerable<(string Path, RegistryKeySnapshot Key)> Walk() => Walk(Name);

        /// <summary>As <see cref="Walk()"/>, with <paramref name="path"/> in place of this key's own name.</summary>
        public IEnumerable<(string Path, RegistryKeySnapshot Key)> Walk(string path)
        {
            // Iterative, so a deep (hostile but bounded) tree cannot exhaust the stack of nested iterators.
            var pending = new Stack<(string, RegistryKeySnapshot)>();
            pending.Push((path, this));
            while (pending.Count > 0)
            {
                (string keyPath, RegistryKeySnapshot key) = pending.Pop();
                yield return (keyPath, key);
                for (int i = key.SubKeys.Count - 1; i >= 0; i--)
                {
                    pending.Push((keyPath + "\\" + key.SubKeys[i].Name, key.SubKeys[i]));
                }
            }
        }

        /// <summary>How many keys this tree holds, itself included.</summary>
        public int KeyCount
        {
            get
            {
                int count = 0;
                foreach (var _ in Walk())
                {
                    count++;
                }

                return count;
            }
        }

        /// <summary>How many values this tree holds.</summary>
        public int ValueCount
        {
            get
            {
                int count = 0;
                foreach (var (_, key) in Walk())
                {
                    count += key.Values.Count;
                }

                return count;
            }
        }

        public RegistryValue? FindValue(string name)
        {
            foreach (RegistryValue value in Values)
            {
                if (string.Equals(value.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            return null;
        }
    }
}
