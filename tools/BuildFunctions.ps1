# Helpers for the Invoke-Build tasks in MapiProfileTools.build.ps1.

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
        [switch] $Required
    )

    $missing = { @($Command | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction Ignore) }) }
    if ((& $missing).Count -eq 0) {
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

    $still = & $missing
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
