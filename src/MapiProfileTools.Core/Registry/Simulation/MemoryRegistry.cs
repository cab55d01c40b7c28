using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MapiProfileTools.Core.Registry.Simulation
{
    /// <summary>
    /// An in-memory HKEY_USERS that behaves as the live registry does for the writes a restore makes: names
    /// ignore case, a key is created only under an existing parent, a key with subkeys cannot be deleted.
    /// The restore's tests run against it on every platform.
    /// </summary>
    internal sealed class MemoryRegistry : IRegistryWriter
    {
        private readonly Node _root = new Node("HKEY_USERS", null);

        /// <summary>Every key and value, for comparing a registry before and after.</summary>
        public RegistryKeySnapshot Snapshot() => Capture(_root);

        public IRegistryKey? OpenKey(string path)
        {
            Node? node = Find(path);
            return node == null ? null : new Key(node, "HKEY_USERS" + (path.Length == 0 ? string.Empty : "\\" + path));
        }

        public bool CreateKey(string path)
        {
            if (Find(path) != null)
            {
                return false;
            }

            int split = path.LastIndexOf('\\');
            Node parent = Find(split < 0 ? string.Empty : path.Substring(0, split)) ?? throw new IOException($"The parent of '{path}' does not exist.");
            string name = path.Substring(split + 1);
            parent.SubKeys.Add(new Node(name, parent));
            return true;
        }

        public void SetValue(string keyPath, RegistryValue value)
        {
            Node node = Find(keyPath) ?? throw new IOException($"The key '{keyPath}' does not exist.");
            node.Values.RemoveAll(v => string.Equals(v.Name, value.Name, StringComparison.OrdinalIgnoreCase));
            node.Values.Add(new RegistryValue(value.Name, value.Type, (byte[])value.Data.Clone()));
        }

        public void DeleteValue(string keyPath, string name)
        {
            Node node = Find(keyPath) ?? throw new IOException($"The key '{keyPath}' does not exist.");
            node.Values.RemoveAll(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
        }

        public void DeleteKey(string path)
        {
            Node node = Find(path) ?? throw new IOException($"The key '{path}' does not exist.");
            if (node.SubKeys.Count > 0 || node.Parent == null)
            {
                throw new IOException($"The key '{path}' has subkeys.");
            }

            node.Parent.SubKeys.Remove(node);
        }

        private Node? Find(string path)
        {
            Node? node = _root;
            foreach (string part in path.Split(new[] { '\\' }, StringSplitOptions.RemoveEmptyEntries))
            {
                node = node.SubKeys.FirstOrDefault(k => string.Equals(k.Name, part, StringComparison.OrdinalIgnoreCase));
                if (node == null)
                {
                    return null;
                }
            }

            return node;
        }

        private static RegistryKeySnapshot Capture(Node node) =>
            new RegistryKeySnapshot(node.Name, node.Values.ToList(), node.SubKeys.Select(Capture).ToList());

        private sealed class Node
        {
            public Node(string name, Node? parent)
            {
                Name = name;
                Parent = parent;
            }

            public string Name { get; }

            public Node? Parent { get; }

            public List<Node> SubKeys { get; } = new List<Node>();

            public List<RegistryValue> Values { get; } = new List<RegistryValue>();
        }

        private sealed class Key : IRegistryKey
        {
            private readonly Node _node;

            public Key(Node node, string path)
            {
                _node = node;
                Path = path;
            }

            public string Path { get; }

            public DateTime? LastWriteTimeUtc => null;

            public IReadOnlyList<string> GetSubKeyNames() => _node.SubKeys.Select(k => k.Name).ToList();

            public IReadOnlyList<RegistryValue> GetValues() => _node.Values.ToList();

            public IRegistryKey? OpenSubKey(string relativePath)
            {
                Node? node = _node;
                foreach (string part in relativePath.Split(new[] { '\\' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    node = node.SubKeys.FirstOrDefault(k => string.Equals(k.Name, part, StringComparison.OrdinalIgnoreCase));
                    if (node == null)
                    {
                        return null;
                    }
                }

                return new Key(node, Path + "\\" + relativePath);
            }

            public void Dispose()
            {
            }
        }
    }
}
