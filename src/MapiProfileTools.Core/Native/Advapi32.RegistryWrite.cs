using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace MapiProfileTools.Core.Native
{
    /// <summary>The registry writes a profile restore needs: create a key, set and delete values, delete a key.</summary>
    internal static partial class Advapi32
    {
        private const uint KeyReadWrite = 0x20019 | 0x20006; // KEY_READ | KEY_WRITE
        private const uint RegCreatedNewKey = 1;

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegCreateKeyExW")]
        private static extern int RegCreateKeyExNative(IntPtr key, string subKey, uint reserved, string? className, uint options, uint desired, IntPtr securityAttributes, out RegistryKeyHandle result, out uint disposition);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegSetValueExW")]
        private static extern int RegSetValueExNative(RegistryKeyHandle key, string name, uint reserved, uint type, byte[] data, uint length);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegDeleteValueW")]
        private static extern int RegDeleteValueNative(RegistryKeyHandle key, string name);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegDeleteKeyW")]
        private static extern int RegDeleteKeyNative(RegistryKeyHandle key, string subKey);

        /// <summary>Creates or opens a key for writing; <paramref name="created"/> says whether it is new.</summary>
        public static RegistryKeyHandle RegCreateKey(IntPtr root, string subKey, string displayPath, out bool created)
        {
            int error = RegCreateKeyExNative(root, subKey, 0, null, 0, KeyReadWrite, IntPtr.Zero, out RegistryKeyHandle handle, out uint disposition);
            if (error != ErrorSuccess)
            {
                handle.Dispose();
                ThrowOnWriteError(error, displayPath);
            }

            created = disposition == RegCreatedNewKey;
            return handle;
        }

        /// <summary>Opens a key for reading and writing; null when it does not exist.</summary>
        public static RegistryKeyHandle? RegOpenKeyForWrite(IntPtr root, string subKey, string displayPath)
        {
            int error = RegOpenKeyExNative(root, subKey, 0, KeyReadWrite, out RegistryKeyHandle handle);
            if (error == ErrorFileNotFound)
            {
                handle.Dispose();
                return null;
            }

            if (error != ErrorSuccess)
            {
                handle.Dispose();
                ThrowOnWriteError(error, displayPath);
            }

            return handle;
        }

        /// <summary>Stores exactly <paramref name="data"/>, also for a string without its terminating NUL.</summary>
        public static void RegSetValue(RegistryKeyHandle key, string name, uint type, byte[] data, string displayPath)
        {
            // For REG_SZ, REG_EXPAND_SZ and REG_MULTI_SZ, RegSetValueEx counts one more character when the
            // data does not end in NUL but the character just past it is one ("if user forgot to count the
            // terminating null, add it", as NT does and Wine copies). A restore must store the bytes as they
            // were, so the buffer goes in with a non-NUL character after the data, which that rule never counts.
            byte[] buffer = data;
            if (type == 1 || type == 2 || type == 7)
            {
                buffer = new byte[data.Length + 4];
                Buffer.BlockCopy(data, 0, buffer, 0, data.Length);
                for (int i = data.Length; i < buffer.Length; i++)
                {
                    buffer[i] = 0xFF;
                }
            }

            ThrowOnWriteError(RegSetValueExNative(key, name, 0, type, buffer, (uint)data.Length), $"{displayPath} [{name}]");
        }

        public static void RegDeleteValue(RegistryKeyHandle key, string name, string displayPath)
        {
            int error = RegDeleteValueNative(key, name);
            if (error != ErrorFileNotFound)
            {
                ThrowOnWriteError(error, $"{displayPath} [{name}]");
            }
        }

        public static void RegDeleteKey(RegistryKeyHandle parent, string subKey, string displayPath) =>
            ThrowOnWriteError(RegDeleteKeyNative(parent, subKey), displayPath);

        private static void ThrowOnWriteError(int error, string displayPath)
        {
            if (error == ErrorSuccess)
            {
                return;
            }

            if (error == ErrorAccessDenied)
            {
                throw new UnauthorizedAccessException($"Access to the registry key '{displayPath}' is denied.", new Win32Exception(error));
            }

            throw new Win32Exception(error, $"Writing the registry key '{displayPath}' failed: {new Win32Exception(error).Message}");
        }
    }
}
