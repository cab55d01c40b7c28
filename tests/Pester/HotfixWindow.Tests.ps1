# The seed's hotfix window, proven: before the fix, stop the third-party services that load Mapi32.dll
# (the SA and its dependents stay up); after it, start exactly those again, and confirm every Mapi32.dll is
# 6.0.6448.0 or later. Under Wine: real services (the test host run as a service that loads Wine's
# mapi32.dll), one posing as the System Attendant; in both lanes: the committed sample DLLs before and after.

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
    $script:Samples = Join-Path $PSScriptRoot '../../samples'
}

Describe 'After the hotfix, on the sample DLLs' {
    BeforeAll {
        $script:BeforeFix = Join-Path $Samples 'dll/before-fix/MAPI32.DLL'
        $script:WithFix = Join-Path $Samples 'dll/with-fix/MAPI32.DLL'
        $script:Healthy = Join-Path $Samples 'hives/healthy'
    }

    It 'Test-MapiDllVersion confirms 6.0.6448.0 or later for the fixed file, not for the old one' {
        $old = Test-MapiDllVersion -Path $BeforeFix
        $new = Test-MapiDllVersion -Path $WithFix

        $old.IsAffected | Should -BeTrue
        $new.IsAffected | Should -BeFalse
        $new.FileVersion | Should -BeGreaterOrEqual ([version]'6.0.6448.0')
        Test-MapiDllVersion -Path $WithFix -Quiet | Should -BeTrue
    }

    It 'NeedsHotfix turns false once the only Mapi32.dll is the fixed one' {
        $before = Get-MapiProfileHealth -HivePath $Healthy -DllPath $BeforeFix -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $after = Get-MapiProfileHealth -HivePath $Healthy -DllPath $WithFix -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        $before.NeedsHotfix | Should -BeTrue
        $after.NeedsHotfix | Should -BeFalse
        $after.AffectedDlls | Should -BeNullOrEmpty
    }
}

