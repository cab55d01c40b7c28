using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Services
{
    /// <summary>
    /// Where Exchange is installed, worked out from the System Attendant's <c>ImagePath</c>
    /// (<c>&lt;Exchsrvr&gt;\bin\mad.exe</c>, REFERENCE §11): the folder whose programs are Exchange's own.
    /// </summary>
    /// <remarks>
    /// Paths are Windows paths and compared as Windows compares them: case-insensitively, '/' and '\'
    /// alike, "\\?\" and "\??\" prefixes ignored. 8.3 short names are not resolved (a service written
    /// with PROGRA~1 compares unequal to the long form): the image paths a process scan reports are long.
    /// </remarks>
    public sealed class ExchangeInstallation
    {
        /// <summary>The System Attendant's service name.</summary>
        public const string SystemAttendantService = Health.Kb817375.SystemAttendantService;

        private readonly string _prefix;

        public ExchangeInstallation(string folder, string? systemAttendantImage = null)
        {
            if (string.IsNullOrWhiteSpace(folder))
            {
                throw new ArgumentException("A folder is required.", nameof(folder));
            }

            Folder = Normalize(folder).TrimEnd('\\');
            SystemAttendantImage = systemAttendantImage;
            _prefix = Folder + "\\";
        }

        /// <summary>The Exchange folder (the parent of <c>bin</c>), e.g. <c>C:\Program Files\Exchsrvr</c>.</summary>
        public string Folder { get; }

        /// <summary>The System Attendant's program, expanded, without arguments; null when made from a folder.</summary>
        public string? SystemAttendantImage { get; }

        /// <summary>
        /// From the System Attendant's configuration; null when it has no ImagePath or the path names no
        /// folder. <paramref name="variables"/> expands %NAME% (null leaves them as written: an offline
        /// hive does not say what %SystemRoot% was, though Exchange's own paths rarely use it).
        /// </summary>
        public static ExchangeInstallation? FromSystemAttendant(ServiceConfiguration systemAttendant, Func<string, string?>? variables = null)
        {
            if (systemAttendant == null)
            {
                throw new ArgumentNullException(nameof(systemAttendant));
            }

            return FromImagePath(systemAttendant.ImagePath, variables);
        }

        /// <summary>From an ImagePath as stored (quoted or not, with arguments or not); null when it names no folder.</summary>
        public static ExchangeInstallation? FromImagePath(string? imagePath, Func<string, string?>? variables = null)
        {
            string? image = ImagePathParser.ImageFile(imagePath, variables);
            if (image == null)
            {
                return null;
            }

            string normalized = Normalize(image);
            int slash = normalized.LastIndexOf('\\');
            if (slash <= 0)
            {
                return null;
            }

            string directory = normalized.Substring(0, slash);
            // The SA runs from <Exchsrvr>\bin; the store and MTA sit beside it, other Exchange programs
            // under sibling folders of bin (e.g. <Exchsrvr>\mtadata): the folder above bin is Exchange's.
            int parentSlash = directory.LastIndexOf('\\');
            if (parentSlash > 0 && string.Equals(directory.Substring(parentSlash + 1), "bin", StringComparison.OrdinalIgnoreCase))
            {
                directory = directory.Substring(0, parentSlash);
            }

            if (directory.Length == 0 || directory.EndsWith(":", StringComparison.Ordinal))
            {
                // An SA in a drive's root or its bin would make the whole drive "Exchange's".
                return null;
            }

            return new ExchangeInstallation(directory, image);
        }

        /// <summary>Whether <paramref name="path"/> is a file or folder below <see cref="Folder"/>.</summary>
        public bool IsUnder(string? path)
        {
            if (string.IsNullOrEmpty(path))
            {
                return false;
            }

            return Normalize(path!).StartsWith(_prefix, StringComparison.OrdinalIgnoreCase);
        }

        public override string ToString() => Folder;

        /// <summary>One spelling of a Windows path: backslashes, no device prefix, no doubled separators.</summary>
        internal static string Normalize(string path)
        {
            string p = path.Trim().Replace('/', '\\');
            foreach (string prefix in new[] { @"\\?\UNC\", @"\??\UNC\" })
            {
                if (p.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    p = @"\\" + p.Substring(prefix.Length);
                }
            }

            foreach (string prefix in new[] { @"\\?\", @"\??\" })
            {
                if (p.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    p = p.Substring(prefix.Length);
                }
            }

            // Keep a UNC path's leading pair; collapse doubled separators elsewhere.
            bool unc = p.StartsWith(@"\\", StringComparison.Ordinal);
            var parts = new List<string>();
            foreach (string part in p.Split('\\'))
            {
                if (part.Length > 0 && part != ".")
                {
                    parts.Add(part);
                }
            }

            string joined = string.Join("\\", parts);
            return unc ? @"\\" + joined : (p.StartsWith(@"\", StringComparison.Ordinal) ? @"\" + joined : joined);
        }
    }
}
