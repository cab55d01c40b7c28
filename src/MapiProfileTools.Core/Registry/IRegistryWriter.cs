namespace MapiProfileTools.Core.Registry
{
    /// <summary>
    /// Writes below HKEY_USERS: the seam between the profile restore and the live registry, so the restore's
    /// all-or-nothing logic runs against an in-memory registry (and one that fails on a chosen write) in tests.
    /// Paths are relative to HKEY_USERS (".DEFAULT\Software\..."). Every method is one registry write, or a read.
    /// </summary>
    public interface IRegistryWriter
    {
        /// <summary>The key for reading; null when it does not exist.</summary>
        IRegistryKey? OpenKey(string path);

        /// <summary>Creates the key (its parent must exist); true when it did not exist before.</summary>
        bool CreateKey(string path);

        void SetValue(string keyPath, RegistryValue value);

        /// <summary>Deletes a value; nothing happens when it does not exist.</summary>
        void DeleteValue(string keyPath, string name);

        /// <summary>Deletes a key that has no subkeys left.</summary>
        void DeleteKey(string path);
    }
}
