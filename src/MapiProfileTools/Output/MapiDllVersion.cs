using System;
using MapiProfileTools.Core.PortableExecutable;

namespace MapiProfileTools
{
    /// <summary>One file's version checked against the first build with the KB 817375 fix.</summary>
    public sealed class MapiDllVersion
    {
        internal MapiDllVersion(
            string path,
            Version fileVersion,
            string? fileVersionString,
            Version productVersion,
            Version minimumVersion,
            string machine,
            string? companyName,
            string? fileDescription,
            int? processId)
        {
            Path = path;
            FileVersionNumber = fileVersion;
            MinimumVersionNumber = minimumVersion;
            FileVersion = fileVersion.ToString();
            FileVersionString = fileVersionString;
            ProductVersion = productVersion.ToString();
            MinimumVersion = minimumVersion.ToString();
            Machine = machine;
            CompanyName = companyName;
            FileDescription = fileDescription;
            ProcessId = processId;
        }

        internal static MapiDllVersion FromVersionInfo(string path, PeVersionInfo info, Version minimumVersion, int? processId) =>
            new MapiDllVersion(
                path,
                info.FileVersion,
                info.GetString("FileVersion"),
                info.ProductVersion,
                minimumVersion,
                info.Machine,
                info.GetString("CompanyName"),
                info.GetString("FileDescription"),
                processId);

        public string Path { get; }

        /// <summary>
        /// From VS_FIXEDFILEINFO: the version Windows compares, and the one compared here, as text
        /// ("6.0.6448.0") so that CSV and JSON show it as written; [version] turns it back into a Version.
        /// </summary>
        public string FileVersion { get; }

        /// <summary>The StringFileInfo text, shown for reference; it may be formatted differently or disagree.</summary>
        public string? FileVersionString { get; }

        public string ProductVersion { get; }

        public string MinimumVersion { get; }

        /// <summary>The typed comparison of the file version with the minimum version.</summary>
        public bool IsAffected => FileVersionNumber < MinimumVersionNumber;

        /// <summary>The typed file version, for the module's own evidence.</summary>
        internal Version FileVersionNumber { get; }

        internal Version MinimumVersionNumber { get; }

        public string Machine { get; }

        public string? CompanyName { get; }

        public string? FileDescription { get; }

        /// <summary>The process that had the file loaded, when the input object named one.</summary>
        public int? ProcessId { get; }

        public override string ToString() => Path;
    }
}
