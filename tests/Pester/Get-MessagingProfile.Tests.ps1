# Get-MessagingProfile: profiles from the live registry (Windows lane: written under HKU\.DEFAULT by the
# test with PowerShell's Registry provider) and from hive files written by hivex (any platform).

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
    $script:NoHives = -not ($env:MAPI_TEST_DATA -and (Test-Path (Join-Path $env:MAPI_TEST_DATA 'hives')))
    $script:NoHiveLogs = -not ($env:MAPI_TEST_DATA -and (Test-Path (Join-Path $env:MAPI_TEST_DATA 'hivelogs')))
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
    $script:CommandId = 'MapiProfileTools.Commands.GetMessagingProfileCommand'
    $script:WmsKey = 'Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem\Profiles'

    # ANSI / UTF-16 bytes as MAPI stores PT_STRING8 / PT_UNICODE values, NUL-terminated.
    function ConvertTo-Ansi([string] $Text) { [byte[]]([Text.Encoding]::Latin1.GetBytes($Text) + 0) }
    function ConvertTo-Utf16([string] $Text) { [byte[]]([Text.Encoding]::Unicode.GetBytes($Text) + 0 + 0) }
}

Describe 'Get-MessagingProfile off Windows without a hive file' -Skip:$OnWindows {
    It 'stops with one PlatformNotSupported error that points at -HivePath' {
        $failure = { Get-MessagingProfile } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -Be "PlatformNotSupported,$CommandId"
        $failure.Exception.Message | Should -Match '-HivePath'
    }
}

Describe 'Get-MessagingProfile on the live registry' -Skip:(-not $OnWindows) {
    BeforeAll {
        # The profiles KB 817375 is about live in LocalSystem's hive. Keep whatever is there and put it back.
        $script:Root = "Registry::HKEY_USERS\.DEFAULT\$WmsKey"
        $script:Backup = Join-Path $TestDrive 'profiles-backup'
        $script:HadProfiles = Test-Path -Path $Root
        if ($HadProfiles) {
            Copy-Item -Path $Root -Destination "Registry::HKEY_USERS\.DEFAULT\Software\MapiProfileToolsBackup" -Recurse -Force
            Remove-Item -Path $Root -Recurse -Force
        }

        function New-TestProfile([string] $Name, [string] $Server, [string] $Mailbox) {
            $global = "$Root\$Name\13dbb0c8aa05101a9bb000aa002fc45a"
            $services = "$Root\$Name\9207f3e0a3b11019908b08002b2a56c2"
            $msems = "$Root\$Name\0a0d020000000000c000000000000046"
            $null = New-Item -Path $global, $services, $msems -Force
            Set-ItemProperty -Path $global -Name 001e6602 -Value (ConvertTo-Ansi $Server) -Type Binary
            Set-ItemProperty -Path $global -Name 001e6603 -Value (ConvertTo-Ansi $Mailbox) -Type Binary
            Set-ItemProperty -Path $global -Name 0003660a -Value ([byte[]](1, 0, 0, 0)) -Type Binary
            Set-ItemProperty -Path $msems -Name 001e3d09 -Value (ConvertTo-Ansi 'MSEMS') -Type Binary
            Set-ItemProperty -Path $msems -Name 001f3001 -Value (ConvertTo-Utf16 'Microsoft Exchange Server') -Type Binary
            # PR_SERVICES: the MSEMS section's MAPIUID.
            $uid = [byte[]](0x0a, 0x0d, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46)
            Set-ItemProperty -Path $services -Name 01023d0e -Value $uid -Type Binary
        }
    }

    AfterAll {
        Remove-Item -Path $Root -Recurse -Force -ErrorAction Ignore
        if ($HadProfiles) {
            Copy-Item -Path "Registry::HKEY_USERS\.DEFAULT\Software\MapiProfileToolsBackup" -Destination $Root -Recurse -Force
            Remove-Item -Path "Registry::HKEY_USERS\.DEFAULT\Software\MapiProfileToolsBackup" -Recurse -Force
        }
    }

    It 'warns, naming the key, when the Profiles key is missing: the KB 817375 state' {
        $found = Get-MessagingProfile -WarningVariable warned -WarningAction SilentlyContinue

        $found | Should -BeNullOrEmpty
        $warned.Count | Should -Be 1
        "$warned" | Should -BeLike "HKEY_USERS\.DEFAULT\$WmsKey does not exist*KB 817375*"
    }

    It 'warns when the Profiles key holds no profile' {
        $null = New-Item -Path $Root -Force
        $found = Get-MessagingProfile -WarningVariable warned -WarningAction SilentlyContinue

        $found | Should -BeNullOrEmpty
        "$warned" | Should -BeLike '*holds no profile*KB 817375*'
    }

    It 'decodes the profiles the test wrote, with the default one marked' {
        New-TestProfile -Name 'MSExchangeSA' -Server 'EX01' -Mailbox '/o=Contoso/ou=First Administrative Group/cn=Configuration/cn=Servers/cn=EX01'
        New-TestProfile -Name 'Bürokonto' -Server 'EX02' -Mailbox '/o=Contoso/cn=Recipients/cn=buero'
        Set-ItemProperty -Path $Root -Name DefaultProfile -Value 'MSExchangeSA' -Type String

        $found = Get-MessagingProfile | Sort-Object Name

        $found.Name | Should -Be @('Bürokonto', 'MSExchangeSA')
        $sa = $found | Where-Object Name -EQ 'MSExchangeSA'
        $sa.IsDefault | Should -BeTrue
        $sa.ExchangeServer | Should -Be 'EX01'
        $sa.Mailbox | Should -BeLike '/o=Contoso/*/cn=EX01'
        $sa.Services.Name | Should -Be 'MSEMS'
        $sa.Services.DisplayName | Should -Be 'Microsoft Exchange Server'
        $sa.Source | Should -Be 'HKEY_USERS\.DEFAULT'
        $sa.Location | Should -Be 'Windows Messaging Subsystem'
        $sa.ComputerName | Should -Be ([Environment]::MachineName)
        $sa.LastWriteTime | Should -BeGreaterThan (Get-Date).AddMinutes(-10)
        $global = $sa.Sections | Where-Object Uid -EQ '13dbb0c8aa05101a9bb000aa002fc45a'
        $global.Name | Should -Be 'Exchange global section'
        ($global.Properties | Where-Object Name -EQ 'PR_PROFILE_TYPE').Value | Should -Be 1
        ($global.Properties | Where-Object Name -EQ 'PR_PROFILE_HOME_SERVER').TypeName | Should -Be 'PT_STRING8'
        ($found | Where-Object Name -EQ 'Bürokonto').IsDefault | Should -BeFalse
    }

    It 'filters by -Name and reports a name that is not there' {
        (Get-MessagingProfile -Name 'msexchange*').Name | Should -Be 'MSExchangeSA'
        $null = Get-MessagingProfile -Name 'Nobody' -ErrorVariable missing -ErrorAction SilentlyContinue

        $missing.FullyQualifiedErrorId | Should -Be "ProfileNotFound,$CommandId"
    }

    It 'reads every loaded user hive with -User *' {
        $found = Get-MessagingProfile -User * -WarningAction SilentlyContinue

        $found.Source | Should -Contain 'HKEY_USERS\.DEFAULT'
        ($found | Where-Object Source -EQ 'HKEY_USERS\.DEFAULT').Name | Sort-Object | Should -Be @('Bürokonto', 'MSExchangeSA')
    }

    It 'writes HiveNotFound for a hive that is not loaded' {
        $null = Get-MessagingProfile -User 'S-1-5-21-0-0-0-9999' -ErrorVariable missing -ErrorAction SilentlyContinue

        $missing.FullyQualifiedErrorId | Should -Be "HiveNotFound,$CommandId"
    }
}

