using System;
using System.Collections.Generic;
using MapiProfileTools.Core.Native;
using MapiProfileTools.Core.Platform;

namespace MapiProfileTools.Core.Registry
{
    /// <summary>A key of the live Windows registry, read through advapi32.</summary>
    public sealed class WindowsRegistryKey : IRegistryKey
    {
        private const string UsersRoot = "HKEY_USERS";
        private const string LocalMachineRoot = "HKEY_LOCAL_MACHINE";
        private readonly RegistryKeyHandle _handle;
        private Advapi32.KeyInfo? _info;

        private WindowsRegistryKey(RegistryKeyHandle handle, string path)
        {
            _handle = handle;
            Path = path;
        }

        public string Path { get; }

        public DateTime? LastWriteTimeUtc => Info.LastWriteTimeUtc;

        private Advapi32.KeyInfo Info => _info ??= Advapi32.RegQueryInfoKey(_handle, Path);

        /// <summary>Opens HKEY_USERS itself, to list the loaded hives (.DEFAULT, SIDs).</summary>
        public static WindowsRegistryKey OpenUsers()
        {
            WindowsOnly.Ensure("The live registry", "Read a copy of the hive file instead.");
            return new WindowsRegistryKey(Advapi32.RegOpenKey(Advapi32.HKEY_USERS, string.Empty, UsersRoot)!, UsersRoot);
        }

        /// <summary>Opens HKEY_USERS\<paramref name="subKey"/>; null when it does not exist.</summary>
        public static WindowsRegistryKey? OpenUsers(string subKey)
        {
            WindowsOnly.Ensure("The live registry", "Read a copy of the hive file instead.");
            string path = UsersRoot + "\\" + subKey;
            RegistryKeyHandle? handle = Advapi32.RegOpenKey(Advapi32.HKEY_USERS, subKey, path);
            return handle == null ? null : new WindowsRegistryKey(handle, path);
        }

        /// <summary>Opens HKEY_LOCAL_MACHINE\<paramref name="subKey"/> for reading (services, the control sets); null when it does not exist.</summary>
        public static WindowsRegistryKey? OpenLocalMachine(string subKey)
        {
            WindowsOnly.Ensure("The live registry", "Read a copy of the hive file instead.");
            string path = LocalMachineRoot + "\\" + subKey;
            RegistryKeyHandle? handle = Advapi32.RegOpenKey(Advapi32.HKEY_LOCAL_MACHINE, subKey, path);
            return handle == null ? null : new WindowsRegistryKey(handle, path);
        }

        public IReadOnlyList<string> GetSubKeyNames()
        {
            Advapi32.KeyInfo info = Info;
            var names = new List<string>((int)info.SubKeys);
            for (uint i = 0; ; i++)
            {
                // Names are at most 255 characters; the key may gain longer ones while we list it.
                string? name = Advapi32.RegEnumKey(_handle, i, Math.Max((int)info.MaxSubKeyLength, 255), Path);
                if (name == null)
                {
                    return names;
                }

                names.Add(name);
            }
        }

        public IReadOnlyList<RegistryValue> GetValues()
        {
            Advapi32.KeyInfo info = Info;
            var values = new List<RegistryValue>((int)info.Values);
            for (uint i = 0; ; i++)
            {
                var value = Advapi32.RegEnumValue(_handle, i, (int)info.MaxValueNameLength, (int)info.MaxValueLength, Path);
                if (value == null)
                {
                    return values;
                }

                values.Add(new RegistryValue(value.Value.Name, (RegistryValueType)value.Value.Type, value.Value.Data));
            }
        }

        public IRegistryKey? OpenSubKey(string relativePath)
        {
            string path = Path + "\\" + relativePath;
            RegistryKeyHandle? handle = Advapi32.RegOpenKey(_handle, relativePath, path);
            return handle == null ? null : new WindowsRegistryKey(handle, path);
        }

        public void Dispose() => _handle.Dispose();
    }
}
