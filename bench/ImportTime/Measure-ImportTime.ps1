<#
.SYNOPSIS
    What Import-Module of the built module adds to a PowerShell start, and which part of the module costs what.
.DESCRIPTION
    Starts pwsh -NoProfile -NonInteractive -Command 'exit' (the baseline) and, alternating with it,
    'Import-Module <manifest>; exit' for the module as built and for three cut-down copies of it made in a
    temporary folder, so the import's cost splits into PowerShell's own and the module's parts:

      empty manifest   the shipped manifest with no RootModule, no exports and no type or format files:
                       what PowerShell charges for importing any manifest module
      assembly only    MapiProfileTools.dll and its cmdlets, no type or format data
      ps1xml only      the type and format files, no assembly
      as shipped       the built module

    One untimed round warms the disk cache; the order of the runs rotates from one repetition to the next.
    It prints the median whole-process time of each, what it adds to the baseline, the ratio, and the
    median time of Import-Module itself inside a fresh process (a Stopwatch around it), which is less
    disturbed by other load on the machine.
.PARAMETER ModulePath
    The built module folder (out/MapiProfileTools by default).
.PARAMETER Repetitions
    Runs of each kind (7 by default, as in issue 9).
.EXAMPLE
    dotnet pwsh ./bench/ImportTime/Measure-ImportTime.ps1 -Repetitions 15
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/MapiProfileTools'),
    [ValidateRange(1, 200)] [int] $Repetitions = 7
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$manifestPath = Join-Path $ModulePath 'MapiProfileTools.psd1'
if (-not (Test-Path -LiteralPath $manifestPath)) {
    throw "No MapiProfileTools.psd1 in ${ModulePath}: build the module first (dotnet pwsh ./build.ps1 -Task Build)."
}

# The same pwsh as this one: the apphost, or `dotnet pwsh.dll` when PowerShell runs as a dotnet tool.
$self = (Get-Process -Id $PID).Path
$pwsh = if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { @($self, (Join-Path $PSHOME 'pwsh.dll')) } else { @($self) }
$prefix = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command')

