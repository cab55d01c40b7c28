# Get-SystemAttendantEvent: the symptom (event 9202 from MSExchangeSA). Off Windows it refuses with one
# terminating error; under Wine the event log is a stub, so only a clean outcome can be checked there.

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
    $script:UnderWine = $OnWindows -and (Test-Path -Path 'HKLM:\Software\Wine')
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
