# What the module says when input is wrong, and what the build prints into logs: each message in the
# words a user needs (issue 9, "small words"). Real files: an empty file, a folder, the sample hive.

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
    $script:Root = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
    $script:SampleHive = Join-Path $Root 'samples/hives/healthy/DEFAULT'
}

Describe 'Messages for wrong input' {
    It 'names the provider of a path that is not on a file system, without a wrong article' {
        $null = Test-MapiDllVersion -Path 'env:PATH' -ErrorVariable problem -ErrorAction SilentlyContinue

        $problem.Exception.Message | Should -BeLike "'env:PATH' is a path of the Environment provider; only file system paths can be read.*"
    }

    It 'says an empty file is empty' {
        $empty = Join-Path $TestDrive 'empty.dll'
        $null = New-Item -ItemType File -Path $empty

        $null = Test-MapiDllVersion -LiteralPath $empty -ErrorVariable problem -ErrorAction SilentlyContinue

        $problem.FullyQualifiedErrorId | Should -Be 'NotPortableExecutable,MapiProfileTools.Commands.TestMapiDllVersionCommand'
        $problem.Exception.Message | Should -Be "'$empty' is not a Windows PE file (DLL or EXE): the file is empty."
    }

    It 'advises -HivePath with a hive file, not Test-MapiDllVersion, for a folder given to Get-MessagingProfile' {
        $null = Get-MessagingProfile -HivePath $TestDrive -ErrorVariable problem -ErrorAction SilentlyContinue

        $problem.FullyQualifiedErrorId | Should -Be 'PathIsDirectory,MapiProfileTools.Commands.GetMessagingProfileCommand'
        $problem.Exception.Message | Should -Be "'$TestDrive' is a directory, not a file. Name the hive file in it, for example: -HivePath '$(Join-Path $TestDrive 'DEFAULT')'"
        $problem.Exception.Message | Should -Not -Match 'dll|Test-MapiDllVersion'
    }

    It 'keeps the Test-MapiDllVersion advice for a folder of DLLs' {
        $null = Test-MapiDllVersion -LiteralPath $TestDrive -ErrorVariable problem -ErrorAction SilentlyContinue

        $problem.Exception.Message | Should -Match "Get-ChildItem -Path '.+' -Filter \*\.dll -File \| Test-MapiDllVersion"
    }

    It 'names a hive file and the key inside it apart when -Name finds no profile' {
        $null = Get-MessagingProfile -HivePath $SampleHive -Name 'Nobody' -ErrorVariable missing -ErrorAction SilentlyContinue

        $missing.FullyQualifiedErrorId | Should -Be 'ProfileNotFound,MapiProfileTools.Commands.GetMessagingProfileCommand'
        $missing.Exception.Message | Should -Be "No profile named 'Nobody' under the key Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem\Profiles of '$SampleHive'."
    }
}

Describe 'Build output written to a log' -Skip:$OnWindows {
    # The build runs on the Linux machines (the Windows lane runs the built module, not the build).
    BeforeAll {
        $pins = Import-PowerShellDataFile -Path (Join-Path $Root 'tools/BuildTools/BuildTools.psd1')
        $packages = (dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
        $script:InvokeBuild = Join-Path $packages "invoke-build/$($pins.InvokeBuild)/tools/InvokeBuild.psd1"
        $script:BuildFile = Join-Path $TestDrive 'one.build.ps1'
        Set-Content -Path $BuildFile -Value 'task One { "one ran" }'

        # Output captured by the parent, so the child's stdout is redirected, as in a CI log or '> build.log'.
        function Invoke-LoggedBuild([switch] $Plain) {
            $pwsh = Get-PwshInvocation
            $script = "$(if ($Plain) { ". '$Root/tools/BuildFunctions.ps1'; Use-PlainBuildOutput;" }) Import-Module '$InvokeBuild'; Invoke-Build -Task One -File '$BuildFile'"
            $saved = $env:NO_COLOR
            try {
                Remove-Item Env:NO_COLOR -ErrorAction Ignore
                (& $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script 2>&1) -join "`n"
            }
            finally {
                $env:NO_COLOR = $saved
            }
        }
    }

    It 'has colour codes in a redirected log without the switch (the problem)' {
        Invoke-LoggedBuild | Should -Match "`e\["
    }

    It 'writes plain text into a redirected log' {
        $log = Invoke-LoggedBuild -Plain

        $log | Should -Match 'Task /One'
        $log | Should -Match 'one ran'
        $log | Should -Not -Match "`e"
    }
}
