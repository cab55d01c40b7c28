# Get-MapiProfileHealth on a server's files, in both lanes: a WINNT folder (-SystemRoot) made of hives
# written by hivex and PE files built by mingw-w64, with the letter case servers have; evidence given file
# by file (-HivePath, -DllPath, -EventLogPath) through the same path resolver as the sibling cmdlets; the
# four defects of issue 10 (a folder, missing file or wildcard as -HivePath; -HivePath advised when given;
# an unreadable DLL called healthy; progress drawn over the output); and Restart-SystemAttendant refusing
# an offline report.

BeforeDiscovery {
    $script:NoEvidence = -not ($env:MAPI_TEST_DATA -and (Test-Path (Join-Path $env:MAPI_TEST_DATA 'hives')))
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
    $script:CommandId = 'MapiProfileTools.Commands.GetMapiProfileHealthCommand'
    $script:Samples = (Resolve-Path (Join-Path $PSScriptRoot '../../samples')).ProviderPath

    function New-ServerTree([string] $Drive) {
        # Names as a Windows 2000 server has them: 'System32', 'CONFIG', lower-case hive files. The DEFAULT hive is
        # dirty, and its .LOG (HiveLogWriter, Windows 2000 format) holds the latest profiles.
        $root = Join-Path $Drive 'WINNT'
        $config = New-Item -ItemType Directory -Path (Join-Path $root 'System32/CONFIG') -Force
        Copy-Item (Join-Path $env:MAPI_TEST_DATA 'hivelogs/old2000/DEFAULT') (Join-Path $config 'default')
        Copy-Item (Join-Path $env:MAPI_TEST_DATA 'hivelogs/old2000/DEFAULT.LOG') (Join-Path $config 'default.LOG')
        Copy-Item (Join-Path $env:MAPI_TEST_DATA 'hives/server-system.hive') (Join-Path $config 'system')
        Copy-Item (Join-Path $env:MAPI_TEST_DATA 'evt/AppEvent.Evt') (Join-Path $config 'AppEvent.Evt')
        Copy-Item (Get-PeFixture 'mapi32-6.0.6447.9.x86.dll') (Join-Path $root 'System32/MAPI32.DLL')
        $bin = New-Item -ItemType Directory -Path (Join-Path $Drive 'Program Files/Exchsrvr/BIN') -Force
        Copy-Item (Get-PeFixture 'mad-6.0.5762.0.x86.dll') (Join-Path $bin 'MAD.EXE')
        $root
    }

    function Get-EvtexportCount([string] $Export) {
        # libevt's reading of the log: the System Attendant's 9202 events (low 16 bits of the identifier), and the newest.
        $blocks = (Get-Content -Raw -Path $Export) -split '(?m)^Event number'
        $matching = foreach ($block in $blocks) {
            if ($block -match 'Source name\s+: MSExchangeSA\s' -and $block -match 'Event identifier\s+: 0x([0-9a-f]+)' -and ([Convert]::ToUInt32($Matches[1], 16) -band 0xFFFF) -eq 9202) {
                $null = $block -match 'Creation time\s+: (.+) UTC'
                [datetime]::ParseExact($Matches[1].Trim(), 'MMM dd, yyyy HH:mm:ss', [cultureinfo]::InvariantCulture, 'AssumeUniversal, AdjustToUniversal')
            }
        }
        [pscustomobject]@{ Count = @($matching).Count; Newest = ($matching | Sort-Object | Select-Object -Last 1) }
    }

    function Get-ExportProfileCount([string] $Export) {
        # hivexregedit's reading of the true state: the keys directly under Profiles.
        @(Select-String -Path $Export -Pattern '^\[.*\\Windows Messaging Subsystem\\Profiles\\[^\\]+\]\s*$').Count
    }
}

