# Helpers shared by the Pester specs and the build's test tasks.

function Get-PwshInvocation {
    <#
    .SYNOPSIS
        The command line that starts another pwsh like this one: the apphost where there is one, else
        `dotnet pwsh.dll` (PowerShell installed as a dotnet tool runs that way).
    #>
    $self = (Get-Process -Id $PID).Path
    if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') {
        return @($self, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($self)
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
        Runs a script block's text in a fresh pwsh (no profile) and returns its output lines, so a test can
        load a second copy of the module without clashing with the one in its own session.
    #>
    param([Parameter(Mandatory)] [string] $Command)

    $pwsh = Get-PwshInvocation
    $env:NO_COLOR = '1'
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $Command 2>&1
}

function Import-BuiltModule {
    <# .SYNOPSIS Imports the module under test from the built folder named by MAPI_MODULE_PATH. #>
    if (-not $env:MAPI_MODULE_PATH) {
        throw 'MAPI_MODULE_PATH is not set: run the Pester specs through build.ps1 -Task Test.'
    }
    # -Global: imported from inside this helper module, it would otherwise be visible only here.
    $module = Import-Module -Name (Join-Path $env:MAPI_MODULE_PATH 'MapiProfileTools.psd1') -Force -PassThru -Global
    # The core assembly loads on a cmdlet's first use; specs that reach core types directly need it now.
    Add-Type -Path (Join-Path $env:MAPI_MODULE_PATH 'MapiProfileTools.Core.dll')
    $module
}

function Get-PeFixture {
    <# .SYNOPSIS Full path of a PE fixture built at test time (see tests/fixtures/Build-PeFixtures.ps1). #>
    param([Parameter(Mandatory)] [string] $Name)
    Join-Path $env:MAPI_TEST_DATA "pe/$Name"
}

function Start-FileMapper {
    <#
    .SYNOPSIS
        Starts a pwsh child that maps each file (Read, or ReadExecute) and keeps the mappings until killed:
        a real process with a DLL mapped, as a MAPI program has Mapi32.dll. It writes the file named by
        -Ready once the mappings exist (wait with Wait-FileMapper).
    #>
    param([string[]] $Files, [string] $Access, [string] $Ready)

    $script = "$Ready.ps1"
    @(
        '$ErrorActionPreference = "Stop"'
        '$keep = @()'
        foreach ($file in $Files) {
            # [NullString]: PowerShell would pass $null to a string parameter as '', which is not "no map name".
            "`$map = [IO.MemoryMappedFiles.MemoryMappedFile]::CreateFromFile('$file', 'Open', [NullString]::Value, 0, '$Access')"
            "`$keep += `$map.CreateViewAccessor(0, 0, '$Access')"
        }
        "Set-Content -Path '$Ready' -Value 1"
        'Start-Sleep -Seconds 300'
    ) | Set-Content -Path $script
    $pwsh = Get-PwshInvocation
    Start-Process -FilePath $pwsh[0] -ArgumentList (@($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $script)) -PassThru `
        -RedirectStandardError "$Ready.err" -RedirectStandardOutput "$Ready.out"
}

function Wait-FileMapper {
    <# .SYNOPSIS Waits (60 s at most) until every mapper has written its ready file; throws with their output otherwise. #>
    param([string[]] $Ready)

    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (($missing = @($Ready | Where-Object { -not (Test-Path $_) })).Count -gt 0) {
        if ([DateTime]::UtcNow -gt $deadline) {
            throw "mapper processes did not start: $missing`n" + (($missing | ForEach-Object { Get-Content -Raw -Path "$_.err", "$_.out" -ErrorAction Ignore }) -join "`n")
        }
        Start-Sleep -Milliseconds 100
    }
}

function Get-Completion {
    <# .SYNOPSIS What tab completion offers at the end of a command line, as the console would ask for it. #>
    param([Parameter(Mandatory)] [string] $InputScript)
    (TabExpansion2 -inputScript $InputScript -cursorColumn $InputScript.Length).CompletionMatches
}

Export-ModuleMember -Function Get-PwshInvocation, Invoke-ChildPwsh, Import-BuiltModule, Get-PeFixture, Start-FileMapper, Wait-FileMapper, Get-Completion
