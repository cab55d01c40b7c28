# The core's Windows seams (live registry, service control) exercised for real: under Wine in the
# Windows lane, and their platform guard on Linux. The registry is seeded with PowerShell's own
# Registry provider and read back through the module's WindowsRegistryKey, so the two sides are independent.

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
    # Wine marks its registry; a few Windows behaviours (service dependencies) it does not implement.
    $script:UnderWine = $OnWindows -and (Test-Path -Path 'HKLM:\Software\Wine')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
}

Describe 'Windows seams off Windows' -Skip:$OnWindows {
    It 'refuses the live registry with one PlatformNotSupportedException that says what to do' {
        # .NET method calls from PowerShell wrap the exception in a MethodInvocationException.
        $failure = { [MapiProfileTools.Core.Registry.WindowsRegistryKey]::OpenUsers('.DEFAULT') } | Should -Throw -PassThru
        $failure.Exception.InnerException | Should -BeOfType [PlatformNotSupportedException]
        $failure.Exception.InnerException.Message | Should -BeLike '*only available on Windows*hive file*'
    }

    It 'refuses service control with one PlatformNotSupportedException' {
        $failure = { [MapiProfileTools.Core.Services.WindowsServiceControl]::new() } | Should -Throw -PassThru
        $failure.Exception.InnerException | Should -BeOfType [PlatformNotSupportedException]
        $failure.Exception.InnerException.Message | Should -BeLike 'Service control is only available on Windows*'
    }
}

Describe 'Live registry under HKEY_USERS\.DEFAULT' -Skip:(-not $OnWindows) {
    BeforeAll {
        $script:TestKey = 'Software\MapiProfileToolsTest\' + [guid]::NewGuid().ToString('N')
        $root = "Registry::HKEY_USERS\.DEFAULT\$TestKey"
        $section = "$root\Profiles\Outlook\13dbb0c8aa05101a9bb000aa002fc45a"
        $null = New-Item -Path $section -Force
        $null = New-Item -Path "$root\Profiles\Büro Ärger" -Force
        Set-ItemProperty -Path "$root\Profiles" -Name DefaultProfile -Value 'Outlook' -Type String
        # MAPI keeps every property as REG_BINARY: PR_PROFILE_HOME_SERVER (001e6602) = "EX01" in ANSI.
        Set-ItemProperty -Path $section -Name 001e6602 -Value ([byte[]](0x45, 0x58, 0x30, 0x31, 0x00)) -Type Binary
        Set-ItemProperty -Path $section -Name Flags -Value 0x01020304 -Type DWord
        Set-ItemProperty -Path $section -Name Servers -Value @('EX01', 'EX02') -Type MultiString
        $script:Seeded = [DateTime]::UtcNow
    }

    AfterAll {
        Remove-Item -Path "Registry::HKEY_USERS\.DEFAULT\$TestKey" -Recurse -Force -ErrorAction Ignore
    }

    It 'lists .DEFAULT among the loaded hives' {
        $users = [MapiProfileTools.Core.Registry.WindowsRegistryKey]::OpenUsers()
        try { $users.GetSubKeyNames() | Should -Contain '.DEFAULT' } finally { $users.Dispose() }
    }

    It 'reads subkeys, including non-ASCII names, and the default profile value' {
        $key = [MapiProfileTools.Core.Registry.WindowsRegistryKey]::OpenUsers(".DEFAULT\$TestKey\Profiles")
        try {
            $key.Path | Should -Be "HKEY_USERS\.DEFAULT\$TestKey\Profiles"
            $key.GetSubKeyNames() | Sort-Object | Should -Be @('Büro Ärger', 'Outlook')
            $default = $key.GetValues() | Where-Object Name -EQ 'DefaultProfile'
            $default.Type | Should -Be 'String'
            [Text.Encoding]::Unicode.GetString($default.Data) | Should -Be "Outlook`0"
            $key.LastWriteTimeUtc | Should -BeGreaterThan $Seeded.AddMinutes(-5)
        }
        finally { $key.Dispose() }
    }

    It 'returns every value with its stored type and exact bytes' {
        $key = [MapiProfileTools.Core.Registry.WindowsRegistryKey]::OpenUsers(".DEFAULT\$TestKey")
        try {
            $section = $key.OpenSubKey('Profiles\Outlook\13dbb0c8aa05101a9bb000aa002fc45a')
            $values = @{}
            $section.GetValues() | ForEach-Object { $values[$_.Name] = $_ }

            $values['001e6602'].Type | Should -Be 'Binary'
            $values['001e6602'].Data | Should -Be @(0x45, 0x58, 0x30, 0x31, 0x00)
            $values['Flags'].Type | Should -Be 'DWord'
            [BitConverter]::ToUInt32($values['Flags'].Data, 0) | Should -Be 0x01020304
            $values['Servers'].Type | Should -Be 'MultiString'
            [Text.Encoding]::Unicode.GetString($values['Servers'].Data) | Should -Be "EX01`0EX02`0`0"
        }
        finally { $key.Dispose() }
    }

    It 'answers $null for a key that does not exist' {
        [MapiProfileTools.Core.Registry.WindowsRegistryKey]::OpenUsers(".DEFAULT\$TestKey\NoSuchKey") | Should -BeNullOrEmpty
        $key = [MapiProfileTools.Core.Registry.WindowsRegistryKey]::OpenUsers(".DEFAULT\$TestKey")
        try { $key.OpenSubKey('Profiles\Nobody') | Should -BeNullOrEmpty } finally { $key.Dispose() }
    }
}