Describe 'Get-MapiProfileHealth -HivePath and -DllPath go through the path resolver' {
    It 'writes PathIsDirectory for a folder, and does not advise -HivePath when it was given' {
        $report = Get-MapiProfileHealth -HivePath (Join-Path $Samples 'hives/healthy') -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.FullyQualifiedErrorId | Should -Be "PathIsDirectory,$CommandId"
        $problems.Exception.Message | Should -Match '-SystemRoot'
        $report.Status | Should -Be 'Unknown'
        $report.IsOffline | Should -BeTrue
        $report.Recommendation | Should -Not -Match 'with -HivePath'
    }

    It 'writes FileNotFound for a missing file, in words' {
        $missing = Join-Path $TestDrive 'no/such/DEFAULT'

        $report = Get-MapiProfileHealth -HivePath $missing -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.FullyQualifiedErrorId | Should -Be "FileNotFound,$CommandId"
        $problems.Exception.Message | Should -Not -Match 'Could not find a part of the path'
        $report.Status | Should -Be 'Unknown'
    }

    It 'reads the one file a wildcard matches' {
        $report = Get-MapiProfileHealth -HivePath (Join-Path $Samples 'hives/heal*/DEFAULT')

        $report.Status | Should -Be 'Healthy'
        $report.ProfileSource | Should -Be (Join-Path $Samples 'hives/healthy/DEFAULT')
    }

    It 'writes AmbiguousPath for a wildcard that matches several hives, and FileNotFound for one that matches none' {
        $null = Get-MapiProfileHealth -HivePath (Join-Path $Samples 'hives/*/DEFAULT') -ErrorVariable many -ErrorAction SilentlyContinue
        $null = Get-MapiProfileHealth -HivePath (Join-Path $Samples 'hives/nothing*/DEFAULT') -ErrorVariable none -ErrorAction SilentlyContinue

        $many.FullyQualifiedErrorId | Should -Be "AmbiguousPath,$CommandId"
        $none.FullyQualifiedErrorId | Should -Be "FileNotFound,$CommandId"
    }

    It 'writes NotPortableExecutable for a -DllPath that is no DLL, and never says Healthy' {
        $text = Join-Path $TestDrive 'mapi32.dll'
        Set-Content -Path $text -Value 'not a DLL'

        $report = Get-MapiProfileHealth -HivePath (Join-Path $Samples 'hives/healthy/DEFAULT') -DllPath $text -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.FullyQualifiedErrorId | Should -Be "NotPortableExecutable,$CommandId"
        $report.Status | Should -Not -Be 'Healthy'
        $report.Recommendation | Should -Not -Match 'nothing to do'
        ($report.NotChecked -join ' ') | Should -Match ([regex]::Escape($text))
    }
}

Describe 'Get-MapiProfileHealth progress' {
    BeforeAll {
        Add-Type -TypeDefinition @'
using System.Collections.Generic;
using System.Management.Automation;
public static class MapiStreamOrder
{
    // The order in which progress records and output objects reach the host, as it would draw them.
    public static List<string> Run(PowerShell shell)
    {
        var order = new List<string>();
        shell.Streams.Progress.DataAdded += (sender, e) => order.Add("progress:" + ((PSDataCollection<ProgressRecord>)sender)[e.Index].RecordType);
        var output = new PSDataCollection<PSObject>();
        output.DataAdded += (sender, e) => order.Add("output");
        shell.Invoke(null, output);
        return order;
    }
}
'@
    }

    It 'is completed before the report is written, so the bar is not drawn again over the output' {
        $shell = [powershell]::Create()
        $manifest = Join-Path $env:MAPI_MODULE_PATH 'MapiProfileTools.psd1'
        $null = $shell.AddScript("Import-Module '$manifest'; Get-MapiProfileHealth -HivePath '$(Join-Path $Samples 'hives/healthy/DEFAULT')'")
        try {
            $order = [MapiStreamOrder]::Run($shell)
        }
        finally {
            $shell.Dispose()
        }

        $order | Should -Contain 'output'
        $order | Should -Contain 'progress:Completed'
        $order[-1] | Should -Be 'output'
        [array]::LastIndexOf($order, 'progress:Completed') | Should -BeLessThan ([array]::IndexOf($order, 'output'))
    }
}

