<#
.SYNOPSIS
    Times Get-MapiProfileHealth -SystemRoot on the sample server folder (samples/server/WINNT), whole command.
.DESCRIPTION
    Each run is a fresh pwsh (no profile) that imports the built module and then times, with a stopwatch:
      first  - the first Get-MapiProfileHealth -SystemRoot of the process (assemblies loaded and JIT-compiled
               on the way: what a user waits for after Import-Module);
      warm   - the same command again in that process (the reading itself).
    The whole process is timed from outside too (start, import, command, exit), beside a baseline run that
    only imports the module, so the command's share of a one-off invocation is visible. Prints medians and
    the spread (min-max) of -Runs runs.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Runs = 9
)

$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
$server = Join-Path $repo 'samples/server/WINNT'
$manifest = Join-Path (Resolve-Path $ModulePath).ProviderPath 'MapiProfileTools.psd1'
$self = (Get-Process -Id $PID).Path
$pwsh = @($self) + @(if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })

$inner = @"
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$manifest'
`$sw = [Diagnostics.Stopwatch]::StartNew()
`$r = Get-MapiProfileHealth -SystemRoot '$server'
`$first = `$sw.Elapsed.TotalMilliseconds
if (`$r.Status -ne 'ProfilesMissing' -or `$r.ComputerName -ne 'EX2000') { throw "unexpected report: `$(`$r.Status) `$(`$r.ComputerName)" }
`$sw.Restart()
`$null = Get-MapiProfileHealth -SystemRoot '$server'
'{0:F1} {1:F1}' -f `$first, `$sw.Elapsed.TotalMilliseconds
"@
$baseline = "Import-Module '$manifest'"

function Invoke-Timed([string] $Command) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $out = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $Command
    if ($LASTEXITCODE -ne 0) { throw "pwsh failed: $out" }
    [pscustomobject]@{ Wall = $sw.Elapsed.TotalMilliseconds; Output = $out }
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $n = $sorted.Count
    if ($n % 2) { $sorted[($n - 1) / 2] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

$null = Invoke-Timed $inner    # warm the disk cache and the dotnet host once
$first = @(); $warm = @(); $wall = @(); $base = @()
for ($i = 0; $i -lt $Runs; $i++) {
    $run = Invoke-Timed $inner
    $parts = ($run.Output | Select-Object -Last 1) -split ' '
    $first += [double]$parts[0]; $warm += [double]$parts[1]; $wall += $run.Wall
    $base += (Invoke-Timed $baseline).Wall
}

$rows = foreach ($m in @(
        @{ Name = 'first call in a fresh process'; Values = $first },
        @{ Name = 'warm call (same process)'; Values = $warm },
        @{ Name = 'whole pwsh run: import + command'; Values = $wall },
        @{ Name = 'baseline pwsh run: import only'; Values = $base })) {
    [pscustomobject]@{
        Measure  = $m.Name
        MedianMs = [math]::Round((Get-Median $m.Values), 1)
        MinMs    = [math]::Round(($m.Values | Measure-Object -Minimum).Minimum, 1)
        MaxMs    = [math]::Round(($m.Values | Measure-Object -Maximum).Maximum, 1)
    }
}
$rows | Format-Table -AutoSize | Out-String -Width 120
"command's share of a one-off run (median wall - median baseline): {0:F0} ms over {1} runs; {2} cores, load average {3}" -f `
    ((Get-Median $wall) - (Get-Median $base)), $Runs, [Environment]::ProcessorCount, ((Get-Content /proc/loadavg -ErrorAction Ignore) -split ' ')[0]
