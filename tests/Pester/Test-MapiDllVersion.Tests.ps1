# Test-MapiDllVersion against real DLLs built by mingw-w64 (tests/fixtures/pe), through the built module.

BeforeDiscovery {
    $script:NoFixtures = -not $env:MAPI_TEST_DATA
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
    $script:CommandId = 'MapiProfileTools.Commands.TestMapiDllVersionCommand'
}

Describe 'Test-MapiDllVersion on real DLLs' -Skip:$NoFixtures {
    It 'flags <Name> as affected: <Affected>' -ForEach @(
        @{ Name = 'mapi32-5.5.2653.0.x86.dll'; Version = '5.5.2653.0'; Affected = $true; Machine = 'x86' }
        @{ Name = 'mapi32-6.0.6447.9.x64.dll'; Version = '6.0.6447.9'; Affected = $true; Machine = 'x64' }
        @{ Name = 'mapi32-6.0.6448.0.x86.dll'; Version = '6.0.6448.0'; Affected = $false; Machine = 'x86' }
        @{ Name = 'mapi32-6.5.7226.0.x64.dll'; Version = '6.5.7226.0'; Affected = $false; Machine = 'x64' }
    ) {
        $result = Test-MapiDllVersion -Path (Get-PeFixture $Name)

        $result.PSTypeNames[0] | Should -Be 'MapiProfileTools.MapiDllVersion'
        $result.FileVersion | Should -Be ([version]$Version)
        $result.MinimumVersion | Should -Be ([version]'6.0.6448.0')
        $result.IsAffected | Should -Be $Affected
        $result.Machine | Should -Be $Machine
        $result.CompanyName | Should -Be 'Fixture Systems'
        $result.FileDescription | Should -Be 'Extended MAPI 1.0 for Windows NT'
        $result.Path | Should -Be (Get-PeFixture $Name)
        $result.ProcessId | Should -BeNullOrEmpty
    }

    It 'compares the fixed version and shows the string version beside it' {
        $result = Test-MapiDllVersion -Path (Get-PeFixture 'mapi32-string-disagrees.x64.dll')

        $result.FileVersion | Should -Be ([version]'6.1.0.9212')
        $result.FileVersionString | Should -Be '6.01.9212'
        $result.IsAffected | Should -BeFalse
    }

    It 'uses -MinimumVersion when given' {
        $result = Test-MapiDllVersion -Path (Get-PeFixture 'mapi32-6.0.6448.0.x64.dll') -MinimumVersion 6.5

        $result.MinimumVersion | Should -Be ([version]'6.5')
        $result.IsAffected | Should -BeTrue
    }

    It 'takes Get-ChildItem output and goes on past files it cannot read' {
        $all = Get-ChildItem -Path (Join-Path $env:MAPI_TEST_DATA 'pe') -Filter *.dll
        $results = $all | Test-MapiDllVersion -ErrorVariable problems -ErrorAction SilentlyContinue

        $withoutVersion = @($all | Where-Object Name -Match '^(strings-only|no-resources)')
        $results.Count | Should -Be ($all.Count - $withoutVersion.Count)
        $problems.Count | Should -Be $withoutVersion.Count
        $problems.FullyQualifiedErrorId | Should -Be (@("NoVersionResource,$CommandId") * $withoutVersion.Count)
        $problems.CategoryInfo.Category | Sort-Object -Unique | Should -Be 'InvalidData'
        # Affected: the fixtures whose name gives a version before 6.0.6448.0 (5.5.2653.0, 6.0.6447.9, mad 6.0.5762.0).
        $old = @($all | Where-Object { $_.Name -match '-(\d+\.\d+\.\d+\.\d+)\.' -and [version]$Matches[1] -lt [version]'6.0.6448.0' })
        $old.Count | Should -BeGreaterOrEqual 4
        @($results | Where-Object IsAffected).Count | Should -Be $old.Count
    }

    It 'expands wildcards in -Path' {
        # Not 'mapi32-6.*.x86.dll': a '.' before '*' is a DOS_DOT for Windows, which .NET hands to
        # NtQueryDirectoryFile, and Wine's implementation of it matches nothing then (Windows does).
        $results = Test-MapiDllVersion -Path (Join-Path $env:MAPI_TEST_DATA 'pe/mapi32-6*.x86.dll')

        $results.FileVersion | Sort-Object | Should -Be @([version]'6.0.6447.9', [version]'6.0.6448.0', [version]'6.5.7226.0')
    }

    It 'binds <Property> by property name and keeps the process id' -ForEach @(
        @{ Property = 'ModulePath' }, @{ Property = 'FilePath' }, @{ Property = 'FullName' }
    ) {
        $process = [pscustomobject]@{ $Property = (Get-PeFixture 'mapi32-6.0.6447.9.x86.dll'); Id = 4242; ProcessName = 'backupagent' }
        $other = [pscustomobject]@{ $Property = (Get-PeFixture 'mapi32-6.5.7226.0.x64.dll') }

        $results = $process, $other | Test-MapiDllVersion

        $results[0].ProcessId | Should -Be 4242
        $results[0].IsAffected | Should -BeTrue
        # The next object carries no Id: the previous one must not leak into it.
        $results[1].ProcessId | Should -BeNullOrEmpty
    }

    It '-Quiet answers <Expected> for <Files>' -ForEach @(
        @{ Files = 'mapi32-6.0.6448.0.x86.dll', 'mapi32-6.5.7226.0.x64.dll'; Expected = $true }
        @{ Files = 'mapi32-6.0.6448.0.x86.dll', 'mapi32-6.0.6447.9.x64.dll'; Expected = $false }
        @{ Files = 'mapi32-6.0.6448.0.x86.dll', 'strings-only.x64.dll'; Expected = $false }
        @{ Files = 'mapi32-6.0.6448.0.x86.dll', 'missing.dll'; Expected = $false }
    ) {
        $answer = Test-MapiDllVersion -LiteralPath ($Files | ForEach-Object { Get-PeFixture $_ }) -Quiet -ErrorAction SilentlyContinue

        @($answer).Count | Should -Be 1
        $answer | Should -BeOfType [bool]
        $answer | Should -Be $Expected
    }

    It 'reads a file whose name holds wildcard characters, by -LiteralPath and from Get-ChildItem' {
        $folder = Join-Path $TestDrive 'brackets'
        $null = New-Item -ItemType Directory -Path $folder
        $odd = Join-Path $folder 'mapi32[1].dll'
        Copy-Item -LiteralPath (Get-PeFixture 'mapi32-6.0.6447.9.x86.dll') -Destination $odd

        (Test-MapiDllVersion -LiteralPath $odd).FileVersion | Should -Be ([version]'6.0.6447.9')
        (Get-ChildItem -LiteralPath $folder | Test-MapiDllVersion).FileVersion | Should -Be ([version]'6.0.6447.9')
    }

    It 'names the offset when a real DLL is truncated inside its resources' {
        $bytes = [IO.File]::ReadAllBytes((Get-PeFixture 'mapi32-6.0.6447.9.x64.dll'))
        # Cut 100 bytes into the VS_VERSIONINFO block (found by its UTF-16 key; Latin-1 maps bytes 1:1).
        $latin1 = [Text.Encoding]::Latin1.GetString($bytes)
        $key = $latin1.IndexOf([Text.Encoding]::Latin1.GetString([Text.Encoding]::Unicode.GetBytes('VS_VERSION_INFO')))
        $key | Should -BeGreaterThan 0
        $cut = Join-Path $TestDrive 'truncated.dll'
        [IO.File]::WriteAllBytes($cut, $bytes[0..($key + 100)])

        $result = Test-MapiDllVersion -LiteralPath $cut -ErrorVariable problem -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $problem.FullyQualifiedErrorId | Should -Be "CorruptPortableExecutable,$CommandId"
        $problem.TargetObject | Should -Be $cut
        $problem.Exception.Message | Should -Match 'truncated\.dll.*(offset 0x[0-9A-F]+|outside|past the end)'
    }

    It 'formats as a table, also after a trip through serialization (Invoke-Command)' {
        $local = Test-MapiDllVersion -Path (Get-PeFixture 'mapi32-6.0.6447.9.x86.dll')
        $remote = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($local))

        $remote.PSTypeNames[0] | Should -Be 'Deserialized.MapiProfileTools.MapiDllVersion'
        $remote.FileVersion | Should -Be ([version]'6.0.6447.9')
        $localText = ($local | Out-String -Width 200).Trim()
        $remoteText = ($remote | Out-String -Width 200).Trim()
        $localText | Should -Match '^Path\s+IsAffected\s+FileVersion\s+Machine\s+ProcessId'
        $remoteText | Should -Be $localText
    }
}

