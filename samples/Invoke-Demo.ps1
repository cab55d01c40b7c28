<#
.SYNOPSIS
    The KB 817375 diagnosis, run on the bundled sample evidence (build.ps1 -Task Demo).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
if ($PSVersionTable.PSVersion.Major -ge 7) {
    $PSStyle.OutputRendering = 'PlainText'
}
Import-Module -Name (Join-Path $ModulePath 'MapiProfileTools.psd1')
$samples = Join-Path $PSScriptRoot 'dll'

function Show-Step([string] $Text) {
    Write-Host ''
    Write-Host "== $Text" -ForegroundColor Cyan
}

Show-Step 'Which Mapi32.dll builds are older than 6.0.6448.0, the first with the KB 817375 fix?'
Write-Host "PS> Get-ChildItem -Path samples/dll -Filter MAPI32.DLL -Recurse | Test-MapiDllVersion"
$results = Get-ChildItem -Path $samples -Filter MAPI32.DLL -Recurse | Test-MapiDllVersion
$results | Format-Table -AutoSize | Out-String -Width 160 | Write-Host

Show-Step 'The details of an affected file'
Write-Host "PS> ... | Where-Object IsAffected | Format-List"
$results | Where-Object IsAffected | Format-List Path, FileVersion, FileVersionString, ProductVersion, MinimumVersion, IsAffected, Machine, CompanyName, FileDescription | Out-Host

Show-Step 'In a script: is every copy fixed?'
Write-Host "PS> Test-MapiDllVersion -Path samples/dll/*/MAPI32.DLL -Quiet"
$allFixed = Test-MapiDllVersion -Path (Join-Path $samples '*/MAPI32.DLL') -Quiet
Write-Host $allFixed

$affected = @($results | Where-Object IsAffected)
Show-Step 'Verdict'
if ($affected.Count -gt 0) {
    Write-Host "$($affected.Count) Mapi32.dll older than 6.0.6448.0 found. A MAPI program that impersonates another account can delete the Exchange profiles under HKEY_USERS\.DEFAULT (event 9202). Install a Mapi32.dll of 6.0.6448.0 or later; until then, restart the System Attendant with its dependent services when event 9202 appears."
}
else {
    Write-Host 'Every Mapi32.dll is at 6.0.6448.0 or later.'
}
