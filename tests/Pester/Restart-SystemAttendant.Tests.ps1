# Restart-SystemAttendant against a real Windows service (the test host run as a service) in the
# Windows lane. Wine reports no service dependencies, so the dependency order is proven with the
# simulator in the core tests (tests/Core.Tests/Services); here: start, stop, -WhatIf, -PassThru,
# the timeout on a service that never stops, and what may be piped in: names, Get-Service objects,
# health reports (live, deserialized, or read back from CSV) and objects it cannot use.

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
    $script:CommandId = 'MapiProfileTools.Commands.RestartSystemAttendantCommand'
}

Describe 'Restart-SystemAttendant parameter binding' {
    It 'takes only health reports by value into -InputObject, under their real type name' {
        $inputObject = (Get-Command Restart-SystemAttendant).Parameters['InputObject']
        $typeName = $inputObject.Attributes | Where-Object { $_ -is [System.Management.Automation.PSTypeNameAttribute] }

        $typeName.PSTypeName | Should -Be ([MapiProfileTools.MapiProfileHealth].FullName)
        $inputObject.ParameterSets.Keys | Should -Be 'Report'
    }

    It 'takes names by value and service objects by property name into -Name' {
        $name = (Get-Command Restart-SystemAttendant).Parameters['Name']
        $attribute = $name.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }

        $name.ParameterType | Should -Be ([string[]])
        $attribute.ValueFromPipeline | Should -BeTrue
        $attribute.ValueFromPipelineByPropertyName | Should -BeTrue
        $name.Aliases | Should -Contain 'ServiceName'
    }
}

Describe 'Restart-SystemAttendant -Timeout' {
    It 'refuses -Timeout -1 in one line of its own words' {
        $failure = { Restart-SystemAttendant -Timeout -1 -Confirm:$false } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -Be "InvalidTimeout,$CommandId"
        $failure.Exception.Message | Should -Not -Match "`n"
        $failure.Exception.Message | Should -Not -Match 'Actual value|Parameter '
        $failure.Exception.Message | Should -Match '^-Timeout must be longer than zero, not -1\.00:00:00\. For example: -Timeout \(New-TimeSpan -Minutes 10\), or -Timeout 00:10:00\.$'
    }
}

Describe 'Restart-SystemAttendant off Windows' -Skip:$OnWindows {
    It 'stops with one PlatformNotSupported error' {
        $failure = { Restart-SystemAttendant -Confirm:$false } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -Be "PlatformNotSupported,$CommandId"
        $failure.Exception.Message | Should -Match 'Invoke-Command'
    }

    It 'judges piped reports before it needs Windows: a healthy one restarts nothing, another computer''s is refused' {
        $here = [Environment]::MachineName
        $healthy = [pscustomobject]@{ PSTypeName = 'MapiProfileTools.MapiProfileHealth'; ComputerName = $here; ServiceName = 'MSExchangeSA'; NeedsRestart = $false }
        $remote = [pscustomobject]@{ PSTypeName = 'MapiProfileTools.MapiProfileHealth'; ComputerName = 'EX99'; ServiceName = 'MSExchangeSA'; NeedsRestart = $true }

        { $healthy, (ConvertTo-Csv -InputObject $healthy | ConvertFrom-Csv) | Restart-SystemAttendant -Confirm:$false -ErrorAction Stop } | Should -Not -Throw
        $null = $remote | Restart-SystemAttendant -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue

        $refused.FullyQualifiedErrorId | Should -Be "ReportForOtherComputer,$CommandId"
    }
}

