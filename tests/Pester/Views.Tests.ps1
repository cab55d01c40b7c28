# The default table views at 80 columns (Out-String -Width 80), as a user in a standard console sees
# them: nothing cut to its useless beginning, headers on one line, the identifying column kept; and
# the Wide views for wider terminals. Real objects from the sample DLLs and hive, a real process
# mapping a DLL (Linux lane), and the Deserialized. forms that Invoke-Command returns.

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
    $script:Root = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
    $script:Sep = [IO.Path]::DirectorySeparatorChar
    # A DLL deep in a folder tree, as a backup agent installs it.
    $script:Deep = Join-Path $TestDrive (Join-Path 'Program Files' (Join-Path 'Contoso Backup Agent' (Join-Path 'Exchange Integration' 'bin')))
    $null = New-Item -ItemType Directory -Path $Deep -Force
    $script:DeepDll = Join-Path $Deep 'MAPI32.DLL'
    Copy-Item -LiteralPath (Join-Path $Root 'samples/dll/before-fix/MAPI32.DLL') -Destination $DeepDll

    function Format-At80 { param([Parameter(ValueFromPipeline)] $InputObject) end { ($input | Out-String -Width 80) -split '\r?\n' } }

    function Assert-FitsIn80([string[]] $Lines) {
        foreach ($line in $Lines) { $line.Length | Should -BeLessOrEqual 80 -Because "'$line' must fit" }
    }

    # The form Invoke-Command returns: a property bag under the Deserialized. type name.
    function ConvertTo-Deserialized([string] $TypeName, [hashtable] $Properties) {
        $object = [pscustomobject]$Properties
        $object.PSTypeNames.Insert(0, $TypeName)
        [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($object))
    }
}

Describe 'Test-MapiDllVersion at 80 columns' {
    It 'shows the path first, cut from the left so the file name and its folders stay' {
        $lines = Test-MapiDllVersion -LiteralPath $DeepDll | Format-At80

        Assert-FitsIn80 $lines
        $lines | Should -Contain ($lines -match '^Path\s+IsAffected\s+FileVersion\s+Machine\s+ProcessId$')[0]
        $row = $lines -match 'MAPI32\.DLL' | Select-Object -First 1
        $row | Should -Match ("^….*" + [regex]::Escape("Integration${Sep}bin${Sep}MAPI32.DLL") + '\s+True\s+6\.0\.6447\.9\s+x86\b')
    }

    It 'keeps every column and the whole path in the Wide view' {
        $text = Test-MapiDllVersion -LiteralPath $DeepDll | Format-Table -View Wide | Out-String -Width 250

        $text | Should -Match 'MinimumVersion'
        $text | Should -Match ([regex]::Escape($DeepDll))
    }
}

Describe 'Get-MapiLoadedProcess at 80 columns' {
    It 'keeps the header on one line and the module path''s end (deserialized form)' {
        $process = ConvertTo-Deserialized 'MapiProfileTools.MapiLoadedProcess' @{
            Id = 2212; ProcessName = 'bkupagent'; ModuleName = 'mapi32.dll'; ModulePath = $DeepDll; Architecture = 'x86'
            UserName = 'CONTOSO\backupsvc'; ServiceName = @('BackupAgentSvc'); ComputerName = 'EX01'
        }

        $lines = $process | Format-At80

        Assert-FitsIn80 $lines
        @($lines -match '^\s+Id\s+ProcessName\s+ServiceName\s+ModulePath$').Count | Should -Be 1
        $lines -match '^\s+2212 bkupagent\s+BackupAgentSvc\s+….*bin.MAPI32\.DLL$' | Should -Not -BeNullOrEmpty
    }

    It 'shows a real process that maps a deep DLL the same way' -Skip:$OnWindows {
        # Windows lists only DLLs a process loaded, which a mapped copy is not: the Linux lane covers this.
        $ready = Join-Path $TestDrive 'mapper.ready'
        $mapper = Start-FileMapper -Files $DeepDll -Access Read -Ready $ready
        try {
            Wait-FileMapper $ready
            $lines = Get-MapiLoadedProcess -Id $mapper.Id | Format-At80

            Assert-FitsIn80 $lines
            @($lines -match '^\s+Id\s+ProcessName\s+ServiceName\s+ModulePath$').Count | Should -Be 1
            $lines -match ("^\s+$($mapper.Id) \S+.*….*" + [regex]::Escape("bin${Sep}MAPI32.DLL") + '$') | Should -Not -BeNullOrEmpty
        }
        finally {
            $mapper | Stop-Process -Force -ErrorAction Ignore
        }
    }
}