Describe 'Get-MapiProfileHealth -SystemRoot' -Skip:$NoEvidence {
    BeforeAll {
        $script:Drive = Join-Path $TestDrive 'disk'
        $script:Root = New-ServerTree $Drive
    }

    It 'reads the server folder whatever its letter case, and names the server from its SYSTEM hive' {
        $events = Get-EvtexportCount (Join-Path $env:MAPI_TEST_DATA 'evt/AppEvent.Evt.evtexport.txt')
        $profiles = Get-ExportProfileCount (Join-Path $env:MAPI_TEST_DATA 'hivelogs/true.export.reg')

        $report = Get-MapiProfileHealth -SystemRoot $Root -Verbose 4>&1 | Tee-Object -Variable stream | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }

        $report.IsOffline | Should -BeTrue
        $report.ComputerName | Should -Be 'EX2000'
        $report.ComputerName | Should -Not -Be ([Environment]::MachineName)
        $report.ProfileSource | Should -Be (Join-Path $Root 'System32/CONFIG/default')
        $report.ProfileCount | Should -Be $profiles
        ($stream | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join ' ' | Should -Match 'default\.LOG'
        $report.Source | Should -Contain (Join-Path $Root 'System32/CONFIG/system')
        $report.Source | Should -Contain (Join-Path $Root 'System32/CONFIG/AppEvent.Evt')
        $report.Source | Should -Contain (Join-Path $Root 'System32/MAPI32.DLL')
        $report.RecentEventCount | Should -Be $events.Count
        $report.RecentEventCount | Should -BeGreaterThan 0
        $report.LastEventTime.ToUniversalTime() | Should -Be $events.Newest
        $report.AffectedDlls.Path | Should -Be (Join-Path $Root 'System32/MAPI32.DLL')
        @($report.DependentServices | Sort-Object) | Should -Be @('IMAP4Svc', 'MSExchangeIS', 'MSExchangeMTA', 'POP3Svc')
        $report.ExchangeVersion | Should -BeExactly '6.0.5762.0'
        $report.ExchangeServicePack | Should -Be 'SP2'
        $report.Status | Should -Be 'Healthy'
        $report.NeedsHotfix | Should -BeTrue
        $report.Recommendation | Should -Match 'SP3 first'
        $report.Recommendation | Should -Match "Event 9202 was logged $($events.Count) time"
        ($report.NotChecked -join ' ') | Should -Match 'Which processes have Mapi32.dll loaded cannot be read from files'
        ($report.Findings | Where-Object { $_.PSTypeNames[0] -eq 'MapiProfileTools.MapiLoadedProcess' }) | Should -BeNullOrEmpty
        @($report.Findings | Where-Object { $_.PSTypeNames[0] -eq 'MapiProfileTools.SystemAttendantEvent' }).Count | Should -Be $events.Count
    }

    It 'shows the stale profiles, and warns once, when the hive''s log is missing' {
        $bare = Join-Path $TestDrive 'bare'
        $bareRoot = New-ServerTree $bare
        Remove-Item (Join-Path $bareRoot 'System32/CONFIG/default.LOG')

        $report = Get-MapiProfileHealth -SystemRoot $bareRoot -WarningVariable warned -WarningAction SilentlyContinue

        $report.Status | Should -Be 'ProfilesMissing'
        $report.NeedsRestart | Should -BeTrue
        $report.Recommendation | Should -Match 'on the server itself'
        @($warned | Where-Object { $_ -match 'default' }).Count | Should -Be 1
    }

    It 'shows the new properties in Format-List, also after serialization' {
        $local = Get-MapiProfileHealth -SystemRoot $Root
        $remote = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($local))
        $text = $local | Format-List | Out-String -Width 250

        $text | Should -Match 'DependentServices\s+: \{'
        $text | Should -Match 'ExchangeVersion\s+: 6\.0\.5762\.0'
        $text | Should -Match 'ExchangeServicePack\s+: SP2'
        ($remote | Format-List | Out-String -Width 250) | Should -Be $text
        $remote.DependentServices.Count | Should -Be 4
        # Leaving PowerShell (Output/ReadableList.cs): lists as "a; b", the version as text, local and remote alike.
        foreach ($row in ($local, $remote | ConvertTo-Csv | ConvertFrom-Csv)) {
            $row.DependentServices | Should -BeExactly ($local.DependentServices -join '; ')
            $row.ExchangeVersion | Should -BeExactly '6.0.5762.0'
            $row.Source | Should -BeExactly ($local.Source -join '; ')
        }
        ($local | ConvertTo-Json -Depth 6) | Should -Not -Match '"Major"\s*:'
    }

    It 'writes NotASystemRoot for a folder without system32, and stops with FileNotFound for a missing one' {
        $null = Get-MapiProfileHealth -SystemRoot $Drive -ErrorVariable notRoot -ErrorAction SilentlyContinue
        $failure = { Get-MapiProfileHealth -SystemRoot (Join-Path $TestDrive 'nowhere') } | Should -Throw -PassThru

        $notRoot.FullyQualifiedErrorId | Should -Be "NotASystemRoot,$CommandId"
        $failure.FullyQualifiedErrorId | Should -Be "FileNotFound,$CommandId"
    }

    It 'is refused by Restart-SystemAttendant, which says to restart on the server itself' {
        $report = Get-MapiProfileHealth -SystemRoot $Root

        $records = $report | Restart-SystemAttendant -Confirm:$false -PassThru -ErrorVariable refused -ErrorAction SilentlyContinue

        $records | Should -BeNullOrEmpty
        $refused.FullyQualifiedErrorId | Should -Be 'OfflineReport,MapiProfileTools.Commands.RestartSystemAttendantCommand'
        $refused.Exception.Message | Should -Match 'on the server itself'
        $refused.Exception.Message | Should -Match 'EX2000'
    }
}

