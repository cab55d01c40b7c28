<#
.SYNOPSIS
    The one entry point to build, test, document, package and demonstrate MapiProfileTools.
.DESCRIPTION
    Restores the pinned build tools (tools/BuildTools/BuildTools.psd1) from NuGet and hands the
    requested tasks to Invoke-Build (tools/MapiProfileTools.build.ps1). Every task builds the module
    into out/MapiProfileTools first; tests always run against that built folder.
.PARAMETER Task
    Build, Test, TestPester (only the Linux Pester lane), TestWindows (only the Windows lane, under Wine),
    Fuzz (coverage-guided fuzzing of the file readers, tests/Fuzz), Docs, Package, Demo or Clean.
    MAPI_SPEC='<name>*' narrows either Pester lane to matching spec files. Several can be given.
.PARAMETER Configuration
    Release (the default) or Debug.
.PARAMETER Target
    With -Task Fuzz: the fuzzing targets to run (tests/Fuzz/corpus/<name>); all by default.
.PARAMETER Duration
    With -Task Fuzz: how long to fuzz each target; one minute by default.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Fuzz -Target hive -Duration 00:10:00
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'TestPester', 'TestWindows', 'Fuzz', 'Docs', 'Package', 'Demo', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [string[]] $Target,

    [timespan] $Duration = [timespan]::FromMinutes(1)
)

$ErrorActionPreference = 'Stop'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
. (Join-Path $PSScriptRoot 'tools/BuildFunctions.ps1')
Use-PlainBuildOutput

$pins = Import-PowerShellDataFile -Path (Join-Path $PSScriptRoot 'tools/BuildTools/BuildTools.psd1')
dotnet restore (Join-Path $PSScriptRoot 'tools/BuildTools/BuildTools.proj') --verbosity quiet `
    "-p:InvokeBuildVersion=$($pins.InvokeBuild)" "-p:PesterVersion=$($pins.Pester)"
if ($LASTEXITCODE -ne 0) {
    throw "Restoring the build tools (Invoke-Build $($pins.InvokeBuild), Pester $($pins.Pester)) from NuGet failed."
}

$packages = (dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
Import-Module -Name (Join-Path $packages "invoke-build/$($pins.InvokeBuild)/tools/InvokeBuild.psd1")

$summary = Join-Path $PSScriptRoot 'out/test-results/summary.txt'
Remove-Item -Path $summary -ErrorAction Ignore
try {
    Invoke-Build -Task $Task -File (Join-Path $PSScriptRoot 'tools/MapiProfileTools.build.ps1') `
        -Configuration $Configuration -FuzzTarget $Target -FuzzDuration $Duration `
        -PesterModule (Join-Path $packages "pester/$($pins.Pester)/tools/Pester.psd1")
}
finally {
    # Test lanes' counts, with the closing 'N passed, N failed' line last of all the output.
    if (Test-Path -Path $summary) {
        Get-Content -Path $summary | Write-Host
    }
}
