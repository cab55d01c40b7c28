# Watch-MapiImpersonation where no thread tokens exist (Linux): it samples the MAPI processes, says once
# that it cannot see impersonation here, shows progress and ends at -Duration. The impersonation itself is
# seen under Wine in Impersonation.Windows.Tests.ps1; the loop's logic runs in virtual time in the core tests.

BeforeDiscovery {
    $script:OnLinux = [bool]$IsLinux
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
    $script:CommandId = 'MapiProfileTools.Commands.WatchMapiImpersonationCommand'
}

Describe 'Watch-MapiImpersonation' {
    It 'refuses an interval of zero with InvalidTimeout' {
        $failure = { Watch-MapiImpersonation -Interval ([timespan]::Zero) -Duration ([timespan]::FromSeconds(1)) } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -Be "InvalidTimeout,$CommandId"
    }

    It 'formats an event as a table, also as it comes back from Invoke-Command' {
        # No thread can impersonate another account in either test lane, so the event is the deserialized form.
        $event = [pscustomobject]@{
            PSTypeName = 'Deserialized.MapiProfileTools.MapiImpersonationEvent'
            Time = [datetime]'2026-12-01 02:15:07'; Id = 2212; ProcessName = 'bkupagent'; ServiceName = @('BackupAgentSvc')
            Account = 'CONTOSO\Administrator'; ModuleVersion = [version]'6.0.6249.0'; ModulePath = 'C:\Program Files\Contoso Backup\MAPI32.DLL'
        }

        $text = $event | Out-String -Width 80
        $text | Should -Match 'Time\s+Id\s+ProcessName\s+Account\s+ModuleVersion'
        $text | Should -Match '2026-12-01 02:15:07\s+2212\s+bkupagent\s+CONTOSO\\Administrator\s+6\.0\.6249\.0'
        ($text -split "\r?\n" | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80
        $wide = $event | Format-Table -View Wide | Out-String -Width 160
        $wide | Should -Match 'BackupAgentSvc\s+CONTOSO\\Administrator\s+6\.0\.6249\.0\s+C:\\Program Files\\Contoso Backup\\MAPI32\.DLL'
    }
}

Describe 'Watch-MapiImpersonation on Linux' -Skip:(-not $OnLinux) {
    It 'ends at -Duration, with one warning that impersonation cannot be seen here, and completes its progress' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddParameter('Name', (Join-Path $env:MAPI_MODULE_PATH 'MapiProfileTools.psd1')).AddStatement()
            $null = $shell.AddCommand('Watch-MapiImpersonation').AddParameter('Interval', [timespan]::FromMilliseconds(500)).AddParameter('Duration', [timespan]::FromSeconds(3)).AddParameter('Verbose')
            $timer = [Diagnostics.Stopwatch]::StartNew()
            $events = $shell.Invoke()
            $timer.Stop()

            $events | Should -BeNullOrEmpty
            $timer.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 3
            $timer.Elapsed.TotalSeconds | Should -BeLessThan 30
            @($shell.Streams.Warning).Count | Should -Be 1
            $shell.Streams.Warning[0].Message | Should -Match 'Windows only'
            $progress = @($shell.Streams.Progress)
            $progress.Count | Should -BeGreaterThan 1
            $progress[-1].RecordType | Should -Be 'Completed'
            ($shell.Streams.Verbose.Message -join "`n") | Should -Match 'Watched for [2-9]\d* sample'
        }
        finally {
            $shell.Dispose()
        }
    }

    It 'stops promptly when the pipeline is stopped (Ctrl+C)' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddParameter('Name', (Join-Path $env:MAPI_MODULE_PATH 'MapiProfileTools.psd1')).AddStatement()
            $null = $shell.AddCommand('Watch-MapiImpersonation').AddParameter('Interval', [timespan]::FromSeconds(1))
            $run = $shell.BeginInvoke()
            Start-Sleep -Seconds 3
            $timer = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $timer.Stop()

            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $timer.Elapsed.TotalSeconds | Should -BeLessThan 10
        }
        finally {
            $shell.Dispose()
        }
    }
}
