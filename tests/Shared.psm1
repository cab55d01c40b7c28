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

Export-ModuleMember -Function Get-PwshInvocation, Invoke-ChildPwsh, Import-BuiltModule, Get-PeFixture
