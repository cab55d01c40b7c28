# Services' configurations read from the registry through the core's RegistryServiceConfigurationSource:
# the live HKLM\SYSTEM\CurrentControlSet\Services under Wine in the Windows lane, checked against what
# PowerShell's own Registry provider reads there; its platform guard on Linux.

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
}

Describe 'Live service configuration off Windows' -Skip:$OnWindows {
    It 'refuses the live registry with one PlatformNotSupportedException' {
        $failure = { [MapiProfileTools.Core.Services.RegistryServiceConfigurationSource]::OpenLive() } | Should -Throw -PassThru
        $failure.Exception.InnerException | Should -BeOfType [PlatformNotSupportedException]
        $failure.Exception.InnerException.Message | Should -BeLike '*only available on Windows*'
    }
}

Describe 'Live service configuration' -Skip:(-not $OnWindows) {
    BeforeAll {
        $script:Source = [MapiProfileTools.Core.Services.RegistryServiceConfigurationSource]::OpenLive()
        $script:HostExe = [Environment]::ProcessPath
        $script:Name = 'MapiCfgSvc' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        # A quoted program path with arguments, as installers write it; a dependency on a real service.
        $null = New-Service -Name $Name -DisplayName "MapiProfileTools config test $Name" -BinaryPathName "`"$HostExe`" --service $Name" `
            -DependsOn 'RpcSs' -StartupType Manual
        $script:ServicesKey = 'HKLM:\SYSTEM\CurrentControlSet\Services'
        function Get-RawValue([string] $Service, [string] $Value) {
            # The Registry provider, with the stored (unexpanded) form of REG_EXPAND_SZ: an independent reading.
            (Get-Item -LiteralPath "$ServicesKey\$Service").GetValue($Value, $null, 'DoNotExpandEnvironmentNames')
        }
    }

    AfterAll {
        if ($Source) { $Source.Dispose() }
        & "$env:SystemRoot\System32\sc.exe" delete $Name | Out-Null
    }

    It 'reads a real service''s entry as the registry stores it' {
        $rpc = $Source.Get('rpcss')

        $rpc.Name | Should -Be (Split-Path -Leaf (Get-Item -LiteralPath "$ServicesKey\RpcSs").Name)
        $rpc.ImagePath | Should -Be (Get-RawValue RpcSs ImagePath)
        $rpc.ImagePath | Should -Not -BeNullOrEmpty
        [uint32] $rpc.StartType | Should -Be (Get-RawValue RpcSs Start)
        $rpc.KeyPath | Should -BeLike 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\*'
    }

    It 'reads a service New-Service created: quoted image with arguments, dependency, start type' {
        $service = $Source.Get($Name)

        $service.ImagePath | Should -Be "`"$HostExe`" --service $Name"
        $service.DisplayName | Should -Be "MapiProfileTools config test $Name"
        $service.StartType | Should -Be 'Manual'
        [MapiProfileTools.Core.Services.ImagePathParser]::ImageFile($service.ImagePath, $null) | Should -Be $HostExe
        $stored = @(Get-RawValue $Name DependOnService)
        $service.DependOnService | Should -Be $stored
        if (-not $stored) {
            Set-ItResult -Skipped -Because 'this Windows (Wine) did not store DependOnService for New-Service -DependsOn; the dependency walk is proven on a hivex-written SYSTEM hive in the core tests'
            return
        }
        $service.DependOnService | Should -Contain 'RpcSs'
        $Source.GetDependents('RpcSs', $false).Name | Should -Contain $Name
    }

    It 'lists every service the Registry provider lists' {
        $expected = (Get-ChildItem -LiteralPath $ServicesKey).PSChildName | Sort-Object
        $all = $Source.GetAll()

        ($all.Name | Sort-Object) | Should -Be $expected
        $Source.Warnings | Should -BeNullOrEmpty
    }
}
