using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.PortableExecutable
{
    /// <summary>The version facts of one PE file, as its RT_VERSION resource states them.</summary>
    public sealed class PeVersionInfo
    {
        public PeVersionInfo(
            string machine,
            bool isPe32Plus,
            Version fileVersion,
            Version productVersion,
            IReadOnlyDictionary<string, string> strings)
        {
            Machine = machine;
            IsPe32Plus = isPe32Plus;
            FileVersion = fileVersion;
            ProductVersion = productVersion;
            Strings = strings;
        }

        /// <summary>The COFF machine as admins name it: x86, x64, ARM64, ARM, IA64, or the hex code.</summary>
        public string Machine { get; }

        public bool IsPe32Plus { get; }

        /// <summary>The binary file version from VS_FIXEDFILEINFO: the one to compare.</summary>
        public Version FileVersion { get; }

        /// <summary>The binary product version from VS_FIXEDFILEINFO.</summary>
        public Version ProductVersion { get; }

        /// <summary>StringFileInfo entries of the chosen string table (FileVersion, CompanyName, …); may be empty.</summary>
        public IReadOnlyDictionary<string, string> Strings { get; }

        public string? GetString(string key) => Strings.TryGetValue(key, out string? value) ? value : null;
    }
}
