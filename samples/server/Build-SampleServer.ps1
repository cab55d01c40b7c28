<#
.SYNOPSIS
    Rebuilds the sample Exchange 2000 server folder (samples/server) with the project's fixture writers.
.DESCRIPTION
    Writes, under samples/server, what Get-MapiProfileHealth -SystemRoot reads from a server's disk:

      WINNT/system32/config/default, default.LOG  a DEFAULT hive left dirty by a server that stopped mid-write:
                                                  the primary still holds the System Attendant's profile
                                                  (samples/hives/healthy.reg), its Windows 2000 .LOG holds the
                                                  latest state, where the profile was deleted (profiles-deleted.reg)
                                                  - tests/fixtures/HiveLogWriter over two hivex-written versions
      WINNT/system32/config/system                computer name EX2000, MSExchangeSA and its dependents
                                                  (tests/fixtures/hives/server-system.reg, by hivexregedit)
      WINNT/system32/config/software              the server's %SystemRoot% (software.reg, by hivexregedit)
      WINNT/system32/config/AppEvent.Evt          the Application log with three 9202 events among others
                                                  (AppEvent.json, by tests/fixtures/EvtWriter)
      WINNT/system32/mapi32.dll                   Mapi32.dll 6.0.6447.9, one build before the fix
      Program Files/Exchsrvr/bin/mad.exe          the System Attendant's image, Exchange 2000 SP2 (6.0.5762.0)
                                                  (both by mingw-w64 from tests/fixtures/pe/*.rc)

    Needs hivexregedit (libwin-hivex-perl), mingw-w64 binutils and the .NET SDK; the files are committed, so
    the demo and the specs need none of them.
#>
[CmdletBinding()]
param(
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
$here = $PSScriptRoot
$repo = (Resolve-Path (Join-Path $here '../..')).ProviderPath
$fixtures = Join-Path $repo 'tests/fixtures'
. (Join-Path $fixtures 'FixtureTools.ps1')

$work = Join-Path ([IO.Path]::GetTempPath()) ('mapi-sample-server-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $work
try {
    $config = Join-Path $here 'WINNT/system32/config'
    $bin = Join-Path $here 'Program Files/Exchsrvr/bin'
    Remove-Item -LiteralPath (Join-Path $here 'WINNT'), (Join-Path $here 'Program Files') -Recurse -Force -ErrorAction Ignore
    $null = New-Item -ItemType Directory -Path $config, $bin -Force

    function New-Hive([string] $Path, [string] $Prefix, [string[]] $RegFiles, [string] $From) {
        if ($From) {
            Copy-Item -LiteralPath $From -Destination $Path
        }
        else {
            # Minor version 3: the format Windows 2000 writes.
            $null = & (Join-Path $fixtures 'hives/New-EmptyHive.ps1') -Path $Path -MinorVersion 3
        }
        foreach ($reg in $RegFiles) {
            Invoke-Tool 'hivexregedit' @('--merge', '--prefix', $Prefix, $Path, $reg)
        }
    }

    # DEFAULT: the stale primary (profiles there) and the true state (profile deleted) -> dirty hive + .LOG.
    $healthy = Join-Path $work 'healthy.hive'
    $deleted = Join-Path $work 'deleted.hive'
    New-Hive $healthy 'HKEY_USERS\.DEFAULT' @(Join-Path $repo 'samples/hives/healthy.reg')
    New-Hive $deleted 'HKEY_USERS\.DEFAULT' @(Join-Path $here 'profiles-deleted.reg') -From $healthy
    $writerOut = Join-Path $work 'HiveLogWriter'
    $build = dotnet build (Join-Path $fixtures 'HiveLogWriter/HiveLogWriter.csproj') -c $Configuration -o $writerOut --nologo --verbosity quiet 2>&1
    if ($LASTEXITCODE -ne 0) { throw "HiveLogWriter did not build: $build" }
    Invoke-Tool 'dotnet' @((Join-Path $writerOut 'HiveLogWriter.dll'), '--format', 'old2', '--stale', $healthy, '--state', $deleted,
        '--out', $config, '--name', 'default', '--log-name', 'default.LOG')

    # SYSTEM and SOFTWARE.
    New-Hive (Join-Path $config 'system') 'HKEY_LOCAL_MACHINE\SYSTEM' @(Join-Path $fixtures 'hives/server-system.reg')
    New-Hive (Join-Path $config 'software') 'HKEY_LOCAL_MACHINE\SOFTWARE' @(Join-Path $here 'software.reg')

    # AppEvent.Evt.
    $evtOut = Join-Path $work 'EvtWriter'
    $build = dotnet build (Join-Path $fixtures 'EvtWriter/EvtWriter.csproj') -c $Configuration -o $evtOut --nologo --verbosity quiet 2>&1
    if ($LASTEXITCODE -ne 0) { throw "EvtWriter did not build: $build" }
    Invoke-Tool 'dotnet' @((Join-Path $evtOut 'EvtWriter.dll'), 'json', (Join-Path $here 'AppEvent.json'), (Join-Path $config 'AppEvent.Evt'))

    # PE files: a DLL with Mapi32.dll's version resource, and an executable with mad.exe's.
    function New-Pe([string] $Rc, [string] $Out, [switch] $Executable) {
        $object = Join-Path $work ([IO.Path]::GetFileNameWithoutExtension($Rc) + '.o')
        Invoke-Tool 'i686-w64-mingw32-windres' @('--preprocessor=cat', $Rc, '-O', 'coff', '-o', $object)
        $kind = if ($Executable) { @() } else { @('-shared') }
        Invoke-Tool 'i686-w64-mingw32-ld' (@($kind) + @('-e', '0', '-o', $Out, $object))
    }
    New-Pe (Join-Path $fixtures 'pe/mapi32-6.0.6447.9.rc') (Join-Path $here 'WINNT/system32/mapi32.dll')
    New-Pe (Join-Path $fixtures 'pe/mad-6.0.5762.0.rc') (Join-Path $bin 'mad.exe') -Executable

    Get-ChildItem -LiteralPath (Join-Path $here 'WINNT'), (Join-Path $here 'Program Files') -Recurse -File
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