Describe 'Restart-SystemAttendant on a real service' -Skip:(-not $OnWindows) {
    BeforeAll {
        $script:HostExe = if ($env:MAPI_WINDOWS_HOST) { $env:MAPI_WINDOWS_HOST } else { [Environment]::ProcessPath }
        $script:Control = [MapiProfileTools.Core.Services.WindowsServiceControl]::new()
        $script:Sc = "$env:SystemRoot\System32\sc.exe"

        function New-TestService([string] $Name, [switch] $HangOnStop) {
            $binary = "`"$HostExe`" --service $Name" + $(if ($HangOnStop) { ' --hang-on-stop' })
            $null = New-Service -Name $Name -DisplayName "MapiProfileTools SA test $Name" -BinaryPathName $binary -StartupType Manual
        }

        function Wait-State([string] $Name, [string] $State, [int] $Seconds = 60) {
            $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
            do {
                $status = $Control.Query($Name)
                if ("$($status.State)" -eq $State) { return $status }
                Start-Sleep -Milliseconds 200
            } while ([DateTime]::UtcNow -lt $deadline)
            throw "$Name did not reach $State in $Seconds s (last: $($status.State))"
        }

        function Remove-TestService([string] $Name) {
            $status = $Control.Query($Name)
            if ($status -and $status.ProcessId -gt 0) { Stop-Process -Id $status.ProcessId -Force -ErrorAction Ignore }
            & $Sc delete $Name | Out-Null
        }

        $script:Name = 'MapiSA' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        New-TestService $Name
        $Control.Start($Name)
        $null = Wait-State $Name Running
    }

    AfterAll {
        Remove-TestService $Name
    }

    It '-WhatIf lists the plan and changes nothing' {
        $before = $Control.Query($Name)

        # "What if:" goes to the host, which a test cannot read; the same plan goes to the verbose stream.
        $plan = Restart-SystemAttendant -Name $Name -WhatIf -Verbose 4>&1 | Out-String

        $plan | Should -Match "Restart MapiProfileTools SA test $Name \($Name\) with its running dependent services"
        $plan | Should -Match "Stop MapiProfileTools SA test $Name"
        $plan | Should -Match "Start MapiProfileTools SA test $Name"
        $after = $Control.Query($Name)
        $after.State | Should -Be 'Running'
        $after.ProcessId | Should -Be $before.ProcessId
    }

    It 'restarts the running service and returns a record with -PassThru' {
        $before = $Control.Query($Name)

        $records = Restart-SystemAttendant -Name $Name -Confirm:$false -PassThru

        $records.PSTypeNames[0] | Should -Be 'MapiProfileTools.ServiceRestartRecord'
        $records.Name | Should -Be $Name
        $records.Role | Should -Be 'Target'
        $records.StatusBefore | Should -Be 'Running'
        $records.StatusAfter | Should -Be 'Running'
        $records.Error | Should -BeNullOrEmpty
        [TimeSpan]$records.Duration | Should -BeGreaterThan ([TimeSpan]::Zero)
        # Leaving PowerShell, the duration reads as written (ConvertTo-Json would spell out a TimeSpan's parts).
        ($records | ConvertTo-Json | ConvertFrom-Json).Duration | Should -BeExactly $records.Duration
        ($records | ConvertTo-Csv | ConvertFrom-Csv).Duration | Should -Match '^\d\d:\d\d:\d\d\.\d{7}$'
        $after = $Control.Query($Name)
        $after.State | Should -Be 'Running'
        $after.ProcessId | Should -Not -Be $before.ProcessId
    }

    It 'starts the service when it was stopped' {
        $Control.Stop($Name)
        $null = Wait-State $Name Stopped

        $record = Restart-SystemAttendant -Name $Name -Confirm:$false -PassThru

        $record.StatusBefore | Should -Be 'Stopped'
        $record.StatusAfter | Should -Be 'Running'
        (Wait-State $Name Running 5).State | Should -Be 'Running'
    }

    It 'changes nothing and says so when the service does not exist' {
        $null = Restart-SystemAttendant -Name 'NoSuchSA817375' -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed.FullyQualifiedErrorId | Should -Be "ServiceNotFound,$CommandId"
        $failed.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed.Exception.Message | Should -Match 'NoSuchSA817375'
    }

    It 'restarts a service piped by name' {
        $pid0 = $Control.Query($Name).ProcessId

        $records = $Name | Restart-SystemAttendant -Confirm:$false -PassThru

        $records.Name | Should -Be $Name
        $Control.Query($Name).ProcessId | Should -Not -Be $pid0
    }

    It 'restarts a service piped from Get-Service' {
        $service = Get-Service -Name $Name
        $pid0 = $Control.Query($Name).ProcessId

        $records = $service | Restart-SystemAttendant -Confirm:$false -PassThru

        $records.Name | Should -Be $Name
        $Control.Query($Name).ProcessId | Should -Not -Be $pid0
    }

    It 'restarts once for health reports, only when one needs it, and the service the report names' {
        $pid0 = $Control.Query($Name).ProcessId
        $here = [Environment]::MachineName
        $healthy = [pscustomobject]@{ PSTypeName = 'MapiProfileTools.MapiProfileHealth'; ComputerName = $here; ServiceName = $Name; NeedsRestart = $false }
        $missing = [pscustomobject]@{ PSTypeName = 'MapiProfileTools.MapiProfileHealth'; ComputerName = $here; ServiceName = $Name; NeedsRestart = $true }
        # Bound last, and naming a service that does not exist: the restart must still be of $Name.
        $other = [pscustomobject]@{ PSTypeName = 'MapiProfileTools.MapiProfileHealth'; ComputerName = $here; ServiceName = 'NoSuchSA817375'; NeedsRestart = $false }

        $healthy | Restart-SystemAttendant -Confirm:$false -PassThru | Should -BeNullOrEmpty
        $Control.Query($Name).ProcessId | Should -Be $pid0

        $records = $missing, $missing, $other | Restart-SystemAttendant -Confirm:$false -PassThru -ErrorVariable failed
        @($records).Count | Should -Be 1
        $records.Name | Should -Be $Name
        $failed | Should -BeNullOrEmpty
        $Control.Query($Name).ProcessId | Should -Not -Be $pid0
    }

    It 'restarts nothing when a filter lets no report through' {
        $pid0 = $Control.Query($Name).ProcessId
        $healthy = [pscustomobject]@{ PSTypeName = 'MapiProfileTools.MapiProfileHealth'; ComputerName = [Environment]::MachineName; ServiceName = $Name; NeedsRestart = $false }

        $said = $healthy | Where-Object NeedsRestart | Restart-SystemAttendant -Confirm:$false -PassThru -Verbose 4>&1

        ($said | Out-String) | Should -Match 'Nothing was piped in; nothing was done'
        $Control.Query($Name).ProcessId | Should -Be $pid0
    }

    It 'uses a deserialized report as a report' {
        $pid0 = $Control.Query($Name).ProcessId
        $report = [pscustomobject]@{ PSTypeName = 'MapiProfileTools.MapiProfileHealth'; ComputerName = [Environment]::MachineName; ServiceName = $Name; NeedsRestart = $false }
        $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($report))
        $copy.PSTypeNames[0] | Should -Be 'Deserialized.MapiProfileTools.MapiProfileHealth'

        $copy | Restart-SystemAttendant -Confirm:$false -PassThru | Should -BeNullOrEmpty
        $Control.Query($Name).ProcessId | Should -Be $pid0

        $report.NeedsRestart = $true
        $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($report))
        $records = $copy | Restart-SystemAttendant -Confirm:$false -PassThru
        $records.Name | Should -Be $Name
        $Control.Query($Name).ProcessId | Should -Not -Be $pid0
    }

    It 'uses a report read back from CSV as a report, not as a service name' {
        $pid0 = $Control.Query($Name).ProcessId
        $report = [pscustomobject]@{ PSTypeName = 'MapiProfileTools.MapiProfileHealth'; ComputerName = [Environment]::MachineName; ServiceName = $Name; NeedsRestart = $false }

        $report | ConvertTo-Csv | ConvertFrom-Csv | Restart-SystemAttendant -Confirm:$false -PassThru | Should -BeNullOrEmpty

        $Control.Query($Name).ProcessId | Should -Be $pid0
    }

    It 'warns about a piped object that names no service, and restarts nothing' {
        $pid0 = $Control.Query($Name).ProcessId
        $process = [pscustomobject]@{ ProcessName = 'bkupagent'; ServiceName = @() }

        $null = $process | Restart-SystemAttendant -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue

        $warned | Should -Match 'names no service'
        $Control.Query($Name).ProcessId | Should -Be $pid0
    }

    It 'refuses a service that came from another computer' {
        $pid0 = $Control.Query($Name).ProcessId
        $remote = [pscustomobject]@{ Name = $Name; MachineName = '.'; PSComputerName = 'EX99' }

        $null = $remote | Restart-SystemAttendant -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue

        $refused.FullyQualifiedErrorId | Should -Be "ServiceForOtherComputer,$CommandId"
        $refused.Exception.Message | Should -Match 'EX99'
        $Control.Query($Name).ProcessId | Should -Be $pid0
    }

    It 'refuses a report that came from another computer, live or deserialized' {
        $pid0 = $Control.Query($Name).ProcessId
        $remote = [pscustomobject]@{ PSTypeName = 'MapiProfileTools.MapiProfileHealth'; ComputerName = 'EX99'; ServiceName = $Name; NeedsRestart = $true }
        $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($remote))

        $null = $remote, $copy | Restart-SystemAttendant -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue

        @($refused).Count | Should -Be 2
        $refused.FullyQualifiedErrorId | Should -Be "ReportForOtherComputer,$CommandId", "ReportForOtherComputer,$CommandId"
        $Control.Query($Name).ProcessId | Should -Be $pid0
    }

    It 'ends within its timeout, naming the service, when the service never stops' {
        $hung = 'MapiSAHang' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        New-TestService $hung -HangOnStop
        try {
            $Control.Start($hung)
            $null = Wait-State $hung Running
            $clock = [Diagnostics.Stopwatch]::StartNew()

            $records = Restart-SystemAttendant -Name $hung -Timeout (New-TimeSpan -Seconds 5) -Confirm:$false -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue

            $clock.Elapsed.TotalSeconds | Should -BeLessThan 30
            $failed.FullyQualifiedErrorId | Should -Be "RestartTimedOut,$CommandId"
            $failed.Exception.Message | Should -Match $hung
            $records.Error | Should -Not -BeNullOrEmpty
        }
        finally {
            Remove-TestService $hung
        }
    }
}
