namespace MapiProfileTools
{
    /// <summary>
    /// The ErrorIds the module writes. They are part of the public contract: scripts match on them
    /// through FullyQualifiedErrorId, so a name here never changes once shipped.
    /// </summary>
    internal static class ErrorIds
    {
        public const string FileNotFound = nameof(FileNotFound);
        public const string PathIsDirectory = nameof(PathIsDirectory);
        public const string AmbiguousPath = nameof(AmbiguousPath);
        public const string NotASystemRoot = nameof(NotASystemRoot);
        public const string UnsupportedProvider = nameof(UnsupportedProvider);
        public const string NotPortableExecutable = nameof(NotPortableExecutable);
        public const string NoVersionResource = nameof(NoVersionResource);
        public const string CorruptPortableExecutable = nameof(CorruptPortableExecutable);
        public const string FileReadFailed = nameof(FileReadFailed);
        public const string FileAccessDenied = nameof(FileAccessDenied);
        public const string ProcessNotFound = nameof(ProcessNotFound);
        public const string ProcessAccessDenied = nameof(ProcessAccessDenied);
        public const string ProcessReadFailed = nameof(ProcessReadFailed);
        public const string PlatformNotSupported = nameof(PlatformNotSupported);
        public const string HiveNotFound = nameof(HiveNotFound);
        public const string NotARegistryHive = nameof(NotARegistryHive);
        public const string CorruptHive = nameof(CorruptHive);
        public const string RegistryAccessDenied = nameof(RegistryAccessDenied);
        public const string ProfileNotFound = nameof(ProfileNotFound);
        public const string EventLogUnavailable = nameof(EventLogUnavailable);
        public const string NotAnEventLog = nameof(NotAnEventLog);
        public const string CorruptEventLog = nameof(CorruptEventLog);
        public const string UnsupportedEventLog = nameof(UnsupportedEventLog);
        public const string InvalidSource = nameof(InvalidSource);
        public const string ServiceNotFound = nameof(ServiceNotFound);
        public const string ServiceAccessDenied = nameof(ServiceAccessDenied);
        public const string RestartFailed = nameof(RestartFailed);
        public const string RestartTimedOut = nameof(RestartTimedOut);
        public const string RestartCanceled = nameof(RestartCanceled);
        public const string ReportForOtherComputer = nameof(ReportForOtherComputer);
        public const string OfflineReport = nameof(OfflineReport);
        public const string ServiceForOtherComputer = nameof(ServiceForOtherComputer);
        public const string InvalidTimeout = nameof(InvalidTimeout);
        public const string NotAMessagingProfile = nameof(NotAMessagingProfile);
        public const string DeserializedProfile = nameof(DeserializedProfile);
        public const string DuplicateProfile = nameof(DuplicateProfile);
        public const string ProfileNotExportable = nameof(ProfileNotExportable);
        public const string FileExists = nameof(FileExists);
        public const string ExportFailed = nameof(ExportFailed);
        public const string ProfileExists = nameof(ProfileExists);
        public const string RestoreFailed = nameof(RestoreFailed);
        public const string RestoreRollbackFailed = nameof(RestoreRollbackFailed);
    }
}
