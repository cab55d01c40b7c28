using System;
using System.Collections.Generic;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Core.Hives
{
    /// <summary>
    /// A key of an offline hive. Holds only its own key node; subkeys and values are read from the file
    /// each time they are asked for. Names are looked up case-insensitively, as Windows does.
    /// </summary>
    public sealed class RegfKey : IRegistryKey
    {
        private readonly RegfHive _hive;
        private readonly string _parentPath;
        private readonly string _parentRelativePath;
        private string? _path;
        private string? _relativePath;

        /// <summary>A key below <paramref name="parentPath"/>; paths are joined only when asked for (a long list makes many keys).</summary>
        internal RegfKey(RegfHive hive, KeyNode node, string parentPath, string parentRelativePath, int depth)
        {
            _hive = hive;
            Node = node;
            _parentPath = parentPath;
            _parentRelativePath = parentRelativePath;
            Depth = depth;
        }

        /// <summary>The root key, shown as <paramref name="path"/>.</summary>
        internal RegfKey(RegfHive hive, KeyNode node, string path)
        {
            _hive = hive;
            Node = node;
            _parentPath = string.Empty;
            _parentRelativePath = string.Empty;
            _path = path;
            _relativePath = string.Empty;
        }

        /// <summary>The key's own name as stored (the root key's name is whatever the hive's writer chose).</summary>
        public string Name => Node.Name;

        /// <summary>The root path given when the hive was opened, then the key names below it.</summary>
        public string Path => _path ??= Join(_parentPath, Node.Name);

        /// <summary>From the key node's last-written FILETIME; null when the writer left it zero.</summary>
        public DateTime? LastWriteTimeUtc => Node.LastWriteTimeUtc;

        /// <summary>Subkey count as the key node claims it (the list may hold fewer readable entries).</summary>
        public int SubKeyCount => (int)Math.Min(int.MaxValue, Node.SubKeyCount);

        /// <summary>Value count as the key node claims it.</summary>
        public int ValueCount => (int)Math.Min(int.MaxValue, Node.ValueCount);

        internal KeyNode Node { get; }

        /// <summary>The path below the hive's root, empty for the root itself.</summary>
        internal string RelativePath => _relativePath ??= Join(_parentRelativePath, Node.Name);

        internal int Depth { get; }

        internal string Description => RelativePath.Length == 0 ? "the root key" : $"key '{RelativePath}'";

        /// <summary>The names of the readable subkeys, in the order the hive lists them.</summary>
        /// <exception cref="RegfFormatException">The key's subkey list itself is damaged.</exception>
        public IReadOnlyList<string> GetSubKeyNames()
        {
            IReadOnlyList<RegfKey> keys = GetSubKeys();
            var names = new string[keys.Count];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = keys[i].Name;
            }

            return names;
        }

        /// <summary>
        /// The readable subkeys themselves, in the order the hive lists them: one pass over the subkey list,
        /// where opening each name in turn would search the list again for every key.
        /// </summary>
        /// <exception cref="RegfFormatException">The key's subkey list itself is damaged.</exception>
        public IReadOnlyList<RegfKey> GetSubKeys()
        {
            _hive.ThrowIfDisposed();
            return _hive.ListSubKeys(this);
        }

        /// <summary>The readable values, with their data and type exactly as stored.</summary>
        /// <exception cref="RegfFormatException">The key's value list itself is damaged.</exception>
        public IReadOnlyList<RegistryValue> GetValues()
        {
            _hive.ThrowIfDisposed();
            return _hive.ReadValues(this);
        }

        /// <summary>
        /// Opens a subkey by a backslash-separated path (empty parts are ignored, so "" is this key);
        /// null when a part is missing. Reads only the lists and key nodes on the way.
        /// </summary>
        /// <exception cref="RegfFormatException">A key node or subkey list on the way is damaged.</exception>
        public RegfKey? OpenSubKey(string relativePath)
        {
            if (relativePath == null)
            {
                throw new ArgumentNullException(nameof(relativePath));
            }

            _hive.ThrowIfDisposed();
            RegfKey key = this;
            foreach (string part in relativePath.Split('\\'))
            {
                if (part.Length == 0)
                {
                    continue;
                }

                RegfKey? next = _hive.FindSubKey(key, part);
                if (next == null)
                {
                    return null;
                }

                key = next;
            }

            return key;
        }

        IRegistryKey? IRegistryKey.OpenSubKey(string relativePath) => OpenSubKey(relativePath);

        /// <summary>Nothing to release: the hive owns the file. Dispose the <see cref="RegfHive"/> to close it.</summary>
        public void Dispose()
        {
        }

        public override string ToString() => Path;

        private static string Join(string path, string name) => path.Length == 0 ? name : path + "\\" + name;
    }
}