Describe 'Get-MessagingProfile on hive files written by hivex' -Skip:$NoHives {
    BeforeAll {
        $script:Hives = Join-Path $env:MAPI_TEST_DATA 'hives'
        $script:Default = Join-Path $Hives 'default-profiles.hive'
    }

    It 'decodes every profile of a DEFAULT hive, on any platform' {
        $found = Get-MessagingProfile -HivePath $Default | Sort-Object Name

        $found.Name | Should -Be @('Backup Agent', 'MS Exchange Settings', 'Ünïcødé Prófile', 'Профиль Outlook')
        $sa = $found | Where-Object Name -EQ 'MS Exchange Settings'
        $sa.IsDefault | Should -BeTrue
        $sa.ExchangeServer | Should -Be 'EX01'
        $sa.Mailbox | Should -BeLike '/o=Contoso/*/cn=Microsoft System Attendant'
        $sa.Services.Name | Should -Contain 'MSEMS'
        $sa.Services.DisplayName | Should -Contain 'Microsoft Exchange Server'
        $sa.Source | Should -Be $Default
        $sa.ComputerName | Should -BeNullOrEmpty
        ($found | Where-Object IsDefault).Count | Should -Be 1
        ($found | Where-Object Name -EQ 'Backup Agent').ExchangeServer | Should -Be 'EX02'
        ($found | Where-Object Name -EQ 'Ünïcødé Prófile').Mailbox | Should -BeLike '*cn=Jürgen'
    }

    It 'decodes properties by their MAPI type, keeping the raw bytes' {
        $sa = Get-MessagingProfile -HivePath $Default -Name 'MS Exchange Settings'
        $global = $sa.Sections | Where-Object Uid -EQ '13dbb0c8aa05101a9bb000aa002fc45a'
        $props = @{}
        $global.Properties | ForEach-Object { $props[$_.ValueName] = $_ }

        $props['001e6602'].Name | Should -Be 'PR_PROFILE_HOME_SERVER'
        $props['001e6602'].TypeName | Should -Be 'PT_STRING8'
        $props['001e6602'].Value | Should -Be 'EX01'
        $props['001e6602'].Raw | Should -Be @(0x45, 0x58, 0x30, 0x31, 0x00)
        $props['001f3001'].TypeName | Should -Be 'PT_UNICODE'
        $props['001f3001'].Value | Should -Be 'Microsoft Exchange Server'
        $props['0003660a'].Value | Should -Be 1
        $props['01023d15'].Value.Count | Should -Be 16
        ($sa.Sections | Where-Object Uid -EQ 'dca740c8c042101ab4b908002b2fe182').Name | Should -Be 'Exchange address book'
    }

    It 'adds the Outlook 2013+ profiles with -IncludeOutlook' {
        $outlook = Get-MessagingProfile -HivePath $Default -IncludeOutlook | Where-Object Location -EQ 'Outlook 16.0'

        $outlook.Name | Should -Be 'Outlook'
        $outlook.KeyPath | Should -Be 'Software\Microsoft\Office\16.0\Outlook\Profiles\Outlook'
    }

    It 'takes hive files from Get-ChildItem, warns for the emptied and missing Profiles keys, and goes on' {
        $found = Get-ChildItem -Path $Hives -Filter '*-profile*.hive' | Get-MessagingProfile -WarningVariable warned -WarningAction SilentlyContinue

        $found.Source | Sort-Object -Unique | Should -Be $Default
        @($warned).Count | Should -Be 2
        ($warned | Where-Object { "$_" -like '*emptied-profiles.hive*' }) | Should -BeLike '*holds no profile*KB 817375*'
        ($warned | Where-Object { "$_" -like '*no-profiles-key.hive*' }) | Should -BeLike '*does not exist*KB 817375*'
    }

    It 'writes NotARegistryHive, CorruptHive and FileNotFound errors, one per file, and reads the good one' {
        $text = Join-Path $TestDrive 'notes.txt'
        Set-Content -Path $text -Value 'not a hive'
        $bytes = [IO.File]::ReadAllBytes($Default)
        $cut = Join-Path $TestDrive 'cut.hive'
        [IO.File]::WriteAllBytes($cut, $bytes[0..5000])

        $found = Get-MessagingProfile -HivePath $text, $cut, (Join-Path $TestDrive 'none.hive'), $Default -ErrorVariable problems -ErrorAction SilentlyContinue

        @($found).Count | Should -Be 4
        $problems.FullyQualifiedErrorId | Should -Be @("NotARegistryHive,$CommandId", "CorruptHive,$CommandId", "FileNotFound,$CommandId")
        $problems[1].Exception.Message | Should -Match 'cut\.hive'
    }

    It 'formats as a table grouped by source, also after serialization' {
        $local = Get-MessagingProfile -HivePath $Default -Name 'MS Exchange Settings'
        $remote = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($local))

        $remote.PSTypeNames[0] | Should -Be 'Deserialized.MapiProfileTools.MessagingProfile'
        ($local | Out-String -Width 250) | Should -Match 'Source: .*default-profiles\.hive'
        ($local | Out-String -Width 250) | Should -Match 'Name\s+Default\s+ExchangeServer\s+Mailbox'
        ($remote | Out-String -Width 250) | Should -Be ($local | Out-String -Width 250)
    }
}

