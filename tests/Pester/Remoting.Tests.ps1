# PowerShell remoting over SSH, for real: an sshd of the test's own on 127.0.0.1 with PowerShell as its
# "powershell" subsystem, reached with Invoke-Command -HostName. The module's cmdlets run in the remote
# pwsh, their results come back deserialized, format with the module's views and pipe into the next
# cmdlet locally. Linux only (the sshd is Debian's openssh-server); skipped with the reason elsewhere.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
    $script:TestCommandId = 'MapiProfileTools.Commands.TestMapiDllVersionCommand'
    $script:Sshd = '/usr/sbin/sshd'

    # Why the specs cannot run here, or $null. Under CI=true a missing sshd is a failure, not a skip.
    $script:SkipReason = if (-not $IsLinux) {
        'SSH remoting is tested in the Linux lane (an sshd of its own on 127.0.0.1)'
    }
    elseif (-not $env:MAPI_TEST_DATA) {
        'no PE fixtures (MAPI_TEST_DATA is not set): run through build.ps1 -Task Test with mingw-w64 installed'
    }
    elseif ($env:CI -ne 'true' -and ($missing = @(
                    if (-not (Test-Path -LiteralPath $Sshd)) { $Sshd }
                    'ssh', 'ssh-keygen' | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction Ignore) }
                )).Count -gt 0) {
        "$($missing -join ', ') not found: install the Debian packages openssh-server and openssh-client"
    }
    elseif ((Get-PwshInvocation) -match '\s') {
        # sshd joins the Subsystem command's words with single spaces and drops their quotes.
        "the pwsh command line '$((Get-PwshInvocation) -join ' ')' has a space in it, which sshd's Subsystem line cannot hold"
    }

    function Get-FreeLoopbackPort {
        # Port 0 makes the system choose a free one; sshd takes it a moment after the listener lets it go.
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        try {
            $listener.Start()
            $listener.LocalEndpoint.Port
        }
        finally {
            $listener.Stop()
        }
    }

    function Wait-SshdListening([Diagnostics.Process] $Process, [int] $Port, [string] $Log, [int] $TimeoutSeconds = 20) {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while ($true) {
            if ($Process.HasExited) {
                throw "sshd exited (code $($Process.ExitCode)) before listening on 127.0.0.1:$Port. Its log:`n$(Get-Content -Raw -LiteralPath $Log -ErrorAction Ignore)"
            }
            $client = [Net.Sockets.TcpClient]::new()
            try {
                if ($client.ConnectAsync([Net.IPAddress]::Loopback, $Port).Wait(500) -and $client.Connected) {
                    return
                }
            }
            catch [AggregateException] {
                # Refused: not listening yet.
            }
            finally {
                $client.Dispose()
            }
            if ([DateTime]::UtcNow -gt $deadline) {
                throw "sshd did not listen on 127.0.0.1:$Port within $TimeoutSeconds s. Its log:`n$(Get-Content -Raw -LiteralPath $Log -ErrorAction Ignore)"
            }
            Start-Sleep -Milliseconds 100
        }
    }
}