Describe 'Service control through the service control manager' -Skip:(-not $OnWindows) {
    BeforeAll {
        # The Windows test host doubles as a tiny service program (tests/WindowsHost, --service).
        $script:HostExe = [Environment]::ProcessPath
        $script:Control = [MapiProfileTools.Core.Services.WindowsServiceControl]::new()
        $script:Name = 'MapiTestSvc' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $null = New-Service -Name $Name -DisplayName "MapiProfileTools test service $Name" -BinaryPathName "`"$HostExe`" --service $Name" -StartupType Manual

        function Wait-ServiceState([string] $ServiceName, [string] $State, [int] $Seconds = 60) {
            $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
            do {
                $status = $Control.Query($ServiceName)
                if ($status.State -eq $State) { return $status }
                Start-Sleep -Milliseconds 250
            } while ([DateTime]::UtcNow -lt $deadline)
            throw "Service $ServiceName did not reach $State within $Seconds s (last: $($status.State))."
        }
    }

    AfterAll {
        if ($Control.Query($Name).State -eq 'Running') {
            $Control.Stop($Name)
            $null = Wait-ServiceState $Name Stopped
        }
        & "$env:SystemRoot\System32\sc.exe" delete $Name | Out-Null
    }

    It 'queries an installed, stopped service with its display name' {
        $status = $Control.Query($Name)

        $status.State | Should -Be 'Stopped'
        $status.DisplayName | Should -Be "MapiProfileTools test service $Name"
        "$status" | Should -Be "MapiProfileTools test service $Name ($Name)"
    }

    It 'starts the service, which then runs in a process of its own that the service list reports' {
        $Control.Start($Name)
        $running = Wait-ServiceState $Name Running

        $running.ProcessId | Should -BeGreaterThan 0
        $running.ProcessId | Should -Not -Be $PID
        ($Control.GetServices() | Where-Object Name -EQ $Name).ProcessId | Should -Be $running.ProcessId
    }

    It 'stops the running service' {
        $Control.Stop($Name)
        (Wait-ServiceState $Name Stopped).ProcessId | Should -Be 0
    }

    It 'answers $null for a service that is not installed and names it when asked to start it' {
        $Control.Query('NoSuchService817375') | Should -BeNullOrEmpty
        $failure = { $Control.Start('NoSuchService817375') } | Should -Throw -PassThru
        $failure.Exception.InnerException | Should -BeOfType [MapiProfileTools.Core.Services.ServiceControlException]
        $failure.Exception.InnerException.Failure | Should -Be 'NotFound'
        $failure.Exception.InnerException.ServiceName | Should -Be 'NoSuchService817375'
    }

    It 'lists a dependent service' {
        if ($UnderWine) {
            Set-ItResult -Skipped -Because 'Wine does not report service dependencies (EnumDependentServices returns none); the restart order is proven with the simulator'
            return
        }
        $dependent = "$Name-dep"
        $null = New-Service -Name $dependent -BinaryPathName "`"$HostExe`" --service $dependent" -DependsOn $Name -StartupType Manual
        try {
            $Control.GetDependentServices($Name).Name | Should -Be @($dependent)
        }
        finally {
            & "$env:SystemRoot\System32\sc.exe" delete $dependent | Out-Null
        }
    }
}