function Invoke-Pwsh([string] $Command) {
    $timer = [Diagnostics.Stopwatch]::StartNew()
    $output = & $pwsh[0] @prefix $Command 2>&1
    $timer.Stop()
    if ($LASTEXITCODE -ne 0) {
        throw "pwsh -Command `"$Command`" failed (exit code $LASTEXITCODE): $output"
    }
    [pscustomobject]@{ Ms = $timer.Elapsed.TotalMilliseconds; Output = @($output) }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $middle = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

function New-Variant([string] $Name, [scriptblock] $EditManifest, [string[]] $Omit = @()) {
    # A copy of the built module with its manifest cut down; the edits fail loudly if the manifest's layout changed.
    $folder = Join-Path $work $Name
    $null = New-Item -ItemType Directory -Path $folder
    Get-ChildItem -LiteralPath $ModulePath | Where-Object Name -NotIn $Omit | Copy-Item -Destination $folder -Recurse
    $text = & $EditManifest (Get-Content -LiteralPath $manifestPath -Raw)
    Set-Content -LiteralPath (Join-Path $folder 'MapiProfileTools.psd1') -Value $text
    Join-Path $folder 'MapiProfileTools.psd1'
}

function Remove-ManifestLine([string] $Text, [string] $Key) {
    $edited = $Text -replace "(?m)^\s*$Key\s*=.*$", ''
    if ($edited -eq $Text) { throw "The manifest has no single-line '$Key = ...' entry to take out." }
    $edited
}

function Clear-CmdletExport([string] $Text) {
    $edited = $Text -replace '(?s)CmdletsToExport\s*=\s*@\(.*?\)', 'CmdletsToExport = @()'
    if ($edited -eq $Text) { throw "The manifest has no 'CmdletsToExport = @(...)' list to empty." }
    $edited
}

$work = Join-Path ([IO.Path]::GetTempPath()) ('mapi-importtime-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $work
try {
    $variants = [ordered]@{
        'empty manifest' = New-Variant 'empty' {
            param($t) Clear-CmdletExport (Remove-ManifestLine (Remove-ManifestLine (Remove-ManifestLine $t 'RootModule') 'FormatsToProcess') 'TypesToProcess')
        } -Omit 'MapiProfileTools.dll', 'MapiProfileTools.Core.dll', 'MapiProfileTools.format.ps1xml', 'MapiProfileTools.types.ps1xml'
        'assembly only'  = New-Variant 'assembly' { param($t) Remove-ManifestLine (Remove-ManifestLine $t 'FormatsToProcess') 'TypesToProcess' } `
            -Omit 'MapiProfileTools.format.ps1xml', 'MapiProfileTools.types.ps1xml'
        'ps1xml only'    = New-Variant 'ps1xml' { param($t) Clear-CmdletExport (Remove-ManifestLine $t 'RootModule') } -Omit 'MapiProfileTools.dll', 'MapiProfileTools.Core.dll'
        'as shipped'     = $manifestPath
    }
    $commands = [ordered]@{ 'baseline: pwsh, exit' = 'exit' }
    $inProcess = [ordered]@{}
    foreach ($variant in $variants.GetEnumerator()) {
        $escaped = $variant.Value -replace "'", "''"
        $commands[$variant.Key] = "Import-Module -Name '$escaped'; exit"
        $inProcess[$variant.Key] = "`$t = [Diagnostics.Stopwatch]::StartNew(); Import-Module -Name '$escaped'; `$t.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)"
    }

    # Untimed: the disk cache, and a check that every variant imports.
    foreach ($command in $commands.Values) { $null = Invoke-Pwsh $command }

    $wall = @{}
    $inside = @{}
    foreach ($name in $commands.Keys) { $wall[$name] = [Collections.Generic.List[double]]::new(); $inside[$name] = [Collections.Generic.List[double]]::new() }
    $names = @($commands.Keys)
    for ($i = 0; $i -lt $Repetitions; $i++) {
        # Rotate the order, so a change in the machine's load falls on every kind alike.
        foreach ($k in 0..($names.Count - 1)) {
            $name = $names[($i + $k) % $names.Count]
            $wall[$name].Add((Invoke-Pwsh $commands[$name]).Ms)
            if ($inProcess.Contains($name)) {
                $inside[$name].Add([double]::Parse((Invoke-Pwsh $inProcess[$name]).Output[-1], [cultureinfo]::InvariantCulture))
            }
        }
    }

    $baseline = Get-Median $wall[$names[0]]
    $rows = foreach ($name in $names) {
        $median = Get-Median $wall[$name]
        [pscustomobject]@{
            Run                  = $name
            'Whole process'      = '{0:n0} ms' -f $median
            'Added'              = if ($name -eq $names[0]) { '' } else { '{0:n0} ms' -f ($median - $baseline) }
            'Ratio'              = '{0:n2}' -f ($median / $baseline)
            'Import-Module alone' = if ($inside[$name].Count) { '{0:n0} ms' -f (Get-Median $inside[$name]) } else { '' }
        }
    }

    $load = if (Test-Path -LiteralPath '/proc/loadavg') { '; load average ' + (((Get-Content -LiteralPath '/proc/loadavg') -split ' ')[0..2] -join ' ') } else { '' }
    Write-Host ('{0:yyyy-MM-dd HH:mm} UTC, {1} cores, {2}, .NET {3}, PowerShell {4}{5}; {6} runs of each, medians' -f [DateTime]::UtcNow,
        [Environment]::ProcessorCount, [Runtime.InteropServices.RuntimeInformation]::OSDescription,
        [Environment]::Version, $PSVersionTable.PSVersion, $load, $Repetitions)
    Write-Host "Module: $manifestPath"
    $rows | Format-Table -AutoSize | Out-String -Width 160 | Write-Host
    $shipped = (Get-Median $wall['as shipped']) - $baseline
    Write-Host ('Import-Module adds {0:n0} ms to a PowerShell start (target: at most 60 ms: {1}).' -f $shipped, $(if ($shipped -le 60) { 'met' } else { 'MISSED' }))
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