Describe 'The cmdlets through PowerShell remoting over SSH' {
    BeforeAll {
        if ($SkipReason) {
            return
        }
        $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('mapi-ssh-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $Work

        # Keys of this test only: a host key for sshd, and a client key that authorized_keys lets in.
        $hostKey = Join-Path $Work 'ssh_host_ed25519_key'
        $script:ClientKey = Join-Path $Work 'client_ed25519_key'
        foreach ($key in $hostKey, $ClientKey) {
            & ssh-keygen -q -t ed25519 -N '' -C 'MapiProfileTools remoting spec' -f $key
            if ($LASTEXITCODE -ne 0) { throw "ssh-keygen could not make $key (exit code $LASTEXITCODE)." }
        }
        $authorizedKeys = Join-Path $Work 'authorized_keys'
        Copy-Item -LiteralPath "$ClientKey.pub" -Destination $authorizedKeys

        $script:Port = Get-FreeLoopbackPort
        $config = Join-Path $Work 'sshd_config'
        @(
            "Port $Port"
            'ListenAddress 127.0.0.1'
            "HostKey $hostKey"
            "AuthorizedKeysFile $authorizedKeys"
            'PubkeyAuthentication yes'
            'PasswordAuthentication no'
            'KbdInteractiveAuthentication no'
            # The temp folder and its files are not laid out the way StrictModes wants a home's .ssh.
            'StrictModes no'
            "PidFile $(Join-Path $Work 'sshd.pid')"
            'UsePAM no'
            "Subsystem powershell $((Get-PwshInvocation) -join ' ') -sshs -NoLogo -NoProfile"
        ) | Set-Content -LiteralPath $config

        # sshd started as root chroots its pre-authentication child into this folder, and will not start without it.
        if ((id -u) -eq '0' -and -not (Test-Path -LiteralPath '/run/sshd')) {
            $null = New-Item -ItemType Directory -Path '/run/sshd'
        }
        $script:SshdLog = Join-Path $Work 'sshd.log'
        # -D: stay in the foreground, so this process is the one to stop; -e: log to stderr (the log file).
        $script:SshdProcess = Start-Process -FilePath $Sshd -ArgumentList '-D', '-e', '-f', $config -PassThru `
            -RedirectStandardError $SshdLog -RedirectStandardOutput (Join-Path $Work 'sshd.out')
        Wait-SshdListening -Process $SshdProcess -Port $Port -Log $SshdLog

        # Every remote call: key only, no prompt ever (BatchMode), a host key that is new on every run.
        $script:Connection = @{
            HostName    = '127.0.0.1'
            Port        = $Port
            UserName    = [Environment]::UserName
            KeyFilePath = $ClientKey
            Options     = @{
                StrictHostKeyChecking = 'no'
                UserKnownHostsFile    = '/dev/null'
                IdentitiesOnly        = 'yes'
                BatchMode             = 'yes'
                ConnectTimeout        = '20'
                # Without it ssh writes "Permanently added ... to the list of known hosts" on every connection.
                LogLevel              = 'ERROR'
            }
        }
        # The remote pwsh does not have the test's environment: the module's path goes over with $using:.
        $script:ModuleManifest = Join-Path $env:MAPI_MODULE_PATH 'MapiProfileTools.psd1'
        $script:Fixture = Get-PeFixture 'mapi32-6.0.6447.9.x86.dll'
    }

    AfterAll {
        if ($script:SshdProcess) {
            # The whole tree: sshd's per-connection children and the remote pwsh processes under them.
            $SshdProcess.Kill($true)
            if (-not $SshdProcess.WaitForExit(10000)) {
                Write-Warning "sshd (process $($SshdProcess.Id)) did not exit within 10 s of being killed."
            }
        }
        if ($script:Work) {
            Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction Ignore
        }
    }

    It 'runs Test-MapiDllVersion remotely; the results come back deserialized and format with the module''s view' {
        if ($SkipReason) {
            Set-ItResult -Skipped -Because $SkipReason
        }
        $remote = Invoke-Command @Connection -ScriptBlock {
            Import-Module -Name $using:ModuleManifest
            Test-MapiDllVersion -Path $using:Fixture
        }

        @($remote).Count | Should -Be 1
        $remote.PSComputerName | Should -Be '127.0.0.1'
        $remote.PSTypeNames[0] | Should -Be 'Deserialized.MapiProfileTools.MapiDllVersion'
        # Text, so that CSV and JSON show it as written (see Output/ReadableList.cs); IsAffected is the typed answer.
        $remote.FileVersion | Should -BeOfType [string]
        $remote.FileVersion | Should -BeExactly '6.0.6447.9'
        $remote.IsAffected | Should -BeTrue
        $remote.Path | Should -Be $Fixture

        # The module's table view, the same as for the local object; PowerShell adds its PSComputerName column.
        $local = Test-MapiDllVersion -Path $Fixture
        $localLines = ($local | Out-String -Width 250).Trim() -split '\r?\n'
        $remoteLines = ($remote | Out-String -Width 250).Trim() -split '\r?\n'
        $localLines[0] | Should -Match '^Path\s+IsAffected\s+FileVersion\s+Machine\s+ProcessId'
        $remoteLines.Count | Should -Be $localLines.Count
        $remoteLines[0] | Should -Match "^$([regex]::Escape($localLines[0].TrimEnd()))\s+PSComputerName$"
        $remoteLines[2] | Should -Match "^$([regex]::Escape($localLines[2].TrimEnd()))\s+127\.0\.0\.1$"
    }

    It 'runs Get-MapiLoadedProcess remotely and pipes its results into Test-MapiDllVersion locally' {
        if ($SkipReason) {
            Set-ItResult -Skipped -Because $SkipReason
        }
        # This test process maps a copy of the fixture named mapi32.dll, read-only, the way a MAPI program holds it.
        $dll = Join-Path $Work 'agent/mapi32.dll'
        $null = New-Item -ItemType Directory -Path (Split-Path -Path $dll -Parent) -Force
        Copy-Item -LiteralPath $Fixture -Destination $dll
        # [NullString]: PowerShell would pass $null to a string parameter as '', which is not "no map name".
        $map = [IO.MemoryMappedFiles.MemoryMappedFile]::CreateFromFile($dll, 'Open', [NullString]::Value, 0, 'Read')
        $view = $map.CreateViewAccessor(0, 0, 'Read')
        try {
            $found = Invoke-Command @Connection -ScriptBlock {
                Import-Module -Name $using:ModuleManifest
                Get-MapiLoadedProcess -Id $using:PID
            }
            $checked = $found | Test-MapiDllVersion
        }
        finally {
            $view.Dispose()
            $map.Dispose()
        }

        $found.PSTypeNames[0] | Should -Be 'Deserialized.MapiProfileTools.MapiLoadedProcess'
        $found.PSComputerName | Should -Be '127.0.0.1'
        $found.Id | Should -Be $PID
        $found.ModulePath | Should -Be $dll
        # Test-MapiDllVersion here is the local one: a live object, read from the same file on this machine.
        $checked.PSTypeNames[0] | Should -Be 'MapiProfileTools.MapiDllVersion'
        $checked.ProcessId | Should -Be $PID
        $checked.Path | Should -Be $dll
        $checked.FileVersion | Should -Be ([version]'6.0.6447.9')
        $checked.IsAffected | Should -BeTrue
    }

    It 'brings a remote error back with its FullyQualifiedErrorId, and goes on with the next path' {
        if ($SkipReason) {
            Set-ItResult -Skipped -Because $SkipReason
        }
        $remote = Invoke-Command @Connection -ErrorVariable problems -ErrorAction SilentlyContinue -ScriptBlock {
            Import-Module -Name $using:ModuleManifest
            Test-MapiDllVersion -Path '/nonexistent.dll', $using:Fixture
        }

        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be "FileNotFound,$TestCommandId"
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].OriginInfo.PSComputerName | Should -Be '127.0.0.1'
        $remote.Path | Should -Be $Fixture
    }

    It 'runs on a fleet of sessions and returns the results of each' {
        if ($SkipReason) {
            Set-ItResult -Skipped -Because $SkipReason
        }
        # Two sessions to the same sshd, opened side by side: two remote pwsh processes, as two servers would be.
        $fleet = $Connection.Clone()
        $fleet.HostName = '127.0.0.1', '127.0.0.1'
        $sessions = @(New-PSSession @fleet)
        try {
            $sessions.Count | Should -Be 2
            $results = Invoke-Command -Session $sessions -ScriptBlock {
                Import-Module -Name $using:ModuleManifest
                Test-MapiDllVersion -Path $using:Fixture
            }
        }
        finally {
            $sessions | Remove-PSSession
        }

        @($results).Count | Should -Be 2
        $results.PSComputerName | Should -Be @('127.0.0.1', '127.0.0.1')
        # One result from each session: the RunspaceId each object carries is its session's.
        ($results.RunspaceId | Sort-Object) | Should -Be ($sessions.InstanceId | Sort-Object)
        $results.FileVersion | Should -Be @([version]'6.0.6447.9', [version]'6.0.6447.9')
    }

    It 'reads an offline hive remotely and brings the profiles back whole, in the module''s view' {
        if ($SkipReason) {
            Set-ItResult -Skipped -Because $SkipReason
        }
        $hive = Join-Path $env:MAPI_TEST_DATA 'hives/default-profiles.hive'
        if (-not (Test-Path $hive)) {
            Set-ItResult -Skipped -Because 'the hive fixtures were not built (hivex missing)'
        }

        $remote = Invoke-Command @Connection -ScriptBlock {
            Import-Module -Name $using:ModuleManifest
            Get-MessagingProfile -HivePath $using:hive -Name 'MS Exchange Settings'
        }

        $remote.PSTypeNames[0] | Should -Be 'Deserialized.MapiProfileTools.MessagingProfile'
        $remote.PSComputerName | Should -Be '127.0.0.1'
        $remote.ExchangeServer | Should -Be 'EX01'
        # The types file's serialization depth brings services and sections across, not their ToString().
        $remote.Services[0].Name | Should -Be 'MSEMS'
        ($remote.Sections | Where-Object Uid -EQ '13dbb0c8aa05101a9bb000aa002fc45a').Properties.Count | Should -BeGreaterThan 3
        ($remote | Format-Table -View Wide | Out-String -Width 250) | Should -Match 'MS Exchange Settings\s+True\s+EX01\s+MSEMS'
    }

    It 'returns the health report of the remote session, verdict and evidence intact' {
        if ($SkipReason) {
            Set-ItResult -Skipped -Because $SkipReason
        }
        $hive = Join-Path $env:MAPI_TEST_DATA 'hives/emptied-profiles.hive'
        if (-not (Test-Path $hive)) {
            Set-ItResult -Skipped -Because 'the hive fixtures were not built (hivex missing)'
        }

        $reports = Invoke-Command @Connection -ScriptBlock {
            Import-Module -Name $using:ModuleManifest
            Get-MapiProfileHealth -HivePath $using:hive
        }

        @($reports).Count | Should -Be 1
        $reports.PSTypeNames[0] | Should -Be 'Deserialized.MapiProfileTools.MapiProfileHealth'
        $reports.Status | Should -Be 'ProfilesMissing'
        $reports.NeedsRestart | Should -BeTrue
        $reports.IsOffline | Should -BeTrue
        $reports.Source | Should -Be $hive
        $reports.PSComputerName | Should -Be '127.0.0.1'
        ($reports | Out-String -Width 250) | Should -Match 'ProfilesMissing'
    }

    It 'exports remote reports and DLL versions to CSV and JSON as a person reads them' {
        if ($SkipReason) {
            Set-ItResult -Skipped -Because $SkipReason
        }
        $samples = Join-Path (Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent) 'samples'
        $hive = Join-Path $samples 'hives/emptied/DEFAULT'
        $dll = Join-Path $samples 'dll/before-fix/MAPI32.DLL'

        # The fleet idiom of issue 9: Invoke-Command ... { Get-MapiProfileHealth } | Export-Csv health.csv
        $results = Invoke-Command @Connection -ScriptBlock {
            Import-Module -Name $using:ModuleManifest
            Get-MapiProfileHealth -HivePath $using:hive -DllPath $using:dll -WarningAction SilentlyContinue
            Test-MapiDllVersion -LiteralPath $using:dll
        }
        $report, $version = $results
        $csv = Join-Path $TestDrive 'health.csv'
        $report | Export-Csv -LiteralPath $csv
        $row = Import-Csv -LiteralPath $csv

        $report.PSTypeNames[0] | Should -Be 'Deserialized.MapiProfileTools.MapiProfileHealth'
        $row.AffectedDlls | Should -BeExactly $dll
        $row.NotChecked | Should -BeExactly (@($report.NotChecked) -join '; ')
        $row.NotChecked | Should -Match '; '
        $row.Findings | Should -Not -Match 'System\.|Deserialized\.'
        $row.PSComputerName | Should -Be '127.0.0.1'
        ($version | ConvertTo-Csv | ConvertFrom-Csv).FileVersion | Should -BeExactly '6.0.6447.9'

        $json = $report | ConvertTo-Json -Depth 6
        $json | Should -Not -Match '"Major"\s*:'
        ($json | ConvertFrom-Json).AffectedDlls[0].FileVersion | Should -BeExactly '6.0.6447.9'
        ($version | ConvertTo-Json | ConvertFrom-Json).MinimumVersion | Should -BeExactly '6.0.6448.0'
    }
}
