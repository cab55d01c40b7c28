# Restore-MessagingProfile: profiles read from hive files written by hivex, written back into the live
# registry (Windows lane, under Wine: HKU\.DEFAULT of the lane's prefix) and read back, compared with
# hivex's own reading of the source. Also: Export-MessagingProfile's files imported by Wine's regedit /s.

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
    $script:NoHives = -not ($env:MAPI_TEST_DATA -and (Test-Path (Join-Path $env:MAPI_TEST_DATA 'hives')))
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../RegFileSections.psm1') -Force
    $null = Import-BuiltModule
    $script:CommandId = 'MapiProfileTools.Commands.RestoreMessagingProfileCommand'
    $script:Prefix = 'HKEY_USERS\.DEFAULT'
    $script:WmsKey = 'Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem\Profiles'
    if ($env:MAPI_TEST_DATA) {
        $script:Hives = Join-Path $env:MAPI_TEST_DATA 'hives'
    }
    function Get-Fixture([string] $Name) { Join-Path $Hives "$Name.hive" }
}

Describe 'Restore-MessagingProfile off Windows' -Skip:$OnWindows {
    It 'stops with one PlatformNotSupported error that points at Invoke-Command and the .reg file' -Skip:$NoHives {
        $profile = Get-MessagingProfile -HivePath (Get-Fixture 'default-profiles') -Name 'Backup Agent'
        $failure = { $profile | Restore-MessagingProfile -Confirm:$false } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -Be "PlatformNotSupported,$CommandId"
        $failure.Exception.Message | Should -Match 'Invoke-Command'
        $failure.Exception.Message | Should -Match 'regedit /s'
    }
}

