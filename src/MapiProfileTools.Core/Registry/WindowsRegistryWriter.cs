using MapiProfileTools.Core.Native;
using MapiProfileTools.Core.Platform;

namespace MapiProfileTools.Core.Registry
{
    /// <summary>Writes the live Windows registry below HKEY_USERS through advapi32, one call per write.</summary>
    public sealed class WindowsRegistryWriter : IRegistryWriter
    {
        private const string UsersRoot = "HKEY_USERS";

        public WindowsRegistryWriter() => WindowsOnly.Ensure("Writing the live registry", "Import an exported .reg file on the server with regedit /s instead.");

        public IRegistryKey? OpenKey(string path) => WindowsRegistryKey.OpenUsers(path);

        public bool CreateKey(string path)
        {
            using RegistryKeyHandle handle = Advapi32.RegCreateKey(Advapi32.HKEY_USERS, path, Display(path), out bool created);
            return created;
        }

        public void SetValue(string keyPath, RegistryValue value)
        {
            using RegistryKeyHandle handle = OpenForWrite(keyPath);
            Advapi32.RegSetValue(handle, value.Name, (uint)value.Type, value.Data, Display(keyPath));
        }

        public void DeleteValue(string keyPath, string name)
        {
            using RegistryKeyHandle handle = OpenForWrite(keyPath);
            Advapi32.RegDeleteValue(handle, name, Display(keyPath));
        }

        public void DeleteKey(string path)
        {
            int split = path.LastIndexOf('\\');
            using RegistryKeyHandle parent = OpenForWrite(split < 0 ? string.Empty : path.Substring(0, split));
            Advapi32.RegDeleteKey(parent, path.Substring(split + 1), Display(path));
        }

        private static RegistryKeyHandle OpenForWrite(string path) =>
            Advapi32.RegOpenKeyForWrite(Advapi32.HKEY_USERS, path, Display(path))
            ?? throw new System.IO.IOException($"The registry key '{Display(path)}' does not exist.");

        private static string Display(string path) => path.Length == 0 ? UsersRoot : UsersRoot + "\\" + path;
    }
}
