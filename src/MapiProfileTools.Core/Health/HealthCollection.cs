using System;
using System.Collections.Generic;
using MapiProfileTools.Core.Events;
using MapiProfileTools.Core.PortableExecutable;
using MapiProfileTools.Core.Processes;
using MapiProfileTools.Core.Profiles;

namespace MapiProfileTools.Core.Health
{
    /// <summary>What kind of evidence an <see cref="EvidenceProblem"/> is about, so the cmdlet can map it to an ErrorId.</summary>
    public enum EvidenceKind
    {
        /// <summary>The DEFAULT hive (the profiles).</summary>
        ProfileHive,
        /// <summary>The SYSTEM hive (computer name, services).</summary>
        SystemHive,
        /// <summary>The SOFTWARE hive.</summary>
        SoftwareHive,
        /// <summary>A Mapi32.dll (named, found, or loaded).</summary>
        MapiDll,
        /// <summary>The System Attendant's image (mad.exe), for the Exchange version.</summary>
        ServiceImage,
        /// <summary>An event log file (AppEvent.Evt).</summary>
        EventLogFile,
    }

    /// <summary>A piece of evidence that was there but could not be read: the file, and the reader's exception.</summary>
    public sealed class EvidenceProblem
    {
        public EvidenceProblem(EvidenceKind kind, string path, Exception exception)
        {
            Kind = kind;
            Path = path;
            Exception = exception;
        }

        public EvidenceKind Kind { get; }

        public string Path { get; }

        /// <summary>The reader's documented exception (RegfFormatException, PeFormatException, IOException, ...).</summary>
        public Exception Exception { get; }
    }

    /// <summary>One Mapi32.dll version read: of a loaded module (with its process) or of a file named or found.</summary>
    public sealed class DllVersionReading
    {
        public DllVersionReading(string path, PeVersionInfo info, int? processId, bool isLoaded)
        {
            Path = path;
            Info = info;
            ProcessId = processId;
            IsLoaded = isLoaded;
        }

        public string Path { get; }

        public PeVersionInfo Info { get; }

        public int? ProcessId { get; }

        /// <summary>True for a module a running process has loaded; false for a file on disk.</summary>
        public bool IsLoaded { get; }
    }

    /// <summary>Everything one collection found, the verdict on it, and what it could not read.</summary>
    public sealed class HealthCollection
    {
        internal HealthCollection()
        {
        }

        /// <summary>The server the evidence is about: this computer live; offline from the SYSTEM hive, else the events; null when the files do not say.</summary>
        public string? ComputerName { get; internal set; }

        public bool IsOffline { get; internal set; }

        /// <summary>"Live", or the evidence files read.</summary>
        public IReadOnlyList<string> Sources { get; internal set; } = Array.Empty<string>();

        public string ServiceName { get; internal set; } = Kb817375.SystemAttendantService;

        public int? ProfileCount { get; internal set; }

        /// <summary>HKEY_USERS\.DEFAULT, or the hive file.</summary>
        public string? ProfileSource { get; internal set; }

        public IReadOnlyList<MessagingProfileData> Profiles { get; internal set; } = Array.Empty<MessagingProfileData>();

        /// <summary>The processes with a matching module loaded (live only).</summary>
        public IReadOnlyList<ProcessScanResult> LoadingProcesses { get; internal set; } = Array.Empty<ProcessScanResult>();

        public IReadOnlyList<DllVersionReading> DllVersions { get; internal set; } = Array.Empty<DllVersionReading>();

        /// <summary>Process id → whether it is Exchange's and whom it impersonates (live only; see <see cref="MapiProcessInspector"/>).</summary>
        public IReadOnlyDictionary<int, ProcessInspection> Inspections { get; internal set; } = new Dictionary<int, ProcessInspection>();

        /// <summary>The processes the suspect rule names (the verdict's <see cref="HealthVerdict.Suspects"/>).</summary>
        public IReadOnlyList<SuspectProcess> SuspectProcesses => Verdict.Suspects;

        /// <summary>The matching events (9202 from MSExchangeSA), newest first.</summary>
        public IReadOnlyList<EventRecordInfo> Events { get; internal set; } = Array.Empty<EventRecordInfo>();

        /// <summary>Live: events since the System Attendant started; offline: the matching events in the file. Null when unread.</summary>
        public int? RecentEventCount { get; internal set; }

        /// <summary>The newest matching event's time (local time); null when none or unread.</summary>
        public DateTime? LastEventTime { get; internal set; }

        /// <summary>Running, Stopped, NotInstalled, ... (live); null offline or when unread.</summary>
        public string? ServiceStatus { get; internal set; }

        /// <summary>Every service that depends on the System Attendant, directly or through another; null when unread.</summary>
        public IReadOnlyList<string>? DependentServices { get; internal set; }

        /// <summary>The System Attendant's image as this machine reads it (mad.exe); null when not found.</summary>
        public string? ServiceImagePath { get; internal set; }

        public Version? ExchangeVersion { get; internal set; }

        /// <summary>RTM, SP1, SP2, SP3 (or "... with later updates") for a known Exchange 2000 build; else null.</summary>
        public string? ExchangeServicePack { get; internal set; }

        public IReadOnlyList<string> NotChecked => _notChecked;

        public IReadOnlyList<EvidenceProblem> Problems => _problems;

        /// <summary>Things the user should know that are not failures (a hive read without its log).</summary>
        public IReadOnlyList<string> Warnings => _warnings;

        /// <summary>Verbose lines: what was read and applied.</summary>
        public IReadOnlyList<string> Notes => _notes;

        public HealthVerdict Verdict { get; internal set; } = new HealthVerdict(ProfileHealthStatus.Unknown, false, false, string.Empty);

        internal List<string> Unreadable { get; } = new List<string>();

        private readonly List<string> _notChecked = new List<string>();
        private readonly List<EvidenceProblem> _problems = new List<EvidenceProblem>();
        private readonly List<string> _warnings = new List<string>();
        private readonly List<string> _notes = new List<string>();

        internal void NotCheckedBecause(string sentence) => _notChecked.Add(sentence);

        /// <summary>
        /// Evidence that exists but failed to read: a problem (for an error record), and, for the evidence the
        /// verdict rests on (profiles, Mapi32.dll, events), a reason it cannot be Healthy.
        /// </summary>
        internal void Failed(EvidenceKind kind, string path, Exception ex, string sentence)
        {
            _problems.Add(new EvidenceProblem(kind, path, ex));
            Unread(kind, sentence);
        }

        /// <summary>Evidence that was asked for but not read (the caller already reported why).</summary>
        internal void Unread(EvidenceKind kind, string sentence)
        {
            _notChecked.Add(sentence);
            if (kind == EvidenceKind.ProfileHive || kind == EvidenceKind.MapiDll || kind == EvidenceKind.EventLogFile)
            {
                Unreadable.Add(sentence);
            }
        }

        internal void Warn(string text) => _warnings.Add(text);

        internal void Note(string text) => _notes.Add(text);
    }
}
