using System;

namespace MapiProfileTools.Core.Registry.Simulation
{
    /// <summary>
    /// Passes every call to another writer, but makes one chosen write fail (the Nth, counting from 1), as
    /// access denied or a value the registry refuses would: how the tests prove that a restore that fails
    /// half way leaves the registry as it was. Only that one write fails, so the rollback can run.
    /// </summary>
    internal sealed class FaultInjectingRegistryWriter : IRegistryWriter
    {
        private readonly IRegistryWriter _inner;
        private readonly int _failingWrite;

        public FaultInjectingRegistryWriter(IRegistryWriter inner, int failingWrite)
        {
            _inner = inner;
            _failingWrite = failingWrite;
        }

        /// <summary>How many writes were asked for so far, the failed one included.</summary>
        public int Writes { get; private set; }

        public IRegistryKey? OpenKey(string path) => _inner.OpenKey(path);

        public bool CreateKey(string path)
        {
            Count(path);
            return _inner.CreateKey(path);
        }

        public void SetValue(string keyPath, RegistryValue value)
        {
            Count(keyPath + " [" + value.Name + "]");
            _inner.SetValue(keyPath, value);
        }

        public void DeleteValue(string keyPath, string name)
        {
            Count(keyPath + " [" + name + "]");
            _inner.DeleteValue(keyPath, name);
        }

        public void DeleteKey(string path)
        {
            Count(path);
            _inner.DeleteKey(path);
        }

        private void Count(string target)
        {
            if (++Writes == _failingWrite)
            {
                throw new UnauthorizedAccessException($"Access to the registry key 'HKEY_USERS\\{target}' is denied (simulated failure of write {_failingWrite}).");
            }
        }
    }
}
