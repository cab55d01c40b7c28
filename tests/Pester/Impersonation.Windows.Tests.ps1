# Impersonation seen for real: the Windows test host (tests/WindowsHost --impersonate) loads mapi32.dll and
# one of its threads impersonates, as KB 817375's backup agent does. Get-MapiLoadedProcess reports whom
# (ImpersonatedUsers), and Watch-MapiImpersonation writes the moment it starts. Where this Windows (Wine)
# cannot give a thread another account's token, or show another process's thread tokens, the spec says so.

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule

    function Start-Impersonator([string] $Mode, [int] $Seconds = 120) {
        $hostExe = if ($env:MAPI_WINDOWS_HOST) { $env:MAPI_WINDOWS_HOST } else { [Environment]::ProcessPath }
        $marker = Join-Path $TestDrive ("$Mode-" + [guid]::NewGuid().ToString('N') + '.txt')
        $process = Start-Process -FilePath $hostExe -ArgumentList "--impersonate $Mode `"$marker`" --load mapi32.dll --seconds $Seconds" -PassThru `
            -RedirectStandardOutput "$marker.out" -RedirectStandardError "$marker.err"
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not (Test-Path $marker) -or -not (Get-Content -Path $marker -Raw)) {
            if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
                throw "The impersonator did not start: $(Get-Content "$marker.out", "$marker.err" -Raw -ErrorAction Ignore)"
            }
            Start-Sleep -Milliseconds 100
        }
        $threadId, $outcome = (Get-Content -Path $marker -Raw).Trim() -split ' ', 2
        [pscustomobject]@{ Process = $process; ThreadId = [int] $threadId; Outcome = $outcome }
    }
}

Describe 'Impersonation seen in a process that loaded mapi32.dll' -Skip:(-not $OnWindows) {
    BeforeAll {
        $script:Self = Start-Impersonator self
        $script:Anonymous = Start-Impersonator anonymous
    }

    AfterAll {
        $Self.Process, $Anonymous.Process | Stop-Process -Force -ErrorAction Ignore
    }

    It 'reads the impersonating thread''s token of another process, as the process''s own account' {
        $Self.Outcome | Should -Be 'ok self'
        $reading = [MapiProfileTools.Core.Processes.WindowsImpersonationSource]::new().Read($Self.Process.Id)
        if ($reading.Failure) {
            Set-ItResult -Skipped -Because "this Windows (Wine) does not show another process's thread tokens: $($reading.Failure)"
            return
        }

        $thread = $reading.Threads | Where-Object ThreadId -EQ $Self.ThreadId
        $thread | Should -Not -BeNullOrEmpty
        $found = Get-MapiLoadedProcess -Id $Self.Process.Id
        $thread.Account | Should -Be $found.UserName
        # Impersonating its own account is no other account: ImpersonatedUsers is empty, not null.
        , $found.ImpersonatedUsers | Should -BeOfType [System.Collections.Generic.IReadOnlyList[string]]
        $found.ImpersonatedUsers.Count | Should -Be 0
        $found.IsExchange | Should -BeFalse
    }

    It 'reports the other account a thread impersonates in ImpersonatedUsers' {
        if ($Anonymous.Outcome -ne 'ok anonymous') {
            Set-ItResult -Skipped -Because "this Windows (Wine) cannot give a thread another account's token: ImpersonateAnonymousToken $($Anonymous.Outcome)"
            return
        }
        $found = Get-MapiLoadedProcess -Id $Anonymous.Process.Id -WarningVariable warnings
        if ($null -eq $found.ImpersonatedUsers) {
            Set-ItResult -Skipped -Because "this Windows (Wine) does not show another process's thread tokens: $warnings"
            return
        }

        $found.ImpersonatedUsers | Should -HaveCount 1
        $found.ImpersonatedUsers[0] | Should -Not -Be $found.UserName
        $found.ImpersonatedUsers[0] | Should -Match 'ANONYMOUS'
    }

    It 'writes the moment a MAPI process starts impersonating, and ends at -Duration' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddParameter('Name', (Join-Path $env:MAPI_MODULE_PATH 'MapiProfileTools.psd1')).AddStatement()
            $null = $shell.AddCommand('Watch-MapiImpersonation').AddParameter('Interval', [timespan]::FromMilliseconds(500)).AddParameter('Duration', [timespan]::FromSeconds(20))
            $watch = $shell.BeginInvoke()
            Start-Sleep -Seconds 3
            $late = Start-Impersonator anonymous -Seconds 60
            try {
                $events = $shell.EndInvoke($watch)
            }
            finally {
                $late.Process | Stop-Process -Force -ErrorAction Ignore
            }
            # Whatever this Windows allows, the watch read the threads of every MAPI process (no warning), and
            # it ended at -Duration with its progress completed.
            $shell.Streams.Warning | Should -BeNullOrEmpty
            @($shell.Streams.Progress)[-1].RecordType | Should -Be 'Completed'
            ($events | Where-Object Id -EQ $Self.Process.Id) | Should -BeNullOrEmpty -Because 'impersonating its own account is not another account'
            if ($late.Outcome -ne 'ok anonymous') {
                Set-ItResult -Skipped -Because "this Windows (Wine) cannot give a thread another account's token: ImpersonateAnonymousToken $($late.Outcome)"
                return
            }
            $event = $events | Where-Object Id -EQ $late.Process.Id
            if (-not $event) {
                Set-ItResult -Skipped -Because "this Windows (Wine) does not show another process's thread tokens: $($shell.Streams.Warning)"
                return
            }

            $event.Account | Should -Match 'ANONYMOUS'
            $event.ModulePath | Should -BeLike '*mapi32.dll'
            $event.Time | Should -BeGreaterThan ([DateTime]::Now.AddMinutes(-2))
        }
        finally {
            $shell.Dispose()
        }
    }
}
