using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using MapiProfileTools.Core.Events;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.PortableExecutable;
using MapiProfileTools.Core.Processes;
using MapiProfileTools.Core.Profiles;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Core.Health
{
    /// <summary>
    /// One set of places evidence comes from: this machine (<see cref="LiveEvidenceSources"/>) or a server's
    /// files (<see cref="OfflineEvidenceSources"/>). The collector asks the same questions of either.
    /// </summary>
    internal abstract class EvidenceSources
    {
        protected EvidenceSources(HealthCheckOptions options)
        {
            Options = options;
        }

        protected HealthCheckOptions Options { get; }

        public abstract bool IsOffline { get; }

        /// <summary>"Live", or the evidence files.</summary>
        public abstract IReadOnlyList<string> Describe();

        public abstract void ReadProfiles(HealthCollection collection);

        /// <summary>The processes with a matching module loaded; offline there are none to see.</summary>
        public abstract IReadOnlyList<ProcessScanResult> ScanProcesses(HealthCollection collection, Action<string, int> progress, CancellationToken cancellation);

        /// <summary>Mapi32.dll files on disk to check (named, or found in the server folder).</summary>
        public abstract IReadOnlyList<string> DllFiles { get; }

        /// <summary>The System Attendant's status, dependents and image; returns when it started (live, running), else null.</summary>
        public abstract DateTime? ReadService(HealthCollection collection);

        public abstract void ReadEvents(HealthCollection collection, DateTime? serviceStartedAt);

        public abstract void ReadComputerName(HealthCollection collection);

        /// <summary>The profile store of the System Attendant's hive, the same way for the live registry and a hive file.</summary>
        protected static void CountProfiles(IRegistryKey root, string source, HealthCollection collection)
        {
            ProfileStore store = MessagingProfileReader.Read(root, includeOutlook: false, _ => true, ex => ex is RegfFormatException)[0];
            collection.Profiles = store.Profiles;
            collection.ProfileSource = source;
            // A profile that could not be decoded is still a profile that exists.
            collection.ProfileCount = store.Profiles.Count + store.Problems.Count;
            foreach (string problem in store.Problems)
            {
                collection.Warn($"{source}: {problem}");
            }
        }

        /// <summary>The file version of a PE file, or null with the failure recorded.</summary>
        internal static PeVersionInfo? ReadVersion(string path, EvidenceKind kind, HealthCollection collection, string what)
        {
            try
            {
                return VersionResourceReader.Read(path);
            }
            catch (Exception ex) when (ex is PeFormatException || ex is IOException || ex is UnauthorizedAccessException)
            {
                collection.Failed(kind, path, ex, $"The version of {what} '{path}' could not be read: {ex.Message}");
                return null;
            }
        }

        /// <summary>The Exchange version from the System Attendant's image, found through its ImagePath.</summary>
        protected static void ReadExchangeVersion(string? imageFile, string imagePath, HealthCollection collection)
        {
            if (imageFile == null)
            {
                collection.NotCheckedBecause($"The System Attendant's image '{imagePath}' was not found, so the Exchange version is not known.");
                return;
            }

            collection.ServiceImagePath = imageFile;
            PeVersionInfo? info = ReadVersion(imageFile, EvidenceKind.ServiceImage, collection, "the System Attendant's image");
            if (info != null)
            {
                collection.ExchangeVersion = info.FileVersion;
                collection.ExchangeServicePack = Kb817375.Exchange2000ServicePack(info.FileVersion);
            }
        }

        /// <summary>The matching events, newest first; the count and the newest time go on the collection.</summary>
        protected EventQuery EventQuery(DateTime? after, int? maxEvents) =>
            new EventQuery(Kb817375.EventLogName, Kb817375.EventSource, new[] { Kb817375.ProfileFailureEventId }, after, maxEvents);

        protected static string? Newest(IEnumerable<string?> names) =>
            names.Where(n => !string.IsNullOrEmpty(n)).FirstOrDefault();
    }
}