Describe 'Get-MessagingProfile at 80 columns' {
    It 'keeps the mailbox column, cut from the left to its cn=' {
        $lines = Get-MessagingProfile -HivePath (Join-Path $Root 'samples/hives/healthy/DEFAULT') | Format-At80

        $lines -match '^Name\s+Default\s+ExchangeServer\s+Mailbox$' | Should -Not -BeNullOrEmpty
        $lines -match '^MS Exchange Settings\s+True\s+EX2000\s+….*/cn=Microsoft System Attendant$' | Should -Not -BeNullOrEmpty
        Assert-FitsIn80 ($lines -notmatch '^\s+Source:')
    }

    It 'keeps Services and Location in the Wide view' {
        $text = Get-MessagingProfile -HivePath (Join-Path $Root 'samples/hives/healthy/DEFAULT') | Format-Table -View Wide | Out-String -Width 250

        $text | Should -Match 'Services\s+Location\s+Mailbox'
        $text | Should -Match 'MSEMS\s+Windows Messaging Subsystem'
    }
}

Describe 'Get-MapiProfileHealth at 80 columns' {
    It 'wraps the recommendation between words' {
        $report = Get-MapiProfileHealth -HivePath (Join-Path $Root 'samples/hives/emptied/DEFAULT') -DllPath $DeepDll -WarningAction SilentlyContinue

        $lines = $report | Format-At80

        Assert-FitsIn80 $lines
        @($lines -match '^ComputerName\s+Status\s+Profiles\s+Restart\s+Hotfix\s+Recommendation$').Count | Should -Be 1
        $text = $lines -join "`n"
        # PowerShell's own wrapping cuts words ('ar' / 'e gone'): every word that fits a line is whole.
        foreach ($word in $report.Recommendation -split '\s+' | Where-Object Length -LE 23) {
            $text | Should -Match ([regex]::Escape($word))
        }
    }
}

Describe 'Restart records and events at 80 columns (deserialized form)' {
    It 'fits a restart record with a long error' {
        $record = ConvertTo-Deserialized 'MapiProfileTools.ServiceRestartRecord' @{
            Role = 'Dependent'; Name = 'MSExchangeIS'; DisplayName = 'Microsoft Exchange Information Store'
            StatusBefore = 'Running'; StatusAfter = 'Stopped'; Duration = [TimeSpan]::FromSeconds(63)
            Error = 'The service did not start within the timeout of 10 minutes; it was left stopped.'
        }

        $lines = $record | Format-At80

        Assert-FitsIn80 $lines
        @($lines -match '^Role\s+Name\s+Before\s+After\s+Duration\s+Error$').Count | Should -Be 1
        ($lines -join "`n") | Should -Match 'timeout'
    }

    It 'fits an event' {
        $event = ConvertTo-Deserialized 'MapiProfileTools.SystemAttendantEvent' @{
            TimeCreated = [datetime]'2003-09-02T08:15:00'; Id = 9202; ProviderName = 'MSExchangeSA'; Level = 'Error'
            Message = 'Failed to open default message store. Mailbox Management could not start.'; ComputerName = 'EX01'
        }

        $lines = $event | Format-At80

        Assert-FitsIn80 $lines
        $lines -match '9202\s+Error\s+MSExchangeSA\s+Failed to open' | Should -Not -BeNullOrEmpty
    }
}

Describe 'TableText' {
    It 'leaves text that fits alone and cuts longer text from the left to the width' {
        [MapiProfileTools.Formatting.TableText]::FromLeft('C:\WINNT\system32\MAPI32.DLL', 40) | Should -BeExactly 'C:\WINNT\system32\MAPI32.DLL'
        [MapiProfileTools.Formatting.TableText]::FromLeft('C:\WINNT\system32\MAPI32.DLL', 12) | Should -BeExactly '…\MAPI32.DLL'
        [MapiProfileTools.Formatting.TableText]::FromLeft($null, 12) | Should -BeExactly ''
    }

    It 'wraps between words and splits only a word longer than the line' {
        [MapiProfileTools.Formatting.TableText]::Wrap('restart the System Attendant', 12) | Should -BeExactly "restart the`nSystem`nAttendant"
        [MapiProfileTools.Formatting.TableText]::Wrap('(Restart-SystemAttendant)', 10) | Should -BeExactly "(Restart-S`nystemAtten`ndant)"
    }
}
