# Results that leave PowerShell (issue 9 item 7): every output type through Export-Csv/ConvertTo-Csv
# and ConvertTo-Json, live and in the Deserialized. form Invoke-Command returns, reads as a person
# would write it (lists as "a; b", versions and durations as text), while the objects keep the typed
# items PowerShell pipes on. Real inputs: the sample DLL and hives, a process mapping the DLL. The
# rule these specs hold the output types to is written in src/MapiProfileTools/Output/ReadableList.cs;
# new output types and properties belong here too. Through a real remote session: Remoting.Tests.ps1.

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
    $script:Root = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
    $script:OldDll = Join-Path $Root 'samples/dll/before-fix/MAPI32.DLL'
    $script:HealthyHive = Join-Path $Root 'samples/hives/healthy/DEFAULT'
    $script:EmptiedHive = Join-Path $Root 'samples/hives/emptied/DEFAULT'

    function ConvertTo-Deserialized($InputObject) {
        [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($InputObject))
    }

    # What a spreadsheet gets: the CSV row read back as text.
    function Get-CsvRow($InputObject) { $InputObject | ConvertTo-Csv | ConvertFrom-Csv }

    # Nothing a person cannot read: no .NET type names, no "System.Object[]".
    function Assert-NoTypeNames($Row) {
        foreach ($property in $Row.PSObject.Properties) {
            "$($property.Value)" | Should -Not -Match '^(System|Deserialized|MapiProfileTools)\.[\w.`\[\]]+$' -Because "$($property.Name) must be readable"
            "$($property.Value)" | Should -Not -Match 'System\.(Object|String)\[\]|System\.Collections' -Because "$($property.Name) must be readable"
        }
    }

    # Stop-Service -Name's shape: a string[] parameter taking the pipeline by value and by property name.
    function Select-ServiceName {
        [CmdletBinding()]
        param([Parameter(ValueFromPipeline, ValueFromPipelineByPropertyName)] [Alias('ServiceName')] [AllowEmptyCollection()] [string[]] $Name)
        process { $Name }
    }

    # No version or duration written as an object of its parts.
    function Assert-JsonReadable([string] $Json) {
        $Json | Should -Not -Match '"(Major|MajorRevision|Ticks|TotalSeconds)"\s*:'
    }
}

Describe 'Test-MapiDllVersion results leaving PowerShell' {
    BeforeAll {
        $script:Result = Test-MapiDllVersion -LiteralPath $OldDll
    }

    It 'writes versions as text in CSV, live and deserialized' {
        foreach ($object in $Result, (ConvertTo-Deserialized $Result)) {
            $row = Get-CsvRow $object
            Assert-NoTypeNames $row
            $row.FileVersion | Should -BeExactly '6.0.6447.9'
            $row.MinimumVersion | Should -BeExactly '6.0.6448.0'
            $row.IsAffected | Should -BeExactly 'True'
        }
    }

    It 'writes versions as strings in JSON, live and deserialized' {
        foreach ($object in $Result, (ConvertTo-Deserialized $Result)) {
            $json = $object | ConvertTo-Json
            Assert-JsonReadable $json
            $read = $json | ConvertFrom-Json
            $read.FileVersion | Should -BeExactly '6.0.6447.9'
            $read.ProductVersion | Should -BeOfType [string]
            $read.IsAffected | Should -BeTrue
        }
    }

    It 'keeps the typed answer and a version that casts back' {
        $Result.IsAffected | Should -BeOfType [bool]
        [version]$Result.FileVersion | Should -BeLessThan ([version]$Result.MinimumVersion)
    }
}

