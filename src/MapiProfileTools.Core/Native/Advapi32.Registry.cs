using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace MapiProfileTools.Core.Native
{
    /// <summary>
    /// Registry functions of advapi32.dll. Called directly rather than through Microsoft.Win32.Registry:
    /// that package is not part of netstandard2.0 (shipping it risks load conflicts), and it hides a
    /// key's last write time and a value's raw bytes for types it does not know, which profiles need.
    /// </summary>
    internal static partial class Advapi32
    {
        public static readonly IntPtr HKEY_USERS = new IntPtr(unchecked((int)0x80000003));
        public static readonly IntPtr HKEY_LOCAL_MACHINE = new IntPtr(unchecked((int)0x80000002));
        public const int ErrorSuccess = 0;
        public const int ErrorFileNotFound = 2;
        public const int ErrorAccessDenied = 5;
        public const int ErrorMoreData = 234;
        public const int ErrorNoMoreItems = 259;
        private const uint KeyRead = 0x20019;

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegOpenKeyExW")]
        private static extern int RegOpenKeyExNative(IntPtr key, string subKey, uint options, uint desired, out RegistryKeyHandle result);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegOpenKeyExW")]
        private static extern int RegOpenKeyExNative(RegistryKeyHandle key, string subKey, uint options, uint desired, out RegistryKeyHandle result);

        [DllImport("advapi32.dll")]
        internal static extern int RegCloseKey(IntPtr key);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegQueryInfoKeyW")]
        private static extern int RegQueryInfoKeyNative(
            RegistryKeyHandle key, IntPtr className, IntPtr classLength, IntPtr reserved,
            out uint subKeys, out uint maxSubKeyLength, out uint maxClassLength,
            out uint values, out uint maxValueNameLength, out uint maxValueLength,
            out uint securityDescriptorLength, out long lastWriteTime);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegEnumKeyExW")]
        private static extern int RegEnumKeyExNative(
            RegistryKeyHandle key, uint index, char[] name, ref uint nameLength,
            IntPtr reserved, IntPtr className, IntPtr classLength, IntPtr lastWriteTime);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegEnumValueW")]
        private static extern int RegEnumValueNative(
            RegistryKeyHandle key, uint index, char[] name, ref uint nameLength,
            IntPtr reserved, out uint type, byte[]? data, ref uint dataLength);

        /// <summary>Opens a key for reading; null when it does not exist.</summary>
        public static RegistryKeyHandle? RegOpenKey(IntPtr root, string subKey, string displayPath) =>
            OpenResult(RegOpenKeyExNative(root, subKey, 0, KeyRead, out RegistryKeyHandle handle), handle, displayPath);

        public static RegistryKeyHandle? RegOpenKey(RegistryKeyHandle parent, string subKey, string displayPath) =>
            OpenResult(RegOpenKeyExNative(parent, subKey, 0, KeyRead, out RegistryKeyHandle handle), handle, displayPath);

        public readonly struct KeyInfo
        {
            public KeyInfo(uint subKeys, uint maxSubKeyLength, uint values, uint maxValueNameLength, uint maxValueLength, DateTime lastWriteTimeUtc)
            {
                SubKeys = subKeys;
                MaxSubKeyLength = maxSubKeyLength;
                Values = values;
                MaxValueNameLength = maxValueNameLength;
                MaxValueLength = maxValueLength;
                LastWriteTimeUtc = lastWriteTimeUtc;
            }

            public uint SubKeys { get; }

            public uint MaxSubKeyLength { get; }

            public uint Values { get; }

            public uint MaxValueNameLength { get; }

            public uint MaxValueLength { get; }

            public DateTime LastWriteTimeUtc { get; }
        }

        public static KeyInfo RegQueryInfoKey(RegistryKeyHandle key, string displayPath)
        {
            int error = RegQueryInfoKeyNative(key, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, out uint subKeys, out uint maxSubKey, out _,
                out uint values, out uint maxValueName, out uint maxValue, out _, out long lastWrite);
            ThrowOnError(error, displayPath);
            return new KeyInfo(subKeys, maxSubKey, values, maxValueName, maxValue, DateTime.FromFileTimeUtc(lastWrite));
        }

        /// <summary>The subkey name at an index, or null past the last one.</summary>
        public static string? RegEnumKey(RegistryKeyHandle key, uint index, int nameCapacity, string displayPath)
        {
            var name = new char[nameCapacity + 1];
            uint length = (uint)name.Length;
            int error = RegEnumKeyExNative(key, index, name, ref length, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
            if (error == ErrorNoMoreItems)
            {
                return null;
            }

            ThrowOnError(error, displayPath);
            return new string(name, 0, (int)length);
        }

        /// <summary>The value at an index (name, type, bytes), or null past the last one; grows buffers when the key changed meanwhile.</summary>
        public static (string Name, uint Type, byte[] Data)? RegEnumValue(RegistryKeyHandle key, uint index, int nameCapacity, int dataCapacity, string displayPath)
        {
            while (true)
            {
                var name = new char[nameCapacity + 1];
                var data = new byte[Math.Max(dataCapacity, 1)];
                uint nameLength = (uint)name.Length;
                uint dataLength = (uint)data.Length;
                int error = RegEnumValueNative(key, index, name, ref nameLength, IntPtr.Zero, out uint type, data, ref dataLength);
                if (error == ErrorNoMoreItems)
                {
                    return null;
                }

                if (error == ErrorMoreData)
                {
                    nameCapacity = Math.Max(nameCapacity * 2, 256);
                    dataCapacity = Math.Max((int)dataLength, dataCapacity * 2);
                    continue;
                }

                ThrowOnError(error, displayPath);
                var bytes = new byte[dataLength];
                Buffer.BlockCopy(data, 0, bytes, 0, (int)dataLength);
                return (new string(name, 0, (int)nameLength), type, bytes);
            }
        }

        private static RegistryKeyHandle? OpenResult(int error, RegistryKeyHandle handle, string displayPath)
        {
            if (error == ErrorFileNotFound)
            {
                handle.Dispose();
                return null;
            }

            if (error != ErrorSuccess)
            {
                handle.Dispose();
            }

            ThrowOnError(error, displayPath);
            return handle;
        }

        private static void ThrowOnError(int error, string displayPath)
        {
            if (error == ErrorSuccess)
            {
                return;
            }

            if (error == ErrorAccessDenied)
            {
                throw new UnauthorizedAccessException($"Access to the registry key '{displayPath}' is denied.", new Win32Exception(error));
            }

            throw new Win32Exception(error, $"Reading the registry key '{displayPath}' failed: {new Win32Exception(error).Message}");
        }
    }
}