Describe 'Get-MapiProfileHealth -EventLogPath' -Skip:$NoEvidence {
    It 'counts the 9202 events of the file and takes the server''s name from them' {
        $events = Get-EvtexportCount (Join-Path $env:MAPI_TEST_DATA 'evt/AppEvent.Evt.evtexport.txt')

        $report = Get-MapiProfileHealth -HivePath (Join-Path $Samples 'hives/emptied/DEFAULT') -EventLogPath (Join-Path $env:MAPI_TEST_DATA 'evt/AppEvent.Evt')

        $report.ComputerName | Should -Be 'EXCH2000'
        $report.RecentEventCount | Should -Be $events.Count
        $report.LastEventTime.ToUniversalTime() | Should -Be $events.Newest
        $report.Status | Should -Be 'ProfilesMissing'
        $report.Recommendation | Should -Not -Match 'since it started'
    }

    It 'writes NotAnEventLog for a file that is no event log, and never says Healthy' {
        $report = Get-MapiProfileHealth -HivePath (Join-Path $Samples 'hives/healthy/DEFAULT') -EventLogPath (Join-Path $Samples 'hives/healthy/DEFAULT') -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.FullyQualifiedErrorId | Should -Be "NotAnEventLog,$CommandId"
        $report.Status | Should -Be 'Unknown'
        $report.RecentEventCount | Should -BeNullOrEmpty
    }
}

Describe 'The committed sample server folder (samples/server)' {
    It 'reads as its README says: EX2000, profiles deleted in default.LOG, three 9202 events, Exchange 2000 SP2' {
        $report = Get-MapiProfileHealth -SystemRoot (Join-Path $Samples 'server/WINNT')

        $report.ComputerName | Should -Be 'EX2000'
        $report.Status | Should -Be 'ProfilesMissing'
        $report.RecentEventCount | Should -Be 3
        $report.ExchangeVersion | Should -Be ([version]'6.0.5762.0')
        $report.ExchangeServicePack | Should -Be 'SP2'
        @($report.DependentServices | Sort-Object) | Should -Be @('IMAP4Svc', 'MSExchangeIS', 'MSExchangeMTA', 'POP3Svc')
        $report.AffectedDlls.FileVersion | Should -Be ([version]'6.0.6447.9')
        @($report.Source).Count | Should -Be 5
    }
}
