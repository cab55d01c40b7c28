using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Registry
{
    /// <summary>
    /// A read-only view of one registry key: the seam between the profile reader and where the keys
    /// come from (the live registry on Windows, or a hive file on any platform).
    /// </summary>
    public interface IRegistryKey : IDisposable
    {
        /// <summary>The key's full path as the user would write it, for messages and output.</summary>
        string Path { get; }

        /// <summary>When the key was last written, in UTC; null when the source does not say.</summary>
        DateTime? LastWriteTimeUtc { get; }

        IReadOnlyList<string> GetSubKeyNames();

        IReadOnlyList<RegistryValue> GetValues();

        /// <summary>Opens a subkey by a backslash-separated relative path; null when it does not exist.</summary>
        IRegistryKey? OpenSubKey(string relativePath);
    }
}
