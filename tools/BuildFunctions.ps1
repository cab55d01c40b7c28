# Helpers for the Invoke-Build tasks in MapiProfileTools.build.ps1.

function Use-PlainBuildOutput {
    <#
    .SYNOPSIS
        Invoke-Build colours its lines with ANSI codes unless PSStyle says plain text (it looks once, when
        it starts): logs, CI output and files redirected from the build get plain text, and so does anyone
        who sets NO_COLOR (no-color.org).
    #>
    if ($PSVersionTable.PSVersion -ge [version]'7.2' -and ([Console]::IsOutputRedirected -or $env:NO_COLOR)) {
        $PSStyle.OutputRendering = 'PlainText'
    }
}

function Install-Prerequisite {
    <#
    .SYNOPSIS
        Makes sure the commands exist, installing the Debian packages when running as root with apt.
        Returns $true when they are there; throws when -Required and they cannot be had.
    #>
    param(
        [string[]] $Command,
        [string[]] $DebianPackage,
        [string] $Purpose,
        [switch] $Required,
        # A check beyond the commands on PATH (for a program kept off PATH): returns what is missing, if anything.
        [scriptblock] $FindMissing
    )

    $missing = {
        @($Command | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction Ignore) })
        if ($FindMissing) { & $FindMissing }
    }
    if (@(& $missing).Count -eq 0) {
        return $true
    }

    $canApt = $IsLinux -and (Get-Command apt-get -ErrorAction Ignore) -and ((id -u) -eq '0')
    if ($canApt) {
        print Cyan "Installing $($DebianPackage -join ', ') for $Purpose"
        if (-not $script:AptUpdated) {
            $null = apt-get update -qq 2>&1
            $script:AptUpdated = $true
        }
        $log = apt-get install -y -qq --no-install-recommends @DebianPackage 2>&1
        if ($LASTEXITCODE -ne 0) {
            print Yellow ($log | Out-String)
        }
    }

    $still = @(& $missing)
    if ($still.Count -eq 0) {
        return $true
    }

    $message = "$($still -join ', ') not found: needed for $Purpose. Install the Debian package(s) $($DebianPackage -join ', ')."
    if ($Required) {
        throw "$message (CI=true: a missing prerequisite fails the run.)"
    }
    print Yellow "$message The tests that need it are skipped."
    return $false
}

function Read-TrxCounts {
    <# .SYNOPSIS Passed/failed/skipped counts from a Visual Studio test results (.trx) file. #>
    param([string] $Path)

    if (-not (Test-Path -Path $Path)) {
        throw "The test run wrote no results file at $Path (did the test project build?)."
    }
    $counters = ([xml](Get-Content -Path $Path -Raw)).TestRun.ResultSummary.Counters
    @{
        Passed  = [int]$counters.passed
        Failed  = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        Skipped = [int]$counters.notExecuted
    }
}

# --- The Windows lane under Wine (README, "The Windows lane") -----------------------------------------

function Get-WineLoader {
    <#
    .SYNOPSIS
        Full path of Wine's 64-bit loader, or $null. Debian keeps it off PATH (/usr/lib/wine/wine64, behind
        the `wine` wrapper script, which warns on every call that wine32 is missing).
    #>
    $onPath = Get-Command -Name wine64 -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if ($onPath) {
        return $onPath.Source
    }
    foreach ($candidate in '/usr/lib/wine/wine64', '/usr/lib64/wine/wine64', '/opt/wine-stable/bin/wine64') {
        if (Test-Path -LiteralPath $candidate -PathType Leaf) {
            return $candidate
        }
    }
    return $null
}