Describe 'The hotfix window on real services' -Skip:(-not $OnWindows) {
    BeforeAll {
        $script:HostExe = if ($env:MAPI_WINDOWS_HOST) { $env:MAPI_WINDOWS_HOST } else { [Environment]::ProcessPath }
        $script:Sc = "$env:SystemRoot\System32\sc.exe"
        $suffix = [guid]::NewGuid().ToString('N').Substring(0, 6)
        # A third-party MAPI service (the backup agent), and Exchange's own: the System Attendant under its
        # real name, and a service depending on it (as the Information Store does). All load mapi32.dll.
        $script:Agent = "MapiBackup$suffix"
        $script:Store = "MapiStore$suffix"
        $script:Created = @($Agent, $Store, 'MSExchangeSA')
        $existingImage = (Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\MSExchangeSA' -Name ImagePath -ErrorAction Ignore).ImagePath
        if ($existingImage -and $existingImage -notmatch '--service MSExchangeSA --load') {
            throw 'A real System Attendant (MSExchangeSA) is installed here: this spec only runs where it may install its own.'
        }
        if ($existingImage) {
            # Left by an interrupted run of this spec.
            & $Sc delete MSExchangeSA | Out-Null
        }
        # Exchange's services run from an Exchsrvr\bin folder, as setup installs them: the test host's files
        # copied there (about 120 MB; Wine names a hard-linked program by its first path), so the System
        # Attendant's ImagePath names that folder.
        # Outside TestDrive: the loader keeps the files open a moment after the services' processes end.
        $script:ExchangeRoot = Join-Path ([IO.Path]::GetTempPath()) ('mapi-hotfix-' + [guid]::NewGuid().ToString('N'))
        $exchangeBin = Join-Path $ExchangeRoot 'Program Files\Exchsrvr\bin'
        $null = New-Item -ItemType Directory -Path $exchangeBin -Force
        Get-ChildItem -File -Path (Split-Path -Parent $HostExe) | Copy-Item -Destination $exchangeBin
        $script:ExchangeExe = Join-Path $exchangeBin (Split-Path -Leaf $HostExe)
        function New-MapiService([string] $Name, [string[]] $DependsOn, [string] $Program = $HostExe) {
            $binary = "`"$Program`" --service $Name --load mapi32.dll"
            $extra = if ($DependsOn) { @{ DependsOn = $DependsOn } } else { @{} }
            $null = New-Service -Name $Name -DisplayName "MapiProfileTools hotfix test $Name" -BinaryPathName $binary -StartupType Manual @extra
        }
        function Wait-Running([string] $Name) {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ((Get-Service -Name $Name).Status -ne 'Running') {
                if ([DateTime]::UtcNow -gt $deadline) { throw "$Name did not start" }
                Start-Sleep -Milliseconds 200
            }
        }
        function Get-ServicePid([string] $Name) {
            ([MapiProfileTools.Core.Services.WindowsServiceControl]::new().Query($Name)).ProcessId
        }

        New-MapiService 'MSExchangeSA' -Program $ExchangeExe
        # The store runs from the third party's folder: only its dependency on the SA makes it Exchange's.
        New-MapiService $Store -DependsOn 'MSExchangeSA'
        New-MapiService $Agent
        foreach ($name in 'MSExchangeSA', $Store, $Agent) {
            Start-Service -Name $name
            Wait-Running $name
        }
        # A service has the DLL loaded once it reports running; the scan below must see all three.
        $script:ExchangePids = @((Get-ServicePid 'MSExchangeSA'), (Get-ServicePid $Store))
    }

    AfterAll {
        foreach ($name in $Created) {
            $servicePid = Get-ServicePid $name
            if ($servicePid -gt 0) {
                Stop-Process -Id $servicePid -Force -ErrorAction Ignore
                Wait-Process -Id $servicePid -Timeout 30 -ErrorAction Ignore
            }
            & $Sc delete $name | Out-Null
        }
        Remove-Item -LiteralPath $ExchangeRoot -Recurse -Force -ErrorAction Ignore
    }

    It 'finds each MAPI service with its name, and tells Exchange''s from the third party''s' {
        $found = Get-MapiLoadedProcess

        $agent = $found | Where-Object { $_.ServiceName -contains $Agent }
        $agent.IsExchange | Should -BeFalse
        $agent.ModuleName | Should -Be 'mapi32.dll'
        , $agent.ServiceName | Should -BeOfType [System.Collections.Generic.IReadOnlyList[string]]
        $sa = $found | Where-Object { $_.ServiceName -contains 'MSExchangeSA' }
        $sa.IsExchange | Should -BeTrue
        $sa.ImagePath | Should -Be $ExchangeExe
        # Exchange's through DependOnService, which Wine keeps in the registry though its SCM does not report it.
        ($found | Where-Object { $_.ServiceName -contains $Store }).IsExchange | Should -BeTrue
    }

    It 'stops only the third-party services through the pipeline, and starts exactly those again' {
        $exchangeBefore = @((Get-ServicePid 'MSExchangeSA'), (Get-ServicePid $Store))

        $stopped = Get-MapiLoadedProcess | Where-Object { $_.ServiceName -and -not $_.IsExchange } | Stop-Service -PassThru

        $stopped.Name | Should -Be @($Agent)
        (Get-Service -Name $Agent).Status | Should -Be 'Stopped'
        @((Get-ServicePid 'MSExchangeSA'), (Get-ServicePid $Store)) | Should -Be $exchangeBefore
        # Nothing loads the old DLL now: Get-MapiLoadedProcess sees no third-party service.
        Get-MapiLoadedProcess | Where-Object { $_.ServiceName -contains $Agent } | Should -BeNullOrEmpty

        $stopped | Start-Service
        Wait-Running $Agent
        (Get-MapiLoadedProcess | Where-Object { $_.ServiceName -contains $Agent }).IsExchange | Should -BeFalse
    }

    It 'stops every service a ServiceName array names, as it would for a process hosting several' {
        # Stop-Service -Name takes the whole string[] from the ServiceName property.
        $hosting = [pscustomobject]@{ PSTypeName = 'MapiProfileTools.MapiLoadedProcess'; ServiceName = [string[]]@($Agent, $Store) }

        $stopped = $hosting | Stop-Service -PassThru -Force
        ($stopped.Name | Sort-Object) | Should -Be (@($Agent, $Store) | Sort-Object)

        $stopped | Start-Service
        Wait-Running $Agent
        Wait-Running $Store
    }
}
