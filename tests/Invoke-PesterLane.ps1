<#
.SYNOPSIS
    Runs the Pester specs in tests/Pester against a built module and writes the counts as JSON.
.DESCRIPTION
    Started in a fresh pwsh by the build's PesterTests task (and, in the Windows lane, inside the test
    host), so the module under test is loaded from the built folder and never from src/.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterModule,
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $PackagePath,
    [Parameter(Mandatory)] [string] $ResultFile,
    [string[]] $Tag
)

$ErrorActionPreference = 'Stop'
$env:MAPI_MODULE_PATH = (Resolve-Path -Path $ModulePath).Path
if ($PackagePath) {
    $env:MAPI_PACKAGE_PATH = $PackagePath
}
if ($PSVersionTable.PSVersion.Major -ge 7) {
    $PSStyle.OutputRendering = 'PlainText'
}

Import-Module -Name $PesterModule -MinimumVersion 5.0
$configuration = New-PesterConfiguration
$configuration.Run.Path = Join-Path $PSScriptRoot 'Pester'
# A developer's shortcut: MAPI_SPEC='Get-MessagingProfile*' runs only the matching spec files, in either lane.
if ($env:MAPI_SPEC) {
    $configuration.Run.Path = @(Get-ChildItem -Path (Join-Path $PSScriptRoot 'Pester') -Filter "$env:MAPI_SPEC.Tests.ps1" |
        ForEach-Object FullName)
}
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.Output.RenderMode = 'Plaintext'
if ($Tag) {
    $configuration.Filter.Tag = $Tag
}
$result = Invoke-Pester -Configuration $configuration

@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content -Path $ResultFile