Describe 'Test-MapiDllVersion on bad input' {
    It 'writes FileNotFound for a missing file and goes on to the next path' {
        $text = Join-Path $TestDrive 'readme.txt'
        Set-Content -Path $text -Value 'not a DLL'
        $missing = Join-Path $TestDrive 'nothere.dll'

        $results = Test-MapiDllVersion -Path $missing, $text, (Join-Path $TestDrive 'none*.dll') -ErrorVariable problems -ErrorAction SilentlyContinue

        $results | Should -BeNullOrEmpty
        $problems.FullyQualifiedErrorId | Should -Be @("FileNotFound,$CommandId", "NotPortableExecutable,$CommandId", "FileNotFound,$CommandId")
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[1].Exception.Message | Should -Match 'readme\.txt.*not a Windows PE file'
        $problems[2].Exception.Message | Should -Match 'No file matches'
    }

    It 'refuses a directory and a path of another provider with their own ErrorIds' {
        $null = Test-MapiDllVersion -LiteralPath $TestDrive -ErrorVariable directoryProblem -ErrorAction SilentlyContinue
        $null = Test-MapiDllVersion -Path 'Env:\PATH' -ErrorVariable providerProblem -ErrorAction SilentlyContinue

        $directoryProblem.FullyQualifiedErrorId | Should -Be "PathIsDirectory,$CommandId"
        $directoryProblem.Exception.Message | Should -Match 'Get-ChildItem'
        $providerProblem.FullyQualifiedErrorId | Should -Be "UnsupportedProvider,$CommandId"
    }

    It 'stops with a terminating error only under -ErrorAction Stop' {
        { Test-MapiDllVersion -Path (Join-Path $TestDrive 'nothere.dll') -ErrorAction Stop } |
            Should -Throw -ErrorId "FileNotFound,$CommandId"
    }
}