function ConvertTo-WinePath {
    <#
    .SYNOPSIS
        The Windows path a Wine program sees for a Linux path: every prefix maps the Linux root to Z:.
    #>
    param([Parameter(Mandatory, ValueFromPipeline)] [string] $Path)
    process {
        'Z:' + [IO.Path]::GetFullPath($Path).Replace('/', '\')
    }
}

function Set-WineEnvironment {
    <#
    .SYNOPSIS
        Points Wine at the prefix and sets the variables every Wine call of the lane needs; returns the
        previous values for Restore-Environment.
    #>
    param(
        [Parameter(Mandatory)] [string] $Prefix,
        [hashtable] $Extra = @{}
    )
    $values = @{
        WINEPREFIX       = $Prefix
        WINEARCH         = 'win64'
        WINEDEBUG        = '-all'
        # No display: Wine would open windows (wineboot's progress, winecfg) on one.
        DISPLAY          = $null
        WAYLAND_DISPLAY  = $null
        # Only wineboot may skip mscoree (no Mono install prompt); at run time it breaks assembly loading.
        WINEDLLOVERRIDES = $null
        # Wine 8 corrupts .NET's double-mapped (write-xor-execute) code memory: without this, the runtime
        # dies with "Internal CLR error (0x80131506)" when the GC finalizes a dynamic method, which
        # PowerShell makes many of.
        DOTNET_EnableWriteXorExecute = '0'
    } + $Extra
    $previous = @{}
    foreach ($name in $values.Keys) {
        $previous[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $values[$name])
    }
    return $previous
}

function Restore-Environment {
    param([Parameter(Mandatory)] [hashtable] $Previous)
    foreach ($name in $Previous.Keys) {
        [Environment]::SetEnvironmentVariable($name, $Previous[$name])
    }
}

function Invoke-Detached {
    <#
    .SYNOPSIS
        Runs a command with its standard streams in a log file, not in a pipe to this process, and throws
        with the log when it fails. Wine starts its own long-lived processes (services.exe, winedevice,
        the services under test) from the first program it runs in a prefix; they inherit that program's
        streams, and a pipe they hold open would keep PowerShell waiting after the program has exited.
    #>
    param(
        [Parameter(Mandatory)] [string] $Log,
        [Parameter(Mandatory)] [string[]] $Command
    )
    & /bin/sh -c 'log=$1; shift; exec "$@" </dev/null >>"$log" 2>&1' sh $Log @Command
    if ($LASTEXITCODE -ne 0) {
        throw "'$($Command -join ' ')' failed (exit code $LASTEXITCODE). Its output:`n$(Get-Content -Path $Log -Raw -ErrorAction Ignore)"
    }
}

function Initialize-WinePrefix {
    <#
    .SYNOPSIS
        Makes the Wine prefix at -Path (64-bit, Windows 10), or reuses it when a previous run completed it
        with the same Wine version. Expects Set-WineEnvironment to have pointed Wine at -Path.
    #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $Wine64
    )
    $marker = Join-Path $Path '.mapiprofiletools-prefix'
    $version = (& $Wine64 --version | Out-String).Trim()
    if ((Test-Path -LiteralPath $marker) -and (Get-Content -LiteralPath $marker -Raw).Trim() -eq $version) {
        print Cyan "Reusing the Wine prefix ($version) at $Path"
        return
    }

    # Half-made (an interrupted run) or from another Wine version: start again.
    if (Test-Path -LiteralPath $Path) {
        $null = & wineserver -k 2>&1
        Remove-Item -LiteralPath $Path -Recurse -Force
    }
    $null = New-Item -ItemType Directory -Path (Split-Path -Path $Path -Parent) -Force
    $log = "$Path.log"
    Set-Content -Path $log -Value "Wine prefix $Path, $version"
    print Cyan "Creating the Wine prefix ($version) at $Path"
    $overrides = $env:WINEDLLOVERRIDES
    try {
        # No Mono or Gecko installers: the lane's program brings its own .NET.
        $env:WINEDLLOVERRIDES = 'mscoree,mshtml='
        Invoke-Detached -Log $log -Command $Wine64, 'wineboot', '-i'
        Invoke-Detached -Log $log -Command wineserver, '-w'
    }
    finally {
        $env:WINEDLLOVERRIDES = $overrides
    }
    Invoke-Detached -Log $log -Command $Wine64, 'winecfg', '-v', 'win10'
    Invoke-Detached -Log $log -Command wineserver, '-w'
    Set-Content -LiteralPath $marker -Value $version
}

function Invoke-WineProgram {
    <#
    .SYNOPSIS
        Runs a Windows program under Wine with an overall time limit, shows its output as it comes and
        keeps it in -Log; returns the exit code (124 when the time limit ended it).
    .DESCRIPTION
        The program writes to the log file, and `tail --pid` copies the file here until the program has
        exited, so a process the program left behind (a service, a helper) cannot hold this task's
        output pipe open.
    #>
    param(
        [Parameter(Mandatory)] [string] $Log,
        [Parameter(Mandatory)] [int] $TimeoutSeconds,
        [Parameter(Mandatory)] [string[]] $Command
    )
    $script = @'
log=$1; limit=$2; shift 2
: >"$log"
timeout --kill-after=15 "$limit" "$@" </dev/null >>"$log" 2>&1 &
pid=$!
tail -n +1 -f --pid="$pid" "$log"
wait "$pid"
'@
    & /bin/sh -c $script sh $Log $TimeoutSeconds @Command | Write-Host
    return $LASTEXITCODE
}
