# Get-SystemAttendantEvent: the symptom (event 9202 from MSExchangeSA). Live, off Windows it refuses with
# one terminating error; under Wine the event log is a stub, so only a clean outcome can be checked there.
# Offline (-Path, -LiteralPath) it reads .evt files written by tests/fixtures/EvtWriter on every OS, Wine too.

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
    $script:UnderWine = $OnWindows -and (Test-Path -Path 'HKLM:\Software\Wine')
    $script:NoLogs = -not ($env:MAPI_TEST_DATA -and (Test-Path (Join-Path $env:MAPI_TEST_DATA 'evt')))
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
    $script:CommandId = 'MapiProfileTools.Commands.GetSystemAttendantEventCommand'
}

Describe 'Get-SystemAttendantEvent off Windows' -Skip:$OnWindows {
    It 'stops with one PlatformNotSupported error' {
        $failure = { Get-SystemAttendantEvent } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -Be "PlatformNotSupported,$CommandId"
        $failure.CategoryInfo.Category | Should -Be 'NotImplemented'
        $failure.Exception.Message | Should -BeLike '*only available on Windows*'
        $failure.Exception.Message | Should -BeLike '*AppEvent.Evt*-Path*'
    }
}

Describe 'Get-SystemAttendantEvent on Windows' -Skip:(-not $OnWindows) {
    It 'ends cleanly against the event log: events, nothing, or one EventLogUnavailable error' {
        # Wine's event log accepts writes and drops them, and its reads fail: whatever the API answers,
        # the cmdlet must end in objects or its own error, never a crash.
        try {
            $events = @(Get-SystemAttendantEvent -MaxEvents 5)
            $events.Count | Should -BeLessOrEqual 5
        }
        catch {
            $_.FullyQualifiedErrorId | Should -Be "EventLogUnavailable,$CommandId"
            $_.Exception.Message | Should -Match 'event log'
        }
    }

    It 'finds an event the test writes with the provider name MSExchangeSA' {
        if ($UnderWine) {
            Set-ItResult -Skipped -Because 'the event log under Wine is a stub: written events are dropped and reads fail'
            return
        }
        & "$env:SystemRoot\System32\eventcreate.exe" /L APPLICATION /T ERROR /SO MSExchangeSA /ID 920 /D 'MapiProfileTools test event' | Out-Null
        $found = Get-SystemAttendantEvent -Id 920 -After (Get-Date).AddMinutes(-5) -MaxEvents 1

        $found.Id | Should -Be 920
        $found.ProviderName | Should -Be 'MSExchangeSA'
        $found.Level | Should -Be 'Error'
        $found.Message | Should -Match 'MapiProfileTools test event'
        # Leaving PowerShell (see Output/ReadableList.cs): every value as written, no type names.
        ($found | ConvertTo-Csv | ConvertFrom-Csv).Id | Should -Be '920'
        ($found | ConvertTo-Json | ConvertFrom-Json).ProviderName | Should -Be 'MSExchangeSA'
    }
}

