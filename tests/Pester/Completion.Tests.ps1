# Tab completion of the parameters an admin types most: module names, process names, hives, services.

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule
}

Describe 'Tab completion' {
    It 'offers the MAPI DLLs for -ModuleName, with what each one is' {
        $offered = Get-Completion 'Get-MapiLoadedProcess -ModuleName ms'

        $offered.CompletionText | Should -Be @('msmapi32.dll')
        $offered.ToolTip | Should -Match "Outlook's MAPI"
        (Get-Completion 'Get-MapiProfileHealth -ModuleName ').CompletionText | Should -Contain 'mapi32.dll'
    }

    It 'offers running process names for -Name' {
        $name = (Get-Process -Id $PID).ProcessName

        (Get-Completion "Get-MapiLoadedProcess -Name $($name.Substring(0, 3))").CompletionText | Should -Contain $name
    }

    It 'offers MSExchangeSA for Restart-SystemAttendant -Name where there is no Exchange' -Skip:$OnWindows {
        (Get-Completion 'Restart-SystemAttendant -Name MS').CompletionText | Should -Be @('MSExchangeSA')
    }

    It 'offers installed services for Restart-SystemAttendant -Name' -Skip:(-not $OnWindows) {
        # RpcSs runs on every Windows, and in Wine.
        (Get-Completion 'Restart-SystemAttendant -Name RpcS').CompletionText | Should -Contain 'RpcSs'
    }

    It 'offers the loaded hives for -User' -Skip:(-not $OnWindows) {
        $offered = (Get-Completion 'Get-MessagingProfile -User .DEF').CompletionText

        $offered | Should -Be @('.DEFAULT')
    }

    It 'offers the loaded hives for -User of <Command>' -Skip:(-not $OnWindows) -ForEach @(
        @{ Command = 'Export-MessagingProfile' }, @{ Command = 'Restore-MessagingProfile' }
    ) {
        (Get-Completion "$Command -User .DEF").CompletionText | Should -Be @('.DEFAULT')
    }
}
