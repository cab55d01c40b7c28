<#
.SYNOPSIS
    The KB 817375 diagnosis end to end on the bundled sample evidence (build.ps1 -Task Demo): no Exchange,
    no Windows needed.
.DESCRIPTION
    Starts a stand-in "backup agent" (a pwsh process that maps samples/dll/before-fix/MAPI32.DLL, an
    affected build), then runs the module's cmdlets as an admin would: which processes have Mapi32.dll
    loaded, which build it is, what the System Attendant's profiles look like in a healthy and in an
    emptied DEFAULT hive, the health verdicts, and what the workaround would do; then the offline case: a
    Windows 2000 server's folder (samples/server/WINNT) read with -SystemRoot, on any OS. Stops the agent at the end.
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
$healthyHive = Join-Path $PSScriptRoot 'hives/healthy/DEFAULT'
$emptiedHive = Join-Path $PSScriptRoot 'hives/emptied/DEFAULT'
$oldDll = Join-Path $PSScriptRoot 'dll/before-fix/MAPI32.DLL'

function Show-Step([string] $Text, [string] $Command) {
    Write-Host ''
    Write-Host "== $Text" -ForegroundColor Cyan
    if ($Command) {
        Write-Host "PS> $Command"
    }
}

function Show([object[]] $Objects) {
    $Objects | Out-String -Width 160 | Write-Host
}