Describe 'Get-SystemAttendantEvent on event log files (.evt)' -Skip:$NoLogs {
    BeforeAll {
        $script:Logs = Join-Path $env:MAPI_TEST_DATA 'evt'
        $script:AppEvent = Join-Path $Logs 'AppEvent.Evt'
        # The writer's AppEvent.Evt: 60 events of EXCH2000 from 2003-09-01 08:00 UTC, 7 minutes apart;
        # every fifth (records 1, 6, ... 56) is MSExchangeSA's 9202.
        $script:Epoch = [datetime]::new(2003, 9, 1, 8, 0, 0, [DateTimeKind]::Utc)

        function script:Get-RecordOffset([byte[]] $Bytes) {
            $at = [BitConverter]::ToUInt32($Bytes, 16)
            $end = [BitConverter]::ToUInt32($Bytes, 20)
            while ($at -lt $end) {
                $at
                $at += [BitConverter]::ToUInt32($Bytes, $at)
            }
        }
    }

    It 'reads the 9202 events of a server''s AppEvent.Evt, oldest first, with every field' {
        $found = @(Get-SystemAttendantEvent -Path $AppEvent)

        $found.Count | Should -Be 12
        $found.RecordNumber | Should -Be (1..12 | ForEach-Object { 5 * $_ - 4 })
        $first = $found[0]
        $first.Id | Should -Be 9202
        $first.EventIdentifier | Should -Be 3221234674
        $first.Level | Should -Be 'Error'
        $first.Category | Should -Be 11
        $first.ProviderName | Should -Be 'MSExchangeSA'
        $first.ComputerName | Should -Be 'EXCH2000'
        $first.Message | Should -Be 'Failed to open default message store.'
        $first.Path | Should -Be $AppEvent
        $first.TimeCreated.ToUniversalTime() | Should -Be $Epoch
        $first.TimeWritten.ToUniversalTime() | Should -Be $Epoch.AddSeconds(1)
        $first.Data | Should -Be @(0x1D, 0x01, 0x04, 0x80)
        $first.UserSid | Should -BeNullOrEmpty
        $first | Should -BeOfType 'MapiProfileTools.SystemAttendantEvent'
    }

    It 'returns every record with -All, leaving Message empty where the module knows no text' {
        $all = @(Get-SystemAttendantEvent -LiteralPath $AppEvent -All)

        $all.Count | Should -Be 60
        $all.RecordNumber | Should -Be (1..60)
        $userenv = $all[2]
        $userenv.ProviderName | Should -Be 'Userenv'
        $userenv.Level | Should -Be 'Warning'
        $userenv.UserSid | Should -Be 'S-1-5-21-1004336348-1177238915-682003330-500'
        $userenv.InsertionStrings | Should -Be @('Windows cannot unload your registry file. Détails: Accès refusé — ☃')
        $userenv.Message | Should -Be ''
        $all[1].InsertionStrings | Should -Be @('First Storage Group', 'Mailbox Store (EXCH2000)', '1')
        ($all | Where-Object Message).Id | Sort-Object -Unique | Should -Be 9202
    }

    It 'filters by source wildcard, ID, time window and keeps the newest with -MaxEvents' {
        $store = @(Get-SystemAttendantEvent -Path $AppEvent -Source 'msexchange*' -Id 1000)
        $store.Count | Should -Be 12
        $store.ProviderName | Sort-Object -Unique | Should -Be 'MSExchangeIS'

        $window = @(Get-SystemAttendantEvent -Path $AppEvent -After $Epoch.AddMinutes(100).ToLocalTime() -Before $Epoch.AddMinutes(200).ToLocalTime())
        $window.RecordNumber | Should -Be @(16, 21, 26)

        $newest = @(Get-SystemAttendantEvent -Path $AppEvent -MaxEvents 3)
        $newest.RecordNumber | Should -Be @(46, 51, 56)
    }

    It 'takes files from Get-ChildItem, with [ ] in their names, and -Path wildcards' {
        $folder = Join-Path $TestDrive 'server'
        $null = New-Item -ItemType Directory -Path $folder
        Copy-Item -LiteralPath $AppEvent -Destination (Join-Path $folder 'AppEvent[1].Evt')
        Copy-Item -LiteralPath (Join-Path $Logs 'wrapped.evt') -Destination (Join-Path $folder 'wrapped.evt')

        $piped = @(Get-ChildItem -LiteralPath $folder -File | Get-SystemAttendantEvent -All)
        $piped.Count | Should -Be (60 + 41)
        ($piped.Path | Sort-Object -Unique | Split-Path -Leaf) | Should -Be @('AppEvent[1].Evt', 'wrapped.evt')

        $wild = @(Get-SystemAttendantEvent -Path (Join-Path $folder '*.evt') -All)
        $wild.Count | Should -Be $piped.Count
    }

    It 'reads a dirty log to its end-of-file record, a wrapped one across the end of the file, and a full one' {
        @(Get-SystemAttendantEvent -Path (Join-Path $Logs 'dirty.evt') -All).RecordNumber | Should -Be (1..25)
        $wrapped = @(Get-SystemAttendantEvent -Path (Join-Path $Logs 'wrapped-eof-split.evt') -All)
        $wrapped.RecordNumber | Should -Be ($wrapped[0].RecordNumber..$wrapped[-1].RecordNumber)
        $wrapped[0].RecordNumber | Should -BeGreaterThan 1
        @(Get-SystemAttendantEvent -Path (Join-Path $Logs 'full.evt') -All)[0].RecordNumber | Should -Be 1
    }

    It 'writes NotAnEventLog, CorruptEventLog, UnsupportedEventLog, FileNotFound and PathIsDirectory, one per input, and reads the good file' {
        $text = Join-Path $TestDrive 'notes.evt'
        Set-Content -Path $text -Value 'not an event log'
        $bytes = [IO.File]::ReadAllBytes($AppEvent)
        $cut = Join-Path $TestDrive 'cut.evt'
        [IO.File]::WriteAllBytes($cut, $bytes[0..0x1FF])
        $v2 = Join-Path $TestDrive 'v2.evt'
        $copy = [byte[]]$bytes.Clone()
        $copy[8] = 2
        [IO.File]::WriteAllBytes($v2, $copy)

        $found = Get-SystemAttendantEvent -LiteralPath $text, $cut, $v2, (Join-Path $TestDrive 'none.evt'), $TestDrive, $AppEvent -ErrorVariable problems -ErrorAction SilentlyContinue

        @($found).Count | Should -Be 12
        $problems.FullyQualifiedErrorId | Should -Be @(
            "NotAnEventLog,$CommandId", "CorruptEventLog,$CommandId", "UnsupportedEventLog,$CommandId", "FileNotFound,$CommandId", "PathIsDirectory,$CommandId")
        $problems[0].Exception.Message | Should -Match 'notes\.evt.*not an event log'
        $problems[1].Exception.Message | Should -Match 'cut\.evt.*offset 0x14.*truncated'
        $problems[1].CategoryInfo.Category | Should -Be 'InvalidData'
        $problems[1].TargetObject | Should -Be $cut
    }

    It 'warns about a record damaged mid-file and keeps the records before it' {
        $bytes = [IO.File]::ReadAllBytes($AppEvent)
        $tenth = @(Get-RecordOffset $bytes)[9]
        [BitConverter]::GetBytes([uint32]0x0BADF00D).CopyTo($bytes, $tenth + 4)
        $damaged = Join-Path $TestDrive 'damaged.evt'
        [IO.File]::WriteAllBytes($damaged, $bytes)

        $found = @(Get-SystemAttendantEvent -Path $damaged -All -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable problems)

        $found.RecordNumber | Should -Be (1..9)
        $problems | Should -BeNullOrEmpty
        @($warned).Count | Should -Be 1
        "$($warned[0])" | Should -BeLike "*damaged.evt*0x$('{0:X}' -f $tenth)*'LfLe' signature*9 records before it are kept*"
    }

    It 'formats as a table of time, ID, level, source and message or strings, also after serialization' {
        $local = Get-SystemAttendantEvent -Path $AppEvent -All -MaxEvents 5
        $remote = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($local))

        $remote[0].PSTypeNames[0] | Should -Be 'Deserialized.MapiProfileTools.SystemAttendantEvent'
        $text = $local | Out-String -Width 200
        $text | Should -Match 'TimeCreated\s+Id\s+Level\s+Source\s+Message'
        $text | Should -Match '9202 Error\s+MSExchangeSA\s+Failed to open default message store\.'
        $text | Should -Match 'MSExchangeIS\s+First Storage Group; Mailbox Store \(EXCH2000\); 56'
        ($remote | Out-String -Width 200) | Should -Be $text
    }

    It 'shows progress on a long log, and stops reading it as soon as the pipeline has enough or on Stop (Ctrl+C)' {
        $large = Join-Path $Logs 'large.evt'
        $whole = Measure-Command { $script:every = @(Get-SystemAttendantEvent -Path $large -All) }
        $every.RecordNumber | Should -Be ($every[0].RecordNumber..$every[-1].RecordNumber)
        $first = Measure-Command { $script:one = @(Get-SystemAttendantEvent -Path $large -All | Select-Object -First 1) }
        $one.RecordNumber | Should -Be $every[0].RecordNumber
        $first.TotalMilliseconds | Should -BeLessThan ($whole.TotalMilliseconds / 2)

        # Progress on a long file, and the record completed at the end; none for a short one.
        $session = [initialsessionstate]::CreateDefault2()
        $session.ImportPSModule((Get-Module MapiProfileTools).Path)
        foreach ($case in @{ File = $large; Bar = $true }, @{ File = $AppEvent; Bar = $false }) {
            $shell = [powershell]::Create($session)
            try {
                $null = $shell.AddCommand('Get-SystemAttendantEvent').AddParameter('LiteralPath', $case.File).AddParameter('All').Invoke()
                $bars = @($shell.Streams.Progress)
                if ($case.Bar) {
                    $bars.Count | Should -BeGreaterThan 0
                    $bars[0].Activity | Should -Be 'Reading event log file'
                    $bars[-1].RecordType | Should -Be 'Completed'
                }
                else {
                    $bars.Count | Should -Be 0
                }
            }
            finally {
                $shell.Dispose()
            }
        }

        # Stop() is what Ctrl+C does: the cmdlet must notice and end well before the file is read.
        $shell = [powershell]::Create($session)
        try {
            $null = $shell.AddCommand('Get-SystemAttendantEvent').AddParameter('LiteralPath', $large).AddParameter('All')
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $async = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $waited = [Diagnostics.Stopwatch]::StartNew()
            while ($output.Count -lt 50 -and -not $async.IsCompleted -and $waited.Elapsed.TotalSeconds -lt 30) { Start-Sleep -Milliseconds 2 }
            $stopping = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $stopping.Elapsed.TotalSeconds | Should -BeLessThan 5
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $output.Count | Should -BeLessThan $every.Count
        }
        finally {
            $shell.Dispose()
        }
    }
}
