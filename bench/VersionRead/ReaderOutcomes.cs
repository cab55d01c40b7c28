using System;
using System.Diagnostics;
using System.IO;
using MapiProfileTools.Core.PortableExecutable;

namespace MapiProfileTools.Bench.VersionRead
{
    /// <summary>
    /// What the reader decided for each file of the input set, from an untimed pass. Also checks the
    /// reader's binary FileVersion against FileVersionInfo's where both have one, so a fast reader that
    /// returns the wrong answer would show up here.
    /// </summary>
    internal sealed class ReaderOutcomes
    {
        public int Version { get; private set; }

        public int NoVersionResource { get; private set; }

        public int NotPortableExecutable { get; private set; }

        public int Corrupt { get; private set; }

        public int IoError { get; private set; }

        /// <summary>Files where the reader and FileVersionInfo both report a file version.</summary>
        public int CrossChecked { get; private set; }

        public int CrossCheckMismatches { get; private set; }

        public string? FirstMismatch { get; private set; }

        public static ReaderOutcomes Classify(string[] files)
        {
            var outcomes = new ReaderOutcomes();
            foreach (string path in files)
            {
                PeVersionInfo? info = null;
                try
                {
                    info = VersionResourceReader.Read(path);
                    outcomes.Version++;
                }
                catch (PeFormatException e)
                {
                    switch (e.Problem)
                    {
                        case PeProblem.NoVersionResource: outcomes.NoVersionResource++; break;
                        case PeProblem.NotPortableExecutable: outcomes.NotPortableExecutable++; break;
                        default: outcomes.Corrupt++; break;
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    outcomes.IoError++;
                }

                if (info != null)
                {
                    outcomes.CrossCheck(path, info);
                }
            }

            return outcomes;
        }

        private void CrossCheck(string path, PeVersionInfo info)
        {
            FileVersionInfo framework;
            try
            {
                framework = FileVersionInfo.GetVersionInfo(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return;
            }

            if (framework.FileVersion == null)
            {
                return;
            }

            CrossChecked++;
            var expected = new Version(framework.FileMajorPart, framework.FileMinorPart, framework.FileBuildPart, framework.FilePrivatePart);
            if (!expected.Equals(info.FileVersion))
            {
                CrossCheckMismatches++;
                FirstMismatch ??= $"{path}: reader {info.FileVersion}, FileVersionInfo {expected}";
            }
        }
    }
}
