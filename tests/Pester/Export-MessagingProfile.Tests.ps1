# Export-MessagingProfile: profiles read from hive files written by hivex and chntpw, exported, imported
# again by hivexregedit --merge (an importer that is not ours) into an empty hive and compared, key by key
# and value by value, with hivexregedit --export of the source. Then the file conventions of Export-Csv.

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
    $script:NoHives = -not ($env:MAPI_TEST_DATA -and (Test-Path (Join-Path $env:MAPI_TEST_DATA 'hives')))
    $script:NoHivex = $OnWindows -or -not (Get-Command hivexregedit -CommandType Application -ErrorAction Ignore)
    $script:RoundTrips = @('default-profiles', 'big-data.chntpw', 'export-cases', 'many-siblings') | ForEach-Object { @{ Fixture = $_ } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../RegFileSections.psm1') -Force
    $null = Import-BuiltModule
    $script:CommandId = 'MapiProfileTools.Commands.ExportMessagingProfileCommand'
    $script:Prefix = 'HKEY_USERS\.DEFAULT'
    $script:WmsKey = 'Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem\Profiles'
    if ($env:MAPI_TEST_DATA) {
        $script:Hives = Join-Path $env:MAPI_TEST_DATA 'hives'
    }
    function Get-Fixture([string] $Name) { Join-Path $Hives "$Name.hive" }
}

