<#
.SYNOPSIS
    Fuzzes each target of the harness under afl-fuzz for a while, checks what it found and reports the figures.
.DESCRIPTION
    Called by the build's Fuzz task (and, with a short duration, by the Test task's smoke); runnable by hand
    against a built and instrumented harness (tests/Fuzz/README.md). Per target, afl-fuzz starts from the
    committed corpus tests/Fuzz/corpus/<target> and runs until -Duration or -Executions is reached. Then
    every input afl-fuzz saved as a crash or a hang is replayed outside afl-fuzz (harness --replay): a
    crash is a finding; a hang is a finding when the replay also runs over 1 s (on a loaded machine
    afl-fuzz's timer also counts time the harness did not get a core). Findings are copied to
    <OutputPath>/findings/<target>. Returns one object per target; with -ResultFile also writes them as JSON.
#>
[CmdletBinding()]
param(
    # The built harness, its core assembly instrumented by sharpfuzz.
    [Parameter(Mandatory)] [string] $HarnessPath,
    # Where afl-fuzz works and findings are kept (out/fuzz by default in the build).
    [Parameter(Mandatory)] [string] $OutputPath,
    # Targets to run; all targets with a corpus folder by default.
    [string[]] $Target,
    [timespan] $Duration = [timespan]::FromSeconds(10),
    # Stop a target after about this many executions (0: only the duration bounds it).
    [long] $Executions = 0,
    [string] $ResultFile
)

$ErrorActionPreference = 'Stop'
$corpusRoot = Join-Path $PSScriptRoot 'corpus'
$all = @(Get-ChildItem -Path $corpusRoot -Directory | ForEach-Object Name | Sort-Object)
# 'a,b' arrives as one string through pwsh -File: take it as two names.
$Target = @($Target | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
if (-not $Target) {
    $Target = $all
}
$unknown = @($Target | Where-Object { $_ -notin $all })
if ($unknown) {
    throw "No fuzzing target named $($unknown -join ', '); the targets are $($all -join ', ')."
}

$dotnet = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
$harness = (Resolve-Path -LiteralPath $HarnessPath).Path
# afl-fuzz settings for a .NET target on a shared machine: the target is 'dotnet', which afl-fuzz cannot
# check for instrumentation; no TTY for the status screen; no CPU pinning or frequency checks (other
# processes own the cores); a core_pattern that pipes to a crash reporter only delays crash detection.
$aflEnvironment = @{
    AFL_SKIP_BIN_CHECK                    = '1'
    AFL_NO_UI                             = '1'
    AFL_NO_AFFINITY                       = '1'
    AFL_SKIP_CPUFREQ                      = '1'
    AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES = '1'
    AFL_AUTORESUME                        = '1'
    # The runtime starts and compiles the readers before the fork server answers; slow under load.
    AFL_FORKSRV_INIT_TMOUT                = '60000'
    DOTNET_CLI_TELEMETRY_OPTOUT           = '1'
}

function Read-FuzzerStats {
    param([string] $Path)
    $stats = @{}
    if (Test-Path -LiteralPath $Path) {
        foreach ($line in Get-Content -LiteralPath $Path) {
            if ($line -match '^\s*(\w+)\s*:\s*(.*)$') {
                $stats[$Matches[1]] = $Matches[2].Trim()
            }
        }
    }
    $stats
}

$results = foreach ($name in $Target) {
    $work = Join-Path $OutputPath "runs/$name"
    $found = Join-Path $OutputPath "findings/$name"
    Remove-Item -LiteralPath $work, $found -Recurse -Force -ErrorAction Ignore
    $null = New-Item -ItemType Directory -Path $work, $found -Force
    $log = Join-Path $OutputPath "runs/$name.log"

    $seconds = [math]::Max(1, [int][math]::Ceiling($Duration.TotalSeconds))
    $arguments = @('-i', (Join-Path $corpusRoot $name), '-o', $work, '-t', '1000', '-V', $seconds)
    # The format's signatures and magic numbers: afl-fuzz rarely guesses four bytes at once.
    $dictionary = Join-Path $PSScriptRoot "dictionaries/$name.dict"
    if (Test-Path -LiteralPath $dictionary) {
        $arguments += '-x', $dictionary
    }
    if ($Executions -gt 0) {
        $arguments += '-E', $Executions
    }
    $arguments += '--', $dotnet, $harness, $name

    Write-Host "fuzz: $name for up to $Duration$(if ($Executions) { " or $Executions executions" })"
    $previous = @{}
    foreach ($key in $aflEnvironment.Keys) {
        $previous[$key] = [Environment]::GetEnvironmentVariable($key)
        [Environment]::SetEnvironmentVariable($key, $aflEnvironment[$key])
    }
    try {
        # timeout: afl-fuzz stops itself at -V; this only ends one that never got going (a stuck fork server).
        & timeout --kill-after=10 ($seconds + 120) afl-fuzz @arguments *> $log
        $exitCode = $LASTEXITCODE
    }
    finally {
        foreach ($key in $previous.Keys) {
            [Environment]::SetEnvironmentVariable($key, $previous[$key])
        }
    }

    $stats = Read-FuzzerStats -Path (Join-Path $work 'default/fuzzer_stats')
    $problems = [Collections.Generic.List[string]]::new()
    if ($exitCode -ne 0 -or -not $stats['execs_done']) {
        $problems.Add("afl-fuzz did not complete (exit code $exitCode); its output is in $log")
    }

    foreach ($kind in 'crash', 'hang') {
        $folder = @{ crash = 'crashes'; hang = 'hangs' }[$kind]
        $saved = @(Get-ChildItem -Path (Join-Path $work "default/$folder") -Filter 'id*' -File -ErrorAction Ignore)
        foreach ($file in $saved) {
            $replay = & timeout --kill-after=5 60 $dotnet $harness $name --replay $file.FullName 2>&1 | Out-String
            $reproduced = $LASTEXITCODE -ne 0
            if ($kind -eq 'hang' -and -not $reproduced) {
                Write-Host "fuzz: $name`: an input timed out under afl-fuzz but read in time on replay (machine load): $($replay.Trim())"
                continue
            }
            $copy = Join-Path $found ("{0}-{1}" -f $kind, $file.Name.Substring(0, 9).Replace(':', '-'))
            Copy-Item -LiteralPath $file.FullName -Destination $copy
            $problems.Add("$kind`: $copy`n$($replay.Trim())")
        }
    }

    [pscustomobject]@{
        Target           = $name
        Executions       = [long]($stats['execs_done'] ?? 0)
        ExecsPerSecond   = [double]($stats['execs_per_sec'] ?? 0)
        Edges            = [int]($stats['edges_found'] ?? 0)
        CorpusCount      = [int]($stats['corpus_count'] ?? 0)
        SavedCrashes     = [int]($stats['saved_crashes'] ?? 0)
        SavedHangs       = [int]($stats['saved_hangs'] ?? 0)
        RunSeconds       = [int]($stats['run_time'] ?? 0)
        Findings         = @($problems)
        Passed           = $problems.Count -eq 0
    }
}

foreach ($result in $results) {
    $verdict = if ($result.Passed) { 'no finding' } else { "$($result.Findings.Count) finding(s)" }
    Write-Host ('fuzz: {0}: {1:n0} executions in {2} s ({3:n0}/s), {4} edges, {5}' -f $result.Target, $result.Executions,
        $result.RunSeconds, $result.ExecsPerSecond, $result.Edges, $verdict)
    foreach ($problem in $result.Findings) {
        Write-Host "  $problem"
    }
}
if ($ResultFile) {
    $null = New-Item -ItemType Directory -Path (Split-Path -Path $ResultFile -Parent) -Force
    ConvertTo-Json -InputObject @($results) -Depth 4 | Set-Content -Path $ResultFile
}
$results
