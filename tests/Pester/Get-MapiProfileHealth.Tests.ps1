# Get-MapiProfileHealth off Windows, on real evidence: hive files written by hivex, DLLs built by
# mingw-w64, and a real process that holds an affected DLL mapped. Live, the registry, the event log and
# the service are Windows-only and the report says so; evidence given as files is read offline, and then
# nothing of this machine is (the mapped DLL is not in the report).

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
        # A module name no other process on the machine maps, so the live scan rests on this test's process alone.
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

    It 'finds the process with an old DLL loaded live, and says AtRisk without the registry' {
        $report = Get-MapiProfileHealth -ModuleName $DllName -ErrorAction SilentlyContinue

        $report.PSTypeNames[0] | Should -Be 'MapiProfileTools.MapiProfileHealth'
        $report.Status | Should -Be 'AtRisk'
        $report.IsOffline | Should -BeFalse
        $report.Source | Should -Be 'Live'
        $report.NeedsHotfix | Should -BeTrue
        $report.LoadingProcesses.Id | Should -Be $Agent.Id
        $report.AffectedDlls.ProcessId | Should -Be $Agent.Id
        $report.AffectedDlls.FileVersion | Should -BeExactly '6.0.6447.9'
        $report.ComputerName | Should -Be ([Environment]::MachineName)
        $report.Recommendation | Should -Match "could not be checked, but \S+ \($($Agent.Id)\) with Mapi32.dll 6\.0\.6447\.9"
        ($report.NotChecked -join ' ') | Should -Match 'live registry is only available on Windows'
        ($report.NotChecked -join ' ') | Should -Match 'Service control is only available on Windows'
        $report.NotChecked | Should -Contain 'The event log is only available on Windows, so event 9202 was not counted.'
    }

    It 'names the live process with an old DLL as a suspect, marked as not seen impersonating (Linux has no thread tokens)' {
        $report = Get-MapiProfileHealth -ModuleName $DllName -ErrorAction SilentlyContinue

        $report.SuspectProcesses | Should -HaveCount 1
        $suspect = $report.SuspectProcesses[0]
        $suspect.ProcessId | Should -Be $Agent.Id
        $suspect.FileVersion | Should -Be ([version]'6.0.6447.9')
        $suspect.ImpersonationSeen | Should -BeFalse
        $suspect.ImpersonatedUsers | Should -BeNullOrEmpty
        $report.Recommendation | Should -Match "\(PID $($Agent.Id)\) loads $([regex]::Escape($DllName)) 6\.0\.6447\.9 and is not Exchange's; whether it impersonates another account could not be seen"
        $report.LoadingProcesses.IsExchange | Should -BeFalse
        $remote = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($report))
        ($report.SuspectProcesses | Out-String -Width 200) | Should -Match 'ProcessId\s+ProcessName\s+ServiceNames\s+FileVersion\s+Impersonates'
        ($report.SuspectProcesses | Out-String -Width 200) | Should -Match '\? \(not seen\)'
        ($remote.SuspectProcesses | Out-String -Width 200) | Should -Be ($report.SuspectProcesses | Out-String -Width 200)
    }

    It 'says ProfilesMissing, and to restart and patch, from a hive and a DLL given as files' {
        $report = Get-MapiProfileHealth -HivePath $Emptied -DllPath $OldDll

        $report.Status | Should -Be 'ProfilesMissing'
        $report.IsOffline | Should -BeTrue
        $report.ProfileCount | Should -Be 0
        $report.ProfileSource | Should -Be $Emptied
        $report.Source | Should -Be @($Emptied, $OldDll)
        $report.NeedsRestart | Should -BeTrue
        $report.NeedsHotfix | Should -BeTrue
        $report.Recommendation | Should -Match 'Restart-SystemAttendant'
        $report.Recommendation | Should -Match '6\.0\.6448\.0'
        $report.AffectedDlls.Path | Should -Be $OldDll
        $report.AffectedDlls.ProcessId | Should -BeNullOrEmpty
    }

    It 'reads nothing of this machine offline: the process that maps the DLL is not in the report' {
        $report = Get-MapiProfileHealth -HivePath $Healthy -DllPath $OldDll

        $report.LoadingProcesses | Should -BeNullOrEmpty
        @($report.Findings | Where-Object { $_.PSTypeNames[0] -eq 'MapiProfileTools.MapiLoadedProcess' }).Count | Should -Be 0
        $report.ComputerName | Should -BeNullOrEmpty
        $report.ServiceStatus | Should -BeNullOrEmpty
        ($report.NotChecked -join ' ') | Should -Match 'cannot be read from files'
        ($report.NotChecked -join ' ') | Should -Not -Match 'only available on Windows'
        $report.Status | Should -Be 'Healthy'
        $report.NeedsHotfix | Should -BeTrue
        ($report.Findings | Where-Object { $_.PSTypeNames[0] -eq 'MapiProfileTools.MessagingProfile' }).Count | Should -Be 4
    }

    It 'lists a process with mapi32.dll mapped live, and not in a -SystemRoot report' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'agent') -Force
        $mapi = Join-Path $folder 'mapi32.dll'
        Copy-Item -Path (Get-PeFixture 'mapi32-6.0.6447.9.x86.dll') -Destination $mapi
        $ready = Join-Path $TestDrive 'mapi-ready'
        $mapper = Start-FileMapper -Files $mapi -Access Read -Ready $ready
        try {
            Wait-FileMapper $ready
            $live = Get-MapiProfileHealth -ErrorAction SilentlyContinue
            $offline = Get-MapiProfileHealth -SystemRoot (Join-Path $PSScriptRoot '../../samples/server/WINNT')

            $live.LoadingProcesses.Id | Should -Contain $mapper.Id
            $offline.LoadingProcesses | Should -BeNullOrEmpty
            @($offline.Findings | Where-Object { $_.PSTypeNames[0] -eq 'MapiProfileTools.MapiLoadedProcess' }).Count | Should -Be 0
            $offline.AffectedDlls.Path | Should -Not -Contain $mapi
            $offline.ComputerName | Should -Be 'EX2000'
        }
        finally {
            $mapper | Stop-Process -Force -ErrorAction Ignore
        }
    }

    It 'reports a damaged hive as an error and the profiles as unchecked' {
        $bytes = [IO.File]::ReadAllBytes($Healthy)
        $cut = Join-Path $TestDrive 'cut.hive'
        [IO.File]::WriteAllBytes($cut, $bytes[0..5000])

        $report = Get-MapiProfileHealth -HivePath $cut -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.FullyQualifiedErrorId | Should -Be 'CorruptHive,MapiProfileTools.Commands.GetMapiProfileHealthCommand'
        $report.Status | Should -Be 'Unknown'
        ($report.NotChecked -join ' ') | Should -Match 'cut\.hive'
    }

    It 'is Unknown live without the registry, and says to give the files' {
        $report = Get-MapiProfileHealth -ModuleName 'no-such-module-817375.dll'

        $report.Status | Should -Be 'Unknown'
        $report.Recommendation | Should -Match '-HivePath'
        $report.Recommendation | Should -Match '-SystemRoot'
    }

    It 'formats as a table, also after serialization' {
        $local = Get-MapiProfileHealth -HivePath $Emptied
        $remote = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($local))

        $remote.PSTypeNames[0] | Should -Be 'Deserialized.MapiProfileTools.MapiProfileHealth'
        ($local | Out-String -Width 250) | Should -Match 'ComputerName\s+Status\s+Profiles\s+Restart\s+Hotfix\s+Recommendation'
        ($remote | Out-String -Width 250) | Should -Be ($local | Out-String -Width 250)
        ($local | Format-List | Out-String -Width 250) | Should -Match 'Source\s+: \{?.*emptied-profiles\.hive'
        ($remote | Format-List | Out-String -Width 250) | Should -Be ($local | Format-List | Out-String -Width 250)
    }
}
