<#
.SYNOPSIS
    Benchmark: a full Get-MapiLoadedProcess scan of at least 1,000 processes, side by side with the
    Get-Process idiom, a plain PowerShell loop over /proc/*/maps, and grep -l as a whole process (the floor).
.DESCRIPTION
    Linux only. Starts the extra processes itself (sleep), plus one that maps a mapi32.dll so every
    method has something to find, measures each method in the same session with the order rotated
    between repetitions, prints medians and ratios, and stops what it started.
    Run after `build.ps1 -Task Build`:
        dotnet pwsh ./bench/ProcessScan/Measure-ProcessScan.ps1
#>
[CmdletBinding()]
param(
    [int] $ProcessCount = 1000,
    [int] $Repetitions = 7,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/MapiProfileTools')
)

$ErrorActionPreference = 'Stop'
if (-not $IsLinux) { throw 'This benchmark reads /proc: run it on Linux.' }
Import-Module -Name (Join-Path $ModulePath 'MapiProfileTools.psd1') -Force

$work = Join-Path ([IO.Path]::GetTempPath()) ('mapi-bench-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $work
$dll = Join-Path $work 'mapi32.dll'
Copy-Item -Path (Join-Path $PSScriptRoot '../../samples/dll/before-fix/MAPI32.DLL') -Destination $dll
$started = @()
try {
    $sleepers = Join-Path $work 'sleepers.sh'
    Set-Content -Path $sleepers -Value "for i in `$(seq $ProcessCount); do sleep 600 & done; wait"
    $started += Start-Process -FilePath bash -ArgumentList $sleepers -PassThru
    # The process to find: a pwsh that maps a mapi32.dll read-only, as a MAPI program would map it.
    $mapper = Join-Path $work 'mapper.ps1'
    Set-Content -Path $mapper -Value @"
`$map = [IO.MemoryMappedFiles.MemoryMappedFile]::CreateFromFile('$dll', 'Open', [NullString]::Value, 0, 'Read')
`$view = `$map.CreateViewAccessor(0, 0, 'Read')
Set-Content -Path '$work/ready' -Value 1
Start-Sleep -Seconds 600
"@
    $self = (Get-Process -Id $PID).Path
    $arguments = @(if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' }) + @('-NoProfile', '-File', $mapper)
    $started += Start-Process -FilePath $self -ArgumentList $arguments -PassThru
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ((@(Get-ChildItem /proc -Directory | Where-Object Name -Match '^\d+$').Count -lt $ProcessCount -or -not (Test-Path "$work/ready")) -and [DateTime]::UtcNow -lt $deadline) {
        Start-Sleep -Milliseconds 200
    }
    $total = @(Get-ChildItem /proc -Directory | Where-Object Name -Match '^\d+$').Count

    $methods = [ordered]@{
        'Get-MapiLoadedProcess'        = { @(Get-MapiLoadedProcess -ErrorAction SilentlyContinue -WarningAction SilentlyContinue).Count }
        'idiom: Get-Process .Modules'  = { @(Get-Process | Where-Object { $_.Modules.ModuleName -contains 'mapi32.dll' } -ErrorAction SilentlyContinue).Count }
        'PowerShell loop over maps'    = {
            $n = 0
            foreach ($entry in [IO.Directory]::EnumerateDirectories('/proc')) {
                try { if ([IO.File]::ReadAllText("$entry/maps") -match '/mapi32\.dll$|/mapi32\.dll\s') { $n++ } } catch { }
            }
            $n
        }
        # The shell expands the glob, as an admin would type it; the time includes starting bash and grep.
        'floor: grep -l (whole process)' = { @(& bash -c 'grep -l -i -s mapi32.dll /proc/[0-9]*/maps').Count }
    }

    $found = @{}
    foreach ($name in $methods.Keys) { $found[$name] = & $methods[$name] }  # warm-up, and what each finds
    $samples = @{}
    foreach ($name in $methods.Keys) { $samples[$name] = [Collections.Generic.List[double]]::new() }
    $names = @($methods.Keys)
    for ($rep = 0; $rep -lt $Repetitions; $rep++) {
        for ($k = 0; $k -lt $names.Count; $k++) {
            $name = $names[($k + $rep) % $names.Count]
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $null = & $methods[$name]
            $samples[$name].Add($clock.Elapsed.TotalMilliseconds)
        }
    }

    $median = { param($list) $sorted = $list | Sort-Object; $sorted[[int][Math]::Floor($sorted.Count / 2)] }
    $floor = & $median $samples['floor: grep -l (whole process)']
    $idiom = & $median $samples['idiom: Get-Process .Modules']
    "Processes: $total (of which $ProcessCount started by the benchmark); $Repetitions repetitions, medians."
    foreach ($name in $names) {
        $m = & $median $samples[$name]
        '{0,-32} {1,8:N1} ms   x floor {2,5:N2}   idiom / this {3,6:N1}   found {4}' -f $name, $m, ($m / $floor), ($idiom / $m), $found[$name]
    }
}
finally {
    $started | Stop-Process -Force -ErrorAction Ignore
    & pkill -f 'sleep 600' 2>$null
    Remove-Item -Path $work -Recurse -Force -ErrorAction Ignore
}
