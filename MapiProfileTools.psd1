@{
    # The one place the module version is kept: build.ps1 reads it and stamps the assemblies with it.
    ModuleVersion          = '0.2.0'
    RootModule             = 'MapiProfileTools.dll'
    GUID                   = '5d0f6a8e-3c4b-4f7e-9a51-8172e2b6c0d4'
    Author                 = 'MapiProfileTools contributors'
    CompanyName            = 'MapiProfileTools contributors'
    Copyright              = '(c) MapiProfileTools contributors. MIT License.'
    Description            = 'Diagnoses and works around Microsoft KB 817375: Exchange MAPI profiles deleted by Mapi32.dll builds older than 6.0.6448.0, the System Attendant logging event 9202. Finds the processes that loaded Mapi32.dll and names the one that impersonates, checks DLL versions, reads the profiles, event 9202 and a whole server folder offline (hive files with their transaction logs, AppEvent.Evt) on any platform, backs up and restores profiles, and restarts the System Attendant with its dependents, bounded and confirmable.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('MapiProfileTools.format.ps1xml')
    TypesToProcess         = @('MapiProfileTools.types.ps1xml')
    CmdletsToExport        = @(
        'Export-MessagingProfile'
        'Get-MapiLoadedProcess'
        'Get-MapiProfileHealth'
        'Get-MessagingProfile'
        'Get-SystemAttendantEvent'
        'Restart-SystemAttendant'
        'Restore-MessagingProfile'
        'Test-MapiDllVersion'
        'Watch-MapiImpersonation'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Exchange', 'MAPI', 'Mapi32', 'KB817375', 'SystemAttendant', 'MSExchangeSA', 'Event9202', 'Windows', 'Linux', 'PSEdition_Desktop', 'PSEdition_Core')
            ProjectUri   = 'https://github.com/MapiProfileTools/MapiProfileTools'
            LicenseUri   = 'https://github.com/MapiProfileTools/MapiProfileTools/blob/main/LICENSE'
            ReleaseNotes = @'
0.2.0
- Offline on any platform: Get-MapiProfileHealth -SystemRoot reads a server's whole %SystemRoot% folder
  (DEFAULT and SYSTEM hives replayed from their transaction logs, AppEvent.Evt, Mapi32.dll, the System
  Attendant's image); Get-SystemAttendantEvent -Path reads legacy .evt files; Get-MessagingProfile
  -LogPath. Offline reports read nothing of the local computer and are refused by Restart-SystemAttendant.
- Export-MessagingProfile (profiles into a regedit 5.00 .reg file, byte for byte) and
  Restore-MessagingProfile (all or nothing per profile, -Force saves the existing one first).
- The culprit named: IsExchange and ImpersonatedUsers on Get-MapiLoadedProcess, SuspectProcesses on the
  health report, Watch-MapiImpersonation; the hotfix window through Stop-Service/Start-Service.
- Reports export readably to CSV and JSON (lists as text, versions as strings); default views fit 80
  columns, with Wide views beside them; Restart-SystemAttendant binds reports only as reports.
- Every file reader fuzzed with afl-fuzz (SharpFuzz), a smoke of each in the test run.

0.1.0
- Test-MapiDllVersion: checks Mapi32.dll (or any PE file) against 6.0.6448.0, the first build with
  the KB 817375 fix, with the module's own PE version reader on every platform.
'@
        }
    }
}
