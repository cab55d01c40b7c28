@{
    # The one place the module version is kept: build.ps1 reads it and stamps the assemblies with it.
    ModuleVersion          = '0.1.0'
    RootModule             = 'MapiProfileTools.dll'
    GUID                   = '5d0f6a8e-3c4b-4f7e-9a51-8172e2b6c0d4'
    Author                 = 'MapiProfileTools contributors'
    CompanyName            = 'MapiProfileTools contributors'
    Copyright              = '(c) MapiProfileTools contributors. MIT License.'
    Description            = 'Diagnoses and works around Microsoft KB 817375: Exchange MAPI profiles deleted by Mapi32.dll builds older than 6.0.6448.0, the System Attendant logging event 9202. Checks Mapi32.dll versions (on any platform, also on files copied from old servers); more cmdlets follow the diagnosis through to restarting the System Attendant.'
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
0.1.0
- Test-MapiDllVersion: checks Mapi32.dll (or any PE file) against 6.0.6448.0, the first build with
  the KB 817375 fix, with the module's own PE version reader on every platform.
'@
        }
    }
}