Describe 'Export-MessagingProfile round trip through hivexregedit' -Skip:($NoHives -or $NoHivex) {
    It 'gives back every key and value of <Fixture> exactly when hivexregedit imports the file' -TestCases $RoundTrips {
        $profiles = @(Get-MessagingProfile -HivePath (Get-Fixture $Fixture) -IncludeOutlook)
        $profiles | Should -Not -BeNullOrEmpty
        $file = Join-Path $TestDrive "$Fixture.reg"

        $profiles | Export-MessagingProfile -Path $file

        # The manual's recipe for hivexregedit: UTF-8 with LF line ends.
        $utf8 = Join-Path $TestDrive "$Fixture.utf8.reg"
        [IO.File]::WriteAllText($utf8, ([IO.File]::ReadAllText($file, [Text.Encoding]::Unicode) -replace "`r`n", "`n"))
        $hive = Join-Path $TestDrive "$Fixture.imported.hive"
        Copy-Item -LiteralPath (Join-Path $Hives 'empty.hive.template') -Destination $hive
        $env:PERL_UNICODE = $null
        hivexregedit --merge --prefix $Prefix $hive $utf8
        $LASTEXITCODE | Should -Be 0
        $export = Join-Path $TestDrive "$Fixture.imported.export.reg"
        $env:PERL_UNICODE = 'SO'
        try { hivexregedit --export --prefix $Prefix $hive '\' > $export } finally { $env:PERL_UNICODE = $null }

        $source = Get-RegFileSection -Path (Join-Path $Hives "$Fixture.export.reg") -Prefix $Prefix
        $result = Get-RegFileSection -Path $export -Prefix $Prefix
        Compare-RegFileSection -Expected $source -Actual $result -Under $profiles.KeyPath | Should -BeNullOrEmpty
        $default = $profiles | Where-Object IsDefault | Select-Object -First 1
        if ($default) {
            $result[$WmsKey]['DefaultProfile'] | Should -BeExactly $source[$WmsKey]['DefaultProfile']
        }
    }
}

Describe 'Export-MessagingProfile writes what regedit reads' -Skip:$NoHives {
    BeforeAll {
        $script:Profiles = @(Get-MessagingProfile -HivePath (Get-Fixture 'default-profiles'))
    }

    It 'writes UTF-16LE with a byte-order mark, the version 5.00 header and CRLF line ends' {
        $file = Join-Path $TestDrive 'form.reg'
        $Profiles | Export-MessagingProfile -Path $file
        $bytes = [IO.File]::ReadAllBytes($file)

        $bytes[0..1] | Should -Be @(0xFF, 0xFE)
        $text = [Text.Encoding]::Unicode.GetString($bytes, 2, $bytes.Length - 2)
        $text | Should -BeLike "Windows Registry Editor Version 5.00`r`n`r`n*"
        ($text -replace "`r`n", '') | Should -Not -Match "[`r`n]"
        $text | Should -Match ([regex]::Escape("[HKEY_USERS\.DEFAULT\$WmsKey\MS Exchange Settings\13dbb0c8aa05101a9bb000aa002fc45a]"))
        $text | Should -Match ([regex]::Escape("[HKEY_USERS\.DEFAULT\$WmsKey]`r`n""DefaultProfile""=""MS Exchange Settings"""))
    }

    It 'writes the keys for another hive with -User, and the DefaultProfile only with the default profile' {
        $file = Join-Path $TestDrive 'user.reg'
        $Profiles | Where-Object Name -EQ 'Backup Agent' | Export-MessagingProfile -Path $file -User 'S-1-5-21-1-2-3-1003'
        $text = [IO.File]::ReadAllText($file)

        $text | Should -Match ([regex]::Escape('[HKEY_USERS\S-1-5-21-1-2-3-1003\Software]'))
        $text | Should -Match ([regex]::Escape("[HKEY_USERS\S-1-5-21-1-2-3-1003\$WmsKey\Backup Agent]"))
        $text | Should -Not -Match 'HKEY_USERS\\\.DEFAULT'
        $text | Should -Not -Match 'DefaultProfile'
    }

    It 'returns the file with -PassThru and resolves a relative path against the current location' {
        Push-Location -Path $TestDrive
        try {
            $file = $Profiles | Export-MessagingProfile -Path 'relative.reg' -PassThru
        }
        finally {
            Pop-Location
        }

        $file | Should -BeOfType ([IO.FileInfo])
        $file.FullName | Should -Be (Join-Path $TestDrive 'relative.reg')
        $file.Length | Should -BeGreaterThan 1000
    }

    It 'writes nothing with -WhatIf' {
        $file = Join-Path $TestDrive 'whatif.reg'
        $Profiles | Export-MessagingProfile -Path $file -WhatIf
        Test-Path -LiteralPath $file | Should -BeFalse
    }

    It 'takes -LiteralPath names with wildcard characters as written' {
        $file = Join-Path $TestDrive 'profiles[1].reg'
        $Profiles | Export-MessagingProfile -LiteralPath $file
        Test-Path -LiteralPath $file | Should -BeTrue
    }

    It 'replaces an existing file, but not with -NoClobber' {
        $file = Join-Path $TestDrive 'existing.reg'
        Set-Content -LiteralPath $file -Value 'old content'

        $failure = { $Profiles | Export-MessagingProfile -Path $file -NoClobber } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be "FileExists,$CommandId"
        Get-Content -LiteralPath $file | Should -Be 'old content'

        $Profiles | Export-MessagingProfile -Path $file
        [IO.File]::ReadAllText($file) | Should -BeLike 'Windows Registry Editor Version 5.00*'
    }

    It 'replaces a read-only file only with -Force, and leaves it read-only' {
        $file = Join-Path $TestDrive 'readonly.reg'
        Set-Content -LiteralPath $file -Value 'old content'
        Set-ItemProperty -LiteralPath $file -Name IsReadOnly -Value $true
        try {
            $failure = { $Profiles | Export-MessagingProfile -Path $file } | Should -Throw -PassThru
            $failure.FullyQualifiedErrorId | Should -Be "ExportFailed,$CommandId"
            $failure.Exception.Message | Should -Match '-Force'
            Get-Content -LiteralPath $file | Should -Be 'old content'

            $Profiles | Export-MessagingProfile -Path $file -Force
            [IO.File]::ReadAllText($file) | Should -BeLike 'Windows Registry Editor Version 5.00*'
            (Get-Item -LiteralPath $file).IsReadOnly | Should -BeTrue
        }
        finally {
            Set-ItemProperty -LiteralPath $file -Name IsReadOnly -Value $false
        }
    }

    It 'names a folder that does not exist, and creates nothing' {
        $folder = Join-Path $TestDrive 'no-such-folder'
        $failure = { $Profiles | Export-MessagingProfile -Path (Join-Path $folder 'profiles.reg') } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -Be "ExportFailed,$CommandId"
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure.Exception.Message | Should -Match ([regex]::Escape($folder))
        Test-Path -LiteralPath $folder | Should -BeFalse
    }

    It 'refuses a folder the system will not write in, leaving nothing behind' -Skip:$OnWindows {
        # /proc takes no new files, even from root (the specs run as root, for whom chmod means nothing).
        $failure = { $Profiles | Export-MessagingProfile -Path '/proc/profiles.reg' } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -Be "ExportFailed,$CommandId"
        $failure.Exception.Message | Should -Match 'No file was written'
        Test-Path -LiteralPath '/proc/profiles.reg' | Should -BeFalse
    }

    It 'leaves no partial file and the old file as it was when the final move fails' -Skip:(-not $OnWindows) {
        # Windows refuses to replace a file another handle holds without sharing: the failure comes after
        # the whole content was written to the temporary file, which must then be gone too.
        $folder = Join-Path $TestDrive 'locked'
        $null = New-Item -ItemType Directory -Path $folder
        $file = Join-Path $folder 'profiles.reg'
        Set-Content -LiteralPath $file -Value 'old content'
        $lock = [IO.File]::Open($file, 'Open', 'Read', 'None')
        try {
            $failure = { $Profiles | Export-MessagingProfile -Path $file } | Should -Throw -PassThru
        }
        finally {
            $lock.Dispose()
        }

        $failure.FullyQualifiedErrorId | Should -Be "ExportFailed,$CommandId"
        Get-Content -LiteralPath $file | Should -Be 'old content'
        @(Get-ChildItem -LiteralPath $folder -Force).Name | Should -Be @('profiles.reg')
    }

    It 'refuses a folder as the path' {
        $failure = { $Profiles | Export-MessagingProfile -Path $TestDrive } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be "PathIsDirectory,$CommandId"
    }

    It 'refuses deserialized profiles with a pointer to running the export inside Invoke-Command' {
        $copy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($Profiles[0], 4))
        $file = Join-Path $TestDrive 'deserialized.reg'

        $copy | Export-MessagingProfile -Path $file -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be "DeserializedProfile,$CommandId"
        $failures[0].Exception.Message | Should -Match 'Invoke-Command'
        $warnings | Should -Match 'no file'
        Test-Path -LiteralPath $file | Should -BeFalse
    }

    It 'refuses what is not a profile and still exports the profiles' {
        $file = Join-Path $TestDrive 'mixed.reg'
        @('not a profile') + $Profiles | Export-MessagingProfile -Path $file -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be "NotAMessagingProfile,$CommandId"
        Test-Path -LiteralPath $file | Should -BeTrue
    }

    It 'refuses a second profile of the same name from another hive' {
        $file = Join-Path $TestDrive 'twice.reg'
        $again = Get-MessagingProfile -HivePath (Get-Fixture 'big-data.chntpw') -Name 'MS Exchange Settings'
        $Profiles + $again | Export-MessagingProfile -Path $file -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be "DuplicateProfile,$CommandId"
        $failures[0].Exception.Message | Should -Match 'MS Exchange Settings'
    }
}
