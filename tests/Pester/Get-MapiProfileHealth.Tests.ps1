# Get-MapiProfileHealth off Windows, on real evidence: hive files written by hivex, DLLs built by
# mingw-w64, and a real process that holds an affected DLL mapped. The live registry, the event log
# and the service are Windows-only; the report must say it could not check them.

BeforeDiscovery {
    $script:OnLinux = [bool]$IsLinux
    $script:NoEvidence = -not ($env:MAPI_TEST_DATA -and (Test-Path (Join-Path $env:MAPI_TEST_DATA 'hives')))
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
}

Describe 'Get-MapiProfileHealth on Linux' -Skip:(-not $OnLinux -or $NoEvidence) {
    BeforeAll {
        $hives = Join-Path $env:MAPI_TEST_DATA 'hives'
        $script:Healthy = Join-Path $hives 'default-profiles.hive'
        $script:Emptied = Join-Path $hives 'emptied-profiles.hive'
        # A module name no other process on the machine maps, so the verdict rests on this test's process alone.
        $script:DllName = 'mapi32-health-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.dll'
        $script:OldDll = Join-Path $TestDrive $DllName
        Copy-Item -Path (Get-PeFixture 'mapi32-6.0.6447.9.x86.dll') -Destination $OldDll
        $ready = Join-Path $TestDrive 'agent-ready'
        $script:Agent = Start-FileMapper -Files $OldDll -Access Read -Ready $ready
        Wait-FileMapper $ready
    }

    AfterAll {
        $Agent | Stop-Process -Force -ErrorAction Ignore
    }

    It 'says ProfilesMissing, and to restart and patch, when the profiles are gone and an old DLL is loaded' {
        $report = Get-MapiProfileHealth -HivePath $Emptied -ModuleName $DllName -ErrorAction SilentlyContinue

        $report.PSTypeNames[0] | Should -Be 'MapiProfileTools.MapiProfileHealth'
        $report.Status | Should -Be 'ProfilesMissing'
        $report.ProfileCount | Should -Be 0
        $report.ProfileSource | Should -Be $Emptied
        $report.NeedsRestart | Should -BeTrue
        $report.NeedsHotfix | Should -BeTrue
        $report.Recommendation | Should -Match 'Restart-SystemAttendant'
        $report.Recommendation | Should -Match '6\.0\.6448\.0'
        $report.LoadingProcesses.Id | Should -Be $Agent.Id
        $report.AffectedDlls.ProcessId | Should -Be $Agent.Id
        $report.AffectedDlls.FileVersion | Should -BeExactly '6.0.6447.9'
        $report.ComputerName | Should -Be ([Environment]::MachineName)
    }

    It 'says AtRisk when the profiles are there but another program has an old DLL loaded' {
        $report = Get-MapiProfileHealth -HivePath $Healthy -ModuleName $DllName -ErrorAction SilentlyContinue

        $report.Status | Should -Be 'AtRisk'
        $report.ProfileCount | Should -Be 4
        $report.NeedsRestart | Should -BeFalse
        $report.NeedsHotfix | Should -BeTrue
        $report.Recommendation | Should -Match "\($($Agent.Id)\) with Mapi32.dll 6\.0\.6447\.9"
        ($report.Findings | Where-Object { $_.PSTypeNames[0] -eq 'MapiProfileTools.MessagingProfile' }).Count | Should -Be 4
    }

    It 'says Healthy, but wants the hotfix for an old copy on disk, when nothing old is loaded' {
        $report = Get-MapiProfileHealth -HivePath $Healthy -ModuleName 'no-such-module-817375.dll' -DllPath $OldDll

        $report.Status | Should -Be 'Healthy'
        $report.NeedsRestart | Should -BeFalse
        $report.NeedsHotfix | Should -BeTrue
        $report.AffectedDlls.Path | Should -Be $OldDll
        $report.LoadingProcesses | Should -BeNullOrEmpty
    }

    It 'says what it could not check off Windows' {
        $report = Get-MapiProfileHealth -HivePath $Healthy -ModuleName 'no-such-module-817375.dll'

        $report.Status | Should -Be 'Healthy'
        $report.RecentEventCount | Should -BeNullOrEmpty
        $report.ServiceStatus | Should -BeNullOrEmpty
        $report.NotChecked | Should -Contain 'The event log is only available on Windows, so event 9202 was not counted.'
        ($report.NotChecked -join ' ') | Should -Match 'Service control is only available on Windows'
    }

    It 'is Unknown without a hive file off Windows, and says how to give it one' {
        $report = Get-MapiProfileHealth -ModuleName 'no-such-module-817375.dll'

        $report.Status | Should -Be 'Unknown'
        $report.ProfileCount | Should -BeNullOrEmpty
        $report.Recommendation | Should -Match '-HivePath'
        ($report.NotChecked -join ' ') | Should -Match 'live registry is only available on Windows'
    }

    It 'reports a damaged hive as an error and the profiles as unchecked' {
        $bytes = [IO.File]::ReadAllBytes($Healthy)
        $cut = Join-Path $TestDrive 'cut.hive'
        [IO.File]::WriteAllBytes($cut, $bytes[0..5000])

        $report = Get-MapiProfileHealth -HivePath $cut -ModuleName 'no-such-module-817375.dll' -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.FullyQualifiedErrorId | Should -Be 'CorruptHive,MapiProfileTools.Commands.GetMapiProfileHealthCommand'
        $report.Status | Should -Be 'Unknown'
        ($report.NotChecked -join ' ') | Should -Match 'cut\.hive'
    }

    It 'formats as a table, also after serialization' {
        $local = Get-MapiProfileHealth -HivePath $Emptied -ModuleName 'no-such-module-817375.dll'
        $remote = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($local))

        $remote.PSTypeNames[0] | Should -Be 'Deserialized.MapiProfileTools.MapiProfileHealth'
        ($local | Out-String -Width 250) | Should -Match 'ComputerName\s+Status\s+Profiles\s+Restart\s+Hotfix\s+Recommendation'
        ($remote | Out-String -Width 250) | Should -Be ($local | Out-String -Width 250)
    }
}