# The stand-in backup agent: a real process that keeps the affected Mapi32.dll mapped, as a MAPI program would.
$work = Join-Path ([IO.Path]::GetTempPath()) ('mapi-demo-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $work
$agent = $null
try {
    $ready = Join-Path $work 'ready'
    $agentScript = Join-Path $work 'backup-agent.ps1'
    @(
        "`$map = [IO.MemoryMappedFiles.MemoryMappedFile]::CreateFromFile('$oldDll', 'Open', [NullString]::Value, 0, 'Read')"
        "`$view = `$map.CreateViewAccessor(0, 0, 'Read')"
        "Set-Content -Path '$ready' -Value 1"
        'Start-Sleep -Seconds 600'
    ) | Set-Content -Path $agentScript
    $self = (Get-Process -Id $PID).Path
    $arguments = @(if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' }) + @('-NoProfile', '-NonInteractive', '-File', $agentScript)
    $agent = Start-Process -FilePath $self -ArgumentList $arguments -PassThru
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Test-Path $ready)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw 'The stand-in backup agent did not start.' }
        Start-Sleep -Milliseconds 100
    }
    Write-Host "Started a stand-in backup agent (process $($agent.Id)) that has samples/dll/before-fix/MAPI32.DLL (6.0.6447.9) loaded."

    Show-Step 'Which processes have Mapi32.dll loaded? (tlist -m mapi32.dll)' 'Get-MapiLoadedProcess'
    $loaded = @(Get-MapiLoadedProcess -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
    Show $loaded

    Show-Step 'Which build is each loaded copy?' 'Get-MapiLoadedProcess | Test-MapiDllVersion'
    Show ($loaded | Test-MapiDllVersion)

    Show-Step 'And the copies on disk?' 'Get-ChildItem samples/dll -Filter MAPI32.DLL -Recurse | Test-MapiDllVersion'
    Show (Get-ChildItem -Path (Join-Path $PSScriptRoot 'dll') -Filter MAPI32.DLL -Recurse | Test-MapiDllVersion)

    Show-Step "The System Attendant's profiles in a copy of a healthy server's DEFAULT hive" 'Get-MessagingProfile -HivePath samples/hives/healthy/DEFAULT'
    Show (Get-MessagingProfile -HivePath $healthyHive)

    Show-Step '... and in the DEFAULT hive of a server after the damage' 'Get-MessagingProfile -HivePath samples/hives/emptied/DEFAULT'
    Show (Get-MessagingProfile -HivePath $emptiedHive)

    Show-Step 'The verdicts' 'Get-MapiProfileHealth -HivePath <hive> -DllPath samples/dll/*/MAPI32.DLL'
    $reports = foreach ($hive in $healthyHive, $emptiedHive) {
        Get-MapiProfileHealth -HivePath $hive -DllPath (Join-Path $PSScriptRoot 'dll/*/MAPI32.DLL')
    }
    Show ($reports | Select-Object @{ n = 'Hive'; e = { Split-Path (Split-Path $_.ProfileSource -Parent) -Leaf } }, Status, ProfileCount, NeedsRestart, NeedsHotfix, Recommendation | Format-List)
    Write-Host 'Not checked here:'
    $reports[0].NotChecked | ForEach-Object { Write-Host "  - $_" }

    Show-Step 'The workaround, where a report says NeedsRestart (on the Exchange server itself)' 'Get-MapiProfileHealth | Where-Object NeedsRestart | Restart-SystemAttendant -PassThru'
    if ($IsWindows -and (Get-Service -Name MSExchangeSA -ErrorAction Ignore)) {
        $reports | Where-Object NeedsRestart | Select-Object -First 1 | Restart-SystemAttendant -WhatIf
    }
    else {
        # No Exchange here: show the plan Restart-SystemAttendant makes, on a simulated Exchange 2000 service table.
        Write-Host 'This machine has no System Attendant. On a typical Exchange 2000 server (simulated here), the restart would:'
        $simulated = [MapiProfileTools.Core.Services.Simulation.SimulatedServiceControl]::CreateExchangeServer()
        [MapiProfileTools.Core.Services.ServiceRestartPlan]::Create($simulated, 'MSExchangeSA').Describe() | ForEach-Object { Write-Host "  $_" }
        Write-Host "Every wait is bounded by -Timeout (10 minutes by default); on any failure everything that ran is started again."
    }

    Show-Step 'Back up the profiles first: every key and value, byte for byte, in a file regedit /s imports' 'Get-MessagingProfile -HivePath samples/hives/healthy/DEFAULT | Export-MessagingProfile -Path profiles.reg -PassThru'
    $backup = Get-MessagingProfile -HivePath $healthyHive | Export-MessagingProfile -Path (Join-Path $work 'profiles.reg') -PassThru
    Show ($backup | Select-Object Name, Length)
    $lines = [IO.File]::ReadAllLines($backup.FullName)
    # The parent keys (Software down to Profiles) come first; show the header, then from the Profiles key on.
    $profilesLine = [Array]::FindIndex($lines, [Predicate[string]] { param($line) $line.EndsWith('\Profiles]') })
    Write-Host "From its $($lines.Count) lines (UTF-16LE, as regedit writes them):"
    @($lines[0], '...') + $lines[$profilesLine..($profilesLine + 14)] | ForEach-Object { Write-Host "  $_" }
    Write-Host 'The restart re-creates only the System Attendant''s own profiles. After it, on the server, the others come back from the file'
    Write-Host '(regedit /s profiles.reg) or from an older copy of the hive, all or nothing, an existing profile only with -Force:'
    Write-Host "  PS> Get-MessagingProfile -HivePath <older DEFAULT> | Where-Object Name -notlike 'MSExchange*' | Restore-MessagingProfile -PassThru"

    # The offline case: a Windows 2000 server cannot run PowerShell, so its folder is read here, on any OS.
    $server = Join-Path $PSScriptRoot 'server/WINNT'
    Show-Step "An Exchange 2000 server's own folder (a restored backup of C:\WINNT), read offline" 'Get-MapiProfileHealth -SystemRoot samples/server/WINNT | Format-List'
    $offline = Get-MapiProfileHealth -SystemRoot $server
    Show ($offline | Format-List ComputerName, Status, ProfileCount, DependentServices, ExchangeVersion, ExchangeServicePack, RecentEventCount, LastEventTime, NeedsRestart, NeedsHotfix, Recommendation)
    Write-Host 'Read from:'
    $offline.Source | ForEach-Object { Write-Host "  - $($_.Substring($PSScriptRoot.Length + 1))" }
    Write-Host 'Not checked (files cannot show it):'
    $offline.NotChecked | ForEach-Object { Write-Host "  - $_" }

    Show-Step "Why the hive's .LOG matters: the primary file alone still shows the profile" 'Get-MessagingProfile -HivePath <copy of default without default.LOG>'
    $alone = Join-Path $work 'default'
    Copy-Item -LiteralPath (Join-Path $server 'system32/config/default') -Destination $alone
    Show (Get-MessagingProfile -HivePath $alone -WarningAction SilentlyContinue -WarningVariable stale)
    $stale | ForEach-Object { Write-Host "WARNING: $_" }
    Write-Host 'With default.LOG beside it (as -SystemRoot reads it), the log is replayed in memory and the profile is gone.'

    Show-Step 'The restart runs on the server itself: an offline report is refused' 'Get-MapiProfileHealth -SystemRoot samples/server/WINNT | Restart-SystemAttendant'
    $null = $offline | Restart-SystemAttendant -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable refused
    $refused | ForEach-Object { Write-Host "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }

    Show-Step 'Verdict' ''
    $affected = @($loaded | Test-MapiDllVersion | Where-Object IsAffected)
    Write-Host "$($affected.Count) running process(es) have a Mapi32.dll older than 6.0.6448.0 loaded; the emptied hive needs the System Attendant restarted; install Mapi32.dll 6.0.6448.0 or later (KB 824282) to stop it happening again."
}
finally {
    if ($agent) { $agent | Stop-Process -Force -ErrorAction Ignore }
    Remove-Item -Path $work -Recurse -Force -ErrorAction Ignore
}