Describe 'Get-MessagingProfile results leaving PowerShell' {
    BeforeAll {
        $script:Profile = Get-MessagingProfile -HivePath $HealthyHive
    }

    It 'writes its services and sections as readable lists in CSV, live and deserialized' {
        foreach ($object in $Profile, (ConvertTo-Deserialized $Profile)) {
            $row = Get-CsvRow $object
            Assert-NoTypeNames $row
            $row.Services | Should -BeExactly (($Profile.Services | ForEach-Object { "$_" }) -join '; ')
            $row.Services | Should -Match '^MSEMS'
            $row.Sections | Should -Match '13dbb0c8aa05101a9bb000aa002fc45a \(Exchange global section\)'
        }
    }

    It 'writes JSON without objects of a version''s parts' {
        Assert-JsonReadable ($Profile | ConvertTo-Json -Depth 6)
        ($Profile | ConvertTo-Json -Depth 6 | ConvertFrom-Json).Services[0].Name | Should -BeExactly 'MSEMS'
    }

    It 'keeps typed services that index and enumerate' {
        $Profile.Services[0].Name | Should -BeExactly 'MSEMS'
        @($Profile.Services).Count | Should -Be $Profile.Services.Count
        ($Profile.Sections | Where-Object Uid -EQ '13dbb0c8aa05101a9bb000aa002fc45a').Properties.Name | Should -Contain 'PR_PROFILE_HOME_SERVER'
    }
}

Describe 'Get-MapiProfileHealth results leaving PowerShell' {
    BeforeAll {
        $script:Report = Get-MapiProfileHealth -HivePath $EmptiedHive -DllPath $OldDll -WarningAction SilentlyContinue
    }

    It 'has lists to export' {
        $Report.AffectedDlls.Count | Should -Be 1
        $Report.NotChecked.Count | Should -BeGreaterThan 0
        $Report.Findings.Count | Should -BeGreaterThan 0
    }

    It 'writes AffectedDlls, NotChecked and Findings as readable text in CSV, live and deserialized' {
        foreach ($object in $Report, (ConvertTo-Deserialized $Report)) {
            $row = Get-CsvRow $object
            Assert-NoTypeNames $row
            $row.AffectedDlls | Should -BeExactly $OldDll
            $row.NotChecked | Should -BeExactly ($Report.NotChecked -join '; ')
            $row.Findings | Should -Match ([regex]::Escape($OldDll))
            $row.LoadingProcesses | Should -BeExactly (($Report.LoadingProcesses | ForEach-Object { "$_" }) -join '; ')
            $row.Status | Should -BeExactly 'ProfilesMissing'
        }
    }

    It 'writes JSON with lists as arrays and versions as strings, live and deserialized' {
        foreach ($object in $Report, (ConvertTo-Deserialized $Report)) {
            $json = $object | ConvertTo-Json -Depth 6
            Assert-JsonReadable $json
            $read = $json | ConvertFrom-Json
            $read.AffectedDlls[0].FileVersion | Should -BeExactly '6.0.6447.9'
            @($read.NotChecked) | Should -Be @($Report.NotChecked)
        }
    }

    It 'keeps typed evidence that pipes on' {
        $Report.AffectedDlls[0].IsAffected | Should -BeTrue
        ($Report.AffectedDlls | Test-MapiDllVersion).Path | Should -Be $OldDll
    }
}

Describe 'Get-MapiLoadedProcess results leaving PowerShell' -Skip:$OnWindows {
    # A real process with the sample DLL mapped; Windows lists only DLLs a process loaded, which a
    # mapped copy is not, so the Linux lane covers this (the deserialized form below runs in both).
    BeforeAll {
        $script:Copy = Join-Path $TestDrive 'mapi32.dll'
        Copy-Item -LiteralPath $OldDll -Destination $Copy
        $ready = Join-Path $TestDrive 'export-mapper.ready'
        $script:Mapper = Start-FileMapper -Files $Copy -Access Read -Ready $ready
        Wait-FileMapper $ready
        $script:Process = Get-MapiLoadedProcess -Id $Mapper.Id
    }

    AfterAll {
        $Mapper | Stop-Process -Force -ErrorAction Ignore
    }

    It 'writes ServiceName as text in CSV, live and deserialized' {
        foreach ($object in $Process, (ConvertTo-Deserialized $Process)) {
            $row = Get-CsvRow $object
            Assert-NoTypeNames $row
            $row.ServiceName | Should -BeExactly ($Process.ServiceName -join '; ')
            $row.ModulePath | Should -BeExactly $Copy
        }
    }

    It 'binds ServiceName by property name as the array did (Get-Service -Name, Stop-Service -Name)' {
        $bound = @($Process | Select-ServiceName | ForEach-Object { $_ })

        $bound.Count | Should -Be $Process.ServiceName.Count
        "$bound" | Should -Not -Match ([regex]::Escape($Process.ModulePath))
    }

    It 'writes JSON with ServiceName as an array of names' {
        $read = $Process | ConvertTo-Json | ConvertFrom-Json
        @($read.ServiceName) | Should -Be @($Process.ServiceName)
        $read.Id | Should -Be $Mapper.Id
    }
}