Describe 'Restore-MessagingProfile into HKEY_USERS\.DEFAULT' -Skip:(-not $OnWindows -or $NoHives) {
    BeforeAll {
        # Keep whatever profiles the prefix has and put them back afterwards.
        $script:Root = "Registry::HKEY_USERS\.DEFAULT\$WmsKey"
        $script:Saved = 'Registry::HKEY_USERS\.DEFAULT\Software\MapiProfileToolsRestoreBackup'
        $script:HadProfiles = Test-Path -Path $Root
        if ($HadProfiles) {
            Copy-Item -Path $Root -Destination $Saved -Recurse -Force
        }
        $script:Regedit = Join-Path $env:windir 'regedit.exe'
        $script:FactoryProperty = [MapiProfileTools.Commands.RestoreMessagingProfileCommand].GetProperty('RegistryWriterFactory', [Reflection.BindingFlags]'NonPublic, Static')

        # The fixtures' Outlook 2016 profile goes to Office\16.0; the lane's own Wine prefix has no Office.
        $script:OutlookProfile = 'Registry::HKEY_USERS\.DEFAULT\Software\Microsoft\Office\16.0\Outlook\Profiles\Outlook'
        function Reset-Profiles {
            Remove-Item -Path $Root, $OutlookProfile -Recurse -Force -ErrorAction Ignore
        }

        # What the live registry holds below Profiles, read by our reader and written by our writer: the
        # readings are compared with hivex's reading of the source, which is independent of both.
        function Get-LiveSection([string[]] $Name) {
            $file = Join-Path $TestDrive ("live-{0}.reg" -f [guid]::NewGuid().ToString('N'))
            # Names not found in one store are reported for the Messaging Subsystem store; the comparison
            # below names every missing key, so those errors add nothing.
            Get-MessagingProfile -Name $Name -IncludeOutlook -ErrorAction SilentlyContinue | Export-MessagingProfile -Path $file
            Get-RegFileSection -Path $file -Prefix $Prefix
        }

        function Get-SourceSection([string] $Fixture) {
            Get-RegFileSection -Path (Join-Path $Hives "$Fixture.export.reg") -Prefix $Prefix
        }

        # The test seam is internal to the core (no test double in the shipped public surface): reached by reflection.
        $script:FaultInjecting = [MapiProfileTools.Core.Registry.IRegistryWriter].Assembly.GetType('MapiProfileTools.Core.Registry.Simulation.FaultInjectingRegistryWriter', $true)
        function Set-FailingWrite([int] $Write) {
            $type = $FaultInjecting
            $factory = [Func[MapiProfileTools.Core.Registry.IRegistryWriter]] {
                [Activator]::CreateInstance($type, @([MapiProfileTools.Core.Registry.WindowsRegistryWriter]::new(), $Write))
            }.GetNewClosure()
            $FactoryProperty.SetValue($null, $factory)
        }
    }

    AfterEach {
        $FactoryProperty.SetValue($null, $null)
    }

    AfterAll {
        Reset-Profiles
        if ($HadProfiles) {
            Copy-Item -Path $Saved -Destination $Root -Recurse -Force
            Remove-Item -Path $Saved -Recurse -Force
        }
    }

    It 'writes every key and value of <Fixture> back as the source holds them' -TestCases @(
        @{ Fixture = 'default-profiles' }, @{ Fixture = 'export-cases' }, @{ Fixture = 'big-data.chntpw' }
    ) {
        Reset-Profiles
        $profiles = @(Get-MessagingProfile -HivePath (Get-Fixture $Fixture) -IncludeOutlook)

        $restored = $profiles | Restore-MessagingProfile -Confirm:$false -PassThru

        @($restored).Count | Should -Be $profiles.Count
        $restored[0].Source | Should -Be 'HKEY_USERS\.DEFAULT'
        Compare-RegFileSection -Expected (Get-SourceSection $Fixture) -Actual (Get-LiveSection $profiles.Name) -Under $profiles.KeyPath | Should -BeNullOrEmpty
        $default = $profiles | Where-Object IsDefault
        if ($default) {
            (Get-MessagingProfile -Name $default.Name).IsDefault | Should -BeTrue
        }
    }

    It 'gives the same profiles of <Fixture> through Wine''s regedit /s importing the exported file' -TestCases @(
        @{ Fixture = 'default-profiles'; Known = @() }
        @{ Fixture = 'big-data.chntpw'; Known = @() }
        # Wine's regedit stores two REG_SZ forms no profile has differently from the file: it adds the NUL a
        # string lacks (RegSetValueEx's rule), and reads odd-length hex(1) data as characters. The file holds
        # the exact bytes (the hivexregedit round trip proves it); these two differences are Wine's importer.
        @{ Fixture = 'export-cases'; Known = @('[No terminator]: 1:410042000000 instead of 1:41004200', '[Odd length]: 1:4100000000 instead of 1:410042') }
    ) {
        Reset-Profiles
        $profiles = @(Get-MessagingProfile -HivePath (Get-Fixture $Fixture) -IncludeOutlook)
        $file = Join-Path $TestDrive "$Fixture-for-regedit.reg"
        $profiles | Export-MessagingProfile -Path $file

        $process = Start-Process -FilePath $Regedit -ArgumentList '/s', "`"$file`"" -Wait -PassThru
        $process.ExitCode | Should -Be 0

        $differences = @(Compare-RegFileSection -Expected (Get-SourceSection $Fixture) -Actual (Get-LiveSection $profiles.Name) -Under $profiles.KeyPath)
        @($differences | Where-Object { $line = $_; -not ($Known | Where-Object { $line.EndsWith($_) }) }) | Should -BeNullOrEmpty
        $differences.Count | Should -Be $Known.Count
    }

    It 'gives profiles a health check afterwards counts' {
        Reset-Profiles
        $before = Get-MapiProfileHealth -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        Get-MessagingProfile -HivePath (Get-Fixture 'default-profiles') | Restore-MessagingProfile -Confirm:$false

        $after = Get-MapiProfileHealth -WarningAction SilentlyContinue -ErrorAction SilentlyContinue

        $before.ProfileCount | Should -Be 0
        $after.ProfileCount | Should -Be @(Get-MessagingProfile -HivePath (Get-Fixture 'default-profiles')).Count
    }

    It 'writes nothing with -WhatIf' {
        Reset-Profiles
        Get-MessagingProfile -HivePath (Get-Fixture 'default-profiles') -Name 'Backup Agent' | Restore-MessagingProfile -WhatIf
        Test-Path -Path $Root | Should -BeFalse
    }

    It 'leaves an existing profile untouched without -Force' {
        Reset-Profiles
        $profile = Get-MessagingProfile -HivePath (Get-Fixture 'default-profiles') -Name 'Backup Agent'
        $profile | Restore-MessagingProfile -Confirm:$false
        $global = "$Root\Backup Agent\13dbb0c8aa05101a9bb000aa002fc45a"
        Set-ItemProperty -Path $global -Name 001e6602 -Value ([byte[]](0x4e, 0x45, 0x57, 0)) -Type Binary

        $profile | Restore-MessagingProfile -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be "ProfileExists,$CommandId"
        $failures[0].Exception.Message | Should -Match 'Backup Agent'
        (Get-ItemProperty -Path $global).'001e6602' | Should -Be @(0x4e, 0x45, 0x57, 0)
    }

    It 'saves the existing profile to a .reg file with -Force, then replaces it whole' {
        Reset-Profiles
        $profile = Get-MessagingProfile -HivePath (Get-Fixture 'default-profiles') -Name 'Backup Agent'
        $profile | Restore-MessagingProfile -Confirm:$false
        $global = "$Root\Backup Agent\13dbb0c8aa05101a9bb000aa002fc45a"
        Set-ItemProperty -Path $global -Name 001e6602 -Value ([byte[]](0x4e, 0x45, 0x57, 0)) -Type Binary
        $null = New-Item -Path "$Root\Backup Agent\Extra key"
        $backups = Join-Path $TestDrive 'backups'
        $null = New-Item -ItemType Directory -Path $backups

        $restored = $profile | Restore-MessagingProfile -Force -BackupPath $backups -Confirm:$false -PassThru -WarningVariable warnings -WarningAction SilentlyContinue

        $restored.BackupPath | Should -Not -BeNullOrEmpty
        $restored.PSObject.TypeNames[0] | Should -Be 'MapiProfileTools.RestoredMessagingProfile'
        ($restored | Format-Table | Out-String -Width 80) | Should -Match 'BackupPath'
        $restored.PSObject.BaseObject | Should -BeOfType ([MapiProfileTools.MessagingProfile])
        Split-Path -Path $restored.BackupPath -Parent | Should -Be $backups
        $warnings | Should -Match ([regex]::Escape($restored.BackupPath))
        $saved = Get-RegFileSection -Path $restored.BackupPath -Prefix $Prefix
        $saved["$WmsKey\Backup Agent\13dbb0c8aa05101a9bb000aa002fc45a"]['001e6602'] | Should -Be '3:4e455700'
        $saved.ContainsKey("$WmsKey\Backup Agent\Extra key") | Should -BeTrue
        Test-Path -Path "$Root\Backup Agent\Extra key" | Should -BeFalse
        Compare-RegFileSection -Expected (Get-SourceSection 'default-profiles') -Actual (Get-LiveSection 'Backup Agent') -Under $profile.KeyPath | Should -BeNullOrEmpty
    }

    It 'leaves the registry as it was when write <Write> fails, replacing with -Force' -TestCases @(
        @{ Write = 1 }, @{ Write = 4 }, @{ Write = 9 }, @{ Write = 25 }
    ) {
        Reset-Profiles
        $profile = Get-MessagingProfile -HivePath (Get-Fixture 'default-profiles') -Name 'MS Exchange Settings'
        Get-MessagingProfile -HivePath (Get-Fixture 'default-profiles') -Name 'Backup Agent' | Restore-MessagingProfile -Confirm:$false
        # An existing, different profile of the same name: what -Force replaces and a failure must put back.
        $null = New-Item -Path "$Root\MS Exchange Settings\0a0d020000000000c000000000000046" -Force
        Set-ItemProperty -Path "$Root\MS Exchange Settings\0a0d020000000000c000000000000046" -Name 001e3d09 -Value ([byte[]](0x4f, 0x4c, 0x44, 0)) -Type Binary
        $before = Get-LiveSection '*'
        Set-FailingWrite $Write

        $profile | Restore-MessagingProfile -Force -BackupPath $TestDrive -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be "RestoreFailed,$CommandId"
        $failures[0].Exception.Message | Should -Match 'MS Exchange Settings'
        $failures[0].Exception.Message | Should -Match "write $Write"
        Compare-RegFileSection -Expected $before -Actual (Get-LiveSection '*') -Under $WmsKey | Should -BeNullOrEmpty
    }

    It 'goes on with the other profiles when one fails' {
        Reset-Profiles
        $profiles = @(Get-MessagingProfile -HivePath (Get-Fixture 'default-profiles') -Name 'Backup Agent', 'MS Exchange Settings')
        Set-FailingWrite 3

        $restored = $profiles | Restore-MessagingProfile -Confirm:$false -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].Exception.Message | Should -Match ([regex]::Escape($profiles[0].Name))
        @($restored).Count | Should -Be 1
        $restored.Name | Should -Be $profiles[1].Name
        Test-Path -Path "$Root\$($profiles[0].Name)" | Should -BeFalse
    }

    It 'sets DefaultProfile only when none is set, or with -SetDefault' {
        Reset-Profiles
        $null = New-Item -Path $Root -Force
        Set-ItemProperty -Path $Root -Name DefaultProfile -Value 'Someone Else'
        Get-MessagingProfile -HivePath (Get-Fixture 'default-profiles') -Name 'MS Exchange Settings' | Restore-MessagingProfile -Confirm:$false
        (Get-ItemProperty -Path $Root).DefaultProfile | Should -Be 'Someone Else'

        Get-MessagingProfile -HivePath (Get-Fixture 'default-profiles') -Name 'Backup Agent' | Restore-MessagingProfile -SetDefault -Confirm:$false
        (Get-ItemProperty -Path $Root).DefaultProfile | Should -Be 'Backup Agent'
    }

    It 'refuses deserialized profiles' {
        $profile = Get-MessagingProfile -HivePath (Get-Fixture 'default-profiles') -Name 'Backup Agent'
        $copy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($profile, 4))

        $copy | Restore-MessagingProfile -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -Be "DeserializedProfile,$CommandId"
    }
}
