# The module's Windows code paths, run for real in the Windows lane: PowerShell 7 for Windows hosted by
# tests/WindowsHost under Wine (build.ps1 -Task TestWindows). Each test says which Windows behaviour it
# checks; on other systems each one is skipped with the reason. Wine is not Windows: a pass here is
# evidence about the Windows APIs as Wine implements them, not proof about Windows itself.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $script:Module = Import-BuiltModule
    $script:NeedsWindows = 'it needs Windows; the Windows lane runs it (build.ps1 -Task TestWindows, under Wine)'
}

Describe 'The module in PowerShell 7 for Windows' {
    It 'imports and exports every cmdlet the manifest lists' {
        if (-not $IsWindows) {
            Set-ItResult -Skipped -Because $NeedsWindows
        }
        $manifest = Import-PowerShellDataFile -Path (Join-Path $env:MAPI_MODULE_PATH 'MapiProfileTools.psd1')

        $Module.ModuleBase | Should -Be $env:MAPI_MODULE_PATH
        (Get-Command -Module MapiProfileTools).Name | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'loads the help of Test-MapiDllVersion' {
        if (-not $IsWindows) {
            Set-ItResult -Skipped -Because $NeedsWindows
        }
        $help = Get-Help -Name Test-MapiDllVersion

        $help.Synopsis | Should -Match '\w'
        $help.Synopsis | Should -Not -Match 'Test-MapiDllVersion\s*\[' # not the generated syntax stub
    }
}

Describe 'Test-MapiDllVersion against the Windows version API' {
    # FileVersionInfo on Windows is GetFileVersionInfo/VerQueryValue: the operating system's own reading
    # of VS_FIXEDFILEINFO, which the module's PE reader must match on every real DLL of the system.
    BeforeAll {
        if (-not $IsWindows) {
            return
        }
        $dlls = Get-ChildItem -LiteralPath (Join-Path $env:SystemRoot 'System32') -Filter *.dll -File
        $script:FromWindows = foreach ($dll in $dlls) {
            $info = [System.Diagnostics.FileVersionInfo]::GetVersionInfo($dll.FullName)
            $parts = $info.FileMajorPart, $info.FileMinorPart, $info.FileBuildPart, $info.FilePrivatePart
            [pscustomobject]@{
                Path       = $dll.FullName
                # No version resource leaves every field empty; a resource with a fixed version of
                # 0.0.0.0 and no strings is indistinguishable from none, and is counted as none.
                HasVersion = [bool]$info.FileVersion -or ($parts -ne 0).Count -gt 0
                Version    = [version]::new($parts[0], $parts[1], $parts[2], $parts[3])
            }
        }
        $script:OursByPath = @{}
        Test-MapiDllVersion -LiteralPath $dlls.FullName -ErrorVariable problems -ErrorAction SilentlyContinue |
            ForEach-Object { $OursByPath[$_.Path] = $_ }
        $script:OurErrors = $problems
        $script:Versioned = @($FromWindows | Where-Object HasVersion)
    }

    It 'finds hundreds of DLLs with a version resource in System32' {
        if (-not $IsWindows) {
            Set-ItResult -Skipped -Because $NeedsWindows
        }
        $Versioned.Count | Should -BeGreaterOrEqual 200
    }

    It 'reads the same fixed FileVersion as Windows from every one of them' {
        if (-not $IsWindows) {
            Set-ItResult -Skipped -Because $NeedsWindows
        }
        $disagreements = foreach ($dll in $Versioned) {
            $reading = $OursByPath[$dll.Path]
            if (-not $reading) {
                '{0}: Windows reads {1}, Test-MapiDllVersion gave no result' -f $dll.Path, $dll.Version
            }
            elseif ($reading.FileVersion -ne $dll.Version) {
                '{0}: Windows reads {1}, Test-MapiDllVersion {2}' -f $dll.Path, $dll.Version, $reading.FileVersion
            }
        }

        $disagreements | Should -BeNullOrEmpty
    }

    It 'finds no version where Windows finds none, and says why with NoVersionResource' {
        if (-not $IsWindows) {
            Set-ItResult -Skipped -Because $NeedsWindows
        }
        $unversioned = @($FromWindows | Where-Object { -not $_.HasVersion })
        $extra = foreach ($dll in $unversioned) {
            $reading = $OursByPath[$dll.Path]
            if ($reading -and $reading.FileVersion -ne [version]'0.0.0.0') {
                '{0}: Windows reads no version, Test-MapiDllVersion {1}' -f $dll.Path, $reading.FileVersion
            }
        }

        $extra | Should -BeNullOrEmpty
        $OurErrors.Count | Should -Be ($FromWindows.Count - $OursByPath.Count)
        $OurErrors.FullyQualifiedErrorId | Where-Object { $_ -ne 'NoVersionResource,MapiProfileTools.Commands.TestMapiDllVersionCommand' } |
            Should -BeNullOrEmpty
    }
}

# ---------------------------------------------------------------------------------------------------
# Place for more Windows-lane specs of the module's Windows back ends (registry under HKU\.DEFAULT,
# service control): here or in a sibling *.Tests.ps1 file (WindowsSeams.Tests.ps1 has the first ones).
# For a test service, install the test host itself: New-Service -BinaryPathName '"<host exe>" --service
# <name>' (add --hang-on-stop for a service that never finishes stopping); the host's path is
# $env:MAPI_WINDOWS_HOST (also [Environment]::ProcessPath) in this lane.
# ---------------------------------------------------------------------------------------------------
