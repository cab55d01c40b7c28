# Get-MapiProfileHealth live on Windows (the Windows lane, under Wine): a real service stands in for the System
# Attendant, so the report's service status comes from the service control manager and ExchangeVersion from
# the file version of the image its ImagePath names, checked against FileVersionInfo (Windows' own reader).
# Off Windows the live registry, services and event log do not exist: see Get-MapiProfileHealth.Tests.ps1.

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
}

Describe 'Get-MapiProfileHealth live, with a real service as the System Attendant' -Skip:(-not $OnWindows) {
    BeforeAll {
        $script:HostExe = if ($env:MAPI_WINDOWS_HOST) { $env:MAPI_WINDOWS_HOST } else { [Environment]::ProcessPath }
        $script:Control = [MapiProfileTools.Core.Services.WindowsServiceControl]::new()
        $script:Name = 'MapiHealth' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $null = New-Service -Name $Name -DisplayName "MapiProfileTools health test $Name" -BinaryPathName "`"$HostExe`" --service $Name" -StartupType Manual
        $Control.Start($Name)
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ("$($Control.Query($Name).State)" -ne 'Running' -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 200
        }
    }

    AfterAll {
        $status = $Control.Query($Name)
        if ($status -and $status.ProcessId -gt 0) { Stop-Process -Id $status.ProcessId -Force -ErrorAction Ignore }
        & "$env:SystemRoot\System32\sc.exe" delete $Name | Out-Null
    }

    It 'reads the service from the service control manager and the version of its image' {
        $info = [Diagnostics.FileVersionInfo]::GetVersionInfo($HostExe)
        $expected = [version]::new($info.FileMajorPart, $info.FileMinorPart, $info.FileBuildPart, $info.FilePrivatePart)

        $report = Get-MapiProfileHealth -ServiceName $Name -ModuleName 'no-such-module-817375.dll' -ErrorAction SilentlyContinue

        $report.IsOffline | Should -BeFalse
        $report.Source | Should -Be 'Live'
        $report.ComputerName | Should -Be ([Environment]::MachineName)
        $report.ServiceName | Should -Be $Name
        $report.ServiceStatus | Should -Be 'Running'
        $report.ExchangeVersion | Should -Be $expected
        $report.ExchangeServicePack | Should -BeNullOrEmpty   # not an Exchange 2000 build
        # The service control manager answered: a list, empty under Wine, which reports no dependents.
        $null -ne $report.DependentServices | Should -BeTrue
        ($report.NotChecked -join ' ') | Should -Not -Match 'cannot be read from files'
    }

    It 'says NotInstalled for a service that does not exist' {
        $report = Get-MapiProfileHealth -ServiceName 'NoSuchSA817375' -ModuleName 'no-such-module-817375.dll' -ErrorAction SilentlyContinue

        $report.ServiceStatus | Should -Be 'NotInstalled'
        $report.ExchangeVersion | Should -BeNullOrEmpty
    }
}