Describe 'Get-SystemAttendantEvent results leaving PowerShell' -Skip:(-not ($env:MAPI_TEST_DATA -and (Test-Path (Join-Path $env:MAPI_TEST_DATA 'evt/AppEvent.Evt')))) {
    # The server log written by tests/fixtures/EvtWriter and read back by libevt's evtexport in its own specs.
    BeforeAll {
        $script:Events = Get-SystemAttendantEvent -Path (Join-Path $env:MAPI_TEST_DATA 'evt/AppEvent.Evt') -All
        $script:WithData = $Events | Where-Object { $_.Data.Count -gt 0 } | Select-Object -First 1
        $script:WithStrings = $Events | Where-Object { $_.InsertionStrings.Count -gt 1 } | Select-Object -First 1
    }

    It 'writes insertion strings as "a; b" and data as hex in CSV, live and deserialized' {
        foreach ($object in $WithStrings, (ConvertTo-Deserialized $WithStrings)) {
            $row = Get-CsvRow $object
            Assert-NoTypeNames $row
            $row.InsertionStrings | Should -BeExactly ($WithStrings.InsertionStrings -join '; ')
        }
        foreach ($object in $WithData, (ConvertTo-Deserialized $WithData)) {
            (Get-CsvRow $object).Data | Should -BeExactly (($WithData.Data | ForEach-Object { $_.ToString('X2') }) -join ' ')
        }
        (Get-CsvRow $WithData).Data | Should -Match '^([0-9A-F]{2} )*[0-9A-F]{2}$'
    }

    It 'writes JSON with the strings as an array, and keeps the typed bytes' {
        $read = $WithStrings | ConvertTo-Json | ConvertFrom-Json
        @($read.InsertionStrings) | Should -Be @($WithStrings.InsertionStrings)
        $WithData.Data[0] | Should -BeOfType [byte]
    }
}

Describe 'List properties with several items' {
    It 'join their items with "; " in CSV, live and deserialized, and stay typed' {
        $list = [MapiProfileTools.ReadableList[string]]::new([string[]]('MSExchangeSA', 'MSExchangeIS'))
        $holder = [pscustomobject]@{ ServiceName = $list }

        (Get-CsvRow $holder).ServiceName | Should -BeExactly 'MSExchangeSA; MSExchangeIS'
        (Get-CsvRow (ConvertTo-Deserialized $holder)).ServiceName | Should -BeExactly 'MSExchangeSA; MSExchangeIS'
        ($holder | ConvertTo-Json -Compress) | Should -BeExactly '{"ServiceName":["MSExchangeSA","MSExchangeIS"]}'
        $list[1] | Should -BeExactly 'MSExchangeIS'
        $list -contains 'MSExchangeSA' | Should -BeTrue
    }

    It 'bind by property name to a string[] parameter that also takes the pipeline by value, as arrays do' {
        # Were the list not taken as it is, the binder would bind the whole object's text by value
        # ('proc (1): ...') before it tried the property with a conversion.
        $holder = [pscustomobject]@{ ServiceName = [MapiProfileTools.ReadableList[string]]::new([string[]]('MSExchangeSA', 'MSExchangeIS')) }

        $holder | Select-ServiceName | Should -Be @('MSExchangeSA', 'MSExchangeIS')
    }
}