Describe 'Get-MessagingProfile on dirty hives with transaction logs' -Skip:$NoHiveLogs {
    BeforeAll {
        # Dirty DEFAULT hives and their logs, written by tests/fixtures/HiveLogWriter from hivex-written versions:
        # the stale file has no profile left; its log holds the profiles and a re-created 'Restored Outlook'.
        $script:Cases = Join-Path $env:MAPI_TEST_DATA 'hivelogs'
        function Copy-Case([string] $Case, [string[]] $Files, [string] $To) {
            $folder = Join-Path $TestDrive $To
            $null = New-Item -ItemType Directory -Path $folder -Force
            foreach ($file in $Files) {
                $from, $name = $file -split '=>'
                Copy-Item -LiteralPath (Join-Path $Cases "$Case/$from") -Destination (Join-Path $folder ($name ?? $from))
            }
            Join-Path $folder 'DEFAULT'
        }
    }

    It 'replays a log found beside the hive in any letter case (DEFAULT + default.log), with a verbose line' {
        $hive = Copy-Case 'old-lowercase' 'DEFAULT', 'default.log' 'lower'

        $output = Get-MessagingProfile -HivePath $hive -Verbose -WarningVariable warned 4>&1
        $found = $output | Where-Object { $_ -is [MapiProfileTools.MessagingProfile] }
        $verbose = $output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }

        $found.Name | Should -Contain 'Restored Outlook'
        ($found | Where-Object IsDefault).Name | Should -Be 'Restored Outlook'
        @($verbose | Where-Object Message -Like "Replayed the transaction log '*default.log' (old format)*").Count | Should -Be 1
        $warned | Should -BeNullOrEmpty
    }

    It 'gives one warning, naming the logs looked for, when a dirty hive has no log' {
        $hive = Copy-Case 'old2000' 'DEFAULT' 'alone'

        $found = Get-MessagingProfile -HivePath $hive -WarningVariable warned -WarningAction SilentlyContinue

        $found | Should -BeNullOrEmpty
        $dirty = @($warned | Where-Object { "$_" -like '*dirty*' })
        $dirty.Count | Should -Be 1
        "$($dirty[0])" | Should -BeLike '*primary sequence number 42, secondary 41*looked for DEFAULT.LOG, .LOG1 and .LOG2 beside it*latest changes may be missing*'
        # The file is named once, at the start.
        "$($dirty[0])".StartsWith("'$hive': the hive is dirty") | Should -BeTrue
        # The other warning is the KB 817375 state the stale file shows.
        @($warned).Count | Should -Be 2
        @($warned | Where-Object { "$_" -like '*holds no profile*' }).Count | Should -Be 1
    }

    It 'replays the logs named by -LogPath, wherever they are' {
        $hive = Copy-Case 'old2000' 'DEFAULT' 'named'
        $log = Join-Path $TestDrive 'saved-from-server.log'
        Copy-Item -LiteralPath (Join-Path $Cases 'old2000/DEFAULT.LOG') -Destination $log

        $found = Get-MessagingProfile -HivePath $hive -LogPath $log -WarningVariable warned

        $found.Name | Should -Contain 'Restored Outlook'
        @($found).Count | Should -Be 5
        $warned | Should -BeNullOrEmpty
    }

    It 'writes FileNotFound for a -LogPath that is not there, and the one warning says it was missing' {
        $hive = Copy-Case 'old2000' 'DEFAULT' 'missing'
        $missing = Join-Path $TestDrive 'no-such.LOG'

        $found = Get-MessagingProfile -HivePath $hive -LogPath $missing -ErrorVariable problems -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue

        $found | Should -BeNullOrEmpty
        $problems.FullyQualifiedErrorId | Should -Be "FileNotFound,$CommandId"
        $dirty = @($warned | Where-Object { "$_" -like '*dirty*' })
        $dirty.Count | Should -Be 1
        "$($dirty[0])" | Should -BeLike "*no-such.LOG' does not exist*"
    }

    It 'does not apply a log of another write, and says why in its one warning' {
        $hive = Copy-Case 'other-hive' 'DEFAULT', 'DEFAULT.LOG' 'other'

        $found = Get-MessagingProfile -HivePath $hive -WarningVariable warned -WarningAction SilentlyContinue

        $found | Should -BeNullOrEmpty
        $dirty = @($warned | Where-Object { "$_" -like '*dirty*' })
        $dirty.Count | Should -Be 1
        "$($dirty[0])" | Should -BeLike '*DEFAULT.LOG'' was written at 2003-05-07 07:08:09Z, the hive at 2003-05-06 07:08:09Z*'
    }

    It 'replays new-format logs split over .LOG1 and .LOG2, and stops before a damaged entry with a warning' {
        $split = Copy-Case 'new2' 'DEFAULT', 'DEFAULT.LOG1', 'DEFAULT.LOG2' 'split'
        $damaged = Copy-Case 'damaged' 'DEFAULT', 'DEFAULT.LOG1' 'damaged'

        $whole = Get-MessagingProfile -HivePath $split -WarningVariable splitWarned
        $partial = Get-MessagingProfile -HivePath $damaged -WarningVariable damageWarned -WarningAction SilentlyContinue

        $whole.Name | Should -Contain 'Restored Outlook'
        $splitWarned | Should -BeNullOrEmpty
        @($partial).Count | Should -Be 4
        $partial.Name | Should -Not -Contain 'Restored Outlook'
        @($damageWarned).Count | Should -Be 1
        "$damageWarned" | Should -BeLike '*replayed only in part*sequence number 41*fails its hash check*'
    }
}
