# The Windows back end of Get-MapiLoadedProcess (Toolhelp32, WindowsProcessModuleSource) against a real
# second process that loaded the system's own mapi32.dll: Wine's built-in one in the Windows lane. The
# expected path, version, start time and user come from Windows itself (the loader, FileVersionInfo,
# Get-Process, WindowsIdentity), not from the module.

BeforeDiscovery {
    $script:OnWindows = [bool]$IsWindows
    $script:UnderWine = $OnWindows -and (Test-Path -Path 'HKLM:\Software\Wine')
    # The cmdlet specs wait for the cmdlet to be part of the build (Import-BuiltModule explains a missing path).
    $script:HasCmdlet = $env:MAPI_MODULE_PATH -and
        (Import-PowerShellDataFile -Path (Join-Path $env:MAPI_MODULE_PATH 'MapiProfileTools.psd1')).CmdletsToExport -contains 'Get-MapiLoadedProcess'
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $null = Import-BuiltModule

    function New-Pattern([string[]] $Name) {
        [MapiProfileTools.Core.Processes.ModuleNamePattern]::new($Name)
    }

    # A second process like this one (pwsh with -File, or the Windows lane's test host, tests/WindowsHost,
    # with --script and --arg Name=Value) that loads the system's mapi32.dll and keeps it for two minutes.
    function Start-Mapi32Loader([string] $Name) {
        $scriptFile = Join-Path $TestDrive "$Name.ps1"
        $marker = Join-Path $TestDrive "$Name.loaded"
        $log = Join-Path $TestDrive "$Name.log"
        Set-Content -Path $scriptFile -Value @'
param([string] $Marker)
$ErrorActionPreference = 'Stop'
# LoadLibrary through the runtime, found on the system search path; it stays loaded while this process lives.
$handle = [Runtime.InteropServices.NativeLibrary]::Load('mapi32.dll')
Set-Content -Path $Marker -Value ('0x{0:x}' -f $handle.ToInt64())
Start-Sleep -Seconds 120
'@
        $self = [Environment]::ProcessPath
        if ([IO.Path]::GetFileNameWithoutExtension($self) -in 'pwsh', 'dotnet') {
            $pwsh = Get-PwshInvocation
            $file = $pwsh[0]
            $arguments = (@($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', "`"$scriptFile`"", '-Marker', "`"$marker`"")) -join ' '
        }
        else {
            $file = $self
            $arguments = "--script `"$scriptFile`" --arg `"Marker=$marker`""
        }
        # Redirection makes Start-Process use CreateProcess (no shell) and keeps the output for a failure message.
        $process = Start-Process -FilePath $file -ArgumentList $arguments -PassThru -RedirectStandardOutput $log -RedirectStandardError "$log.err"

        $deadline = [DateTime]::UtcNow.AddSeconds(90)
        while (-not (Test-Path -Path $marker)) {
            if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
                $process | Stop-Process -Force -ErrorAction Ignore
                $output = Get-Content -Path $log, "$log.err" -Raw -ErrorAction Ignore
                throw "The helper process did not load mapi32.dll (exited: $($process.HasExited)). Its output: $output"
            }
            Start-Sleep -Milliseconds 100
        }
        $process
    }
}

Describe 'Toolhelp32 back end off Windows' -Skip:$OnWindows {
    It 'refuses with one PlatformNotSupportedException that points to the /proc back end' {
        $failure = { [MapiProfileTools.Core.Processes.WindowsProcessModuleSource]::new() } | Should -Throw -PassThru
        $failure.Exception.InnerException | Should -BeOfType [PlatformNotSupportedException]
        $failure.Exception.InnerException.Message | Should -BeLike '*only available on Windows*/proc*'
    }
}

Describe 'Toolhelp32 back end against a process that loaded mapi32.dll' -Skip:(-not $OnWindows) {
    BeforeAll {
        $script:Source = [MapiProfileTools.Core.Processes.WindowsProcessModuleSource]::new()
        $script:Mapi32 = New-Pattern 'mapi32.dll'
        $script:Mapi32Path = Join-Path ([Environment]::SystemDirectory) 'mapi32.dll'

        $script:BeforeStart = [DateTime]::Now
        $script:Helper = Start-Mapi32Loader -Name 'Load-Mapi32'
        $script:HelperEntry = $Source.ListProcesses() | Where-Object Id -EQ $Helper.Id
        $script:Found = $Source.Scan($HelperEntry, $Mapi32)
    }

    AfterAll {
        $Helper | Stop-Process -Force -ErrorAction Ignore
    }

    It 'lists the helper process under the name Get-Process gives it' {
        $HelperEntry | Should -Not -BeNullOrEmpty
        $HelperEntry.Name | Should -Be (Get-Process -Id $Helper.Id).ProcessName
    }

    It 'finds mapi32.dll in it with the full path the loader took it from' {
        $Found.Outcome | Should -Be 'Matched'
        $Found.Message | Should -BeNullOrEmpty
        $Found.Modules.Count | Should -Be 1
        $Found.Modules[0].Name | Should -Be 'mapi32.dll'
        # Case-insensitive, as Windows compares paths (Wine reports C:\windows\system32).
        $Found.Modules[0].Path | Should -Be $Mapi32Path
    }

    It 'reports the process architecture, start time, user and services' {
        $expectedArchitecture = @{ X86 = 'x86'; X64 = 'x64'; Arm64 = 'ARM64' }["$([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture)"]
        $Found.Details.Architecture | Should -Be $expectedArchitecture
        $Found.Details.StartTime | Should -Be $Helper.StartTime
        $Found.Details.StartTime | Should -BeGreaterThan $BeforeStart.AddSeconds(-5)
        $Found.Details.StartTime | Should -BeLessThan ([DateTime]::Now)
        $Found.Details.StartTime.Kind | Should -Be 'Local'
        $Found.Details.UserName | Should -Be ([Security.Principal.WindowsIdentity]::GetCurrent().Name)
        $Found.Details.ServiceNames.Count | Should -Be 0
    }

    It 'reads the command line where Windows answers for it' {
        if ($UnderWine) {
            # Wine 8 answers ProcessCommandLineInformation with STATUS_INVALID_INFO_CLASS: the back end says "unknown".
            $Found.Details.CommandLine | Should -BeNullOrEmpty
            return
        }
        $Found.Details.CommandLine | Should -BeLike '*Load-Mapi32.ps1*'
    }

    It 'matches <Pattern> case-insensitively' -ForEach @(
        @{ Pattern = 'mapi3?.DLL' }, @{ Pattern = 'MAPI32.dll' }, @{ Pattern = 'mapi[0-9][0-9].*' }
    ) {
        $result = $Source.Scan($HelperEntry, (New-Pattern $Pattern))

        $result.Outcome | Should -Be 'Matched'
        $result.Modules.Path | Should -Be $Mapi32Path
    }

    It 'answers NoMatch, without details, for a module the process has not loaded' {
        $result = $Source.Scan($HelperEntry, (New-Pattern 'nosuch.dll'))

        $result.Outcome | Should -Be 'NoMatch'
        $result.Modules.Count | Should -Be 0
        $result.Details | Should -BeNullOrEmpty
    }

    It 'answers Exited for a process that has exited, though this session still holds a handle to it' {
        # The Process object keeps a handle, so the exited process lingers; Wine refuses its snapshot with access denied.
        $gone = Start-Process -FilePath (Join-Path ([Environment]::SystemDirectory) 'cmd.exe') -ArgumentList '/c', 'exit 0' -PassThru -Wait -NoNewWindow
        $entry = [MapiProfileTools.Core.Processes.ProcessEntry]::new($gone.Id, 'cmd')

        $result = $Source.Scan($entry, $Mapi32)

        $result.Outcome | Should -Be 'Exited'
        $result.Message | Should -BeLike "*'cmd' (id $($gone.Id))*"
    }

    It 'answers Exited for a process id that no process has' {
        $result = $Source.Scan([MapiProfileTools.Core.Processes.ProcessEntry]::new(0x7FFFFFFC, 'nobody'), $Mapi32)

        $result.Outcome | Should -Be 'Exited'
    }

    It 'answers NoMatch at once for the Idle pseudo-process, which Toolhelp32 would take for the caller' {
        $result = $Source.Scan([MapiProfileTools.Core.Processes.ProcessEntry]::new(0, 'Idle'), (New-Pattern '*'))

        $result.Outcome | Should -Be 'NoMatch'
    }

    It 'hands the module path to Test-MapiDllVersion, which agrees with FileVersionInfo' {
        $info = [Diagnostics.FileVersionInfo]::GetVersionInfo($Found.Modules[0].Path)

        $checked = [pscustomobject]@{ ModulePath = $Found.Modules[0].Path; Id = $Helper.Id } | Test-MapiDllVersion

        [version]$checked.FileVersion | Should -Be ([version]::new($info.FileMajorPart, $info.FileMinorPart, $info.FileBuildPart, $info.FilePrivatePart))
        [version]$checked.FileVersion | Should -BeGreaterThan ([version]'0.0')
        $checked.ProcessId | Should -Be $Helper.Id
    }

    It 'scans every process without an exception and finds the helper among them' {
        $results = foreach ($process in $Source.ListProcesses()) { $Source.Scan($process, $Mapi32) }

        $results.Count | Should -BeGreaterThan 1
        ($results | Where-Object Outcome -EQ 'Matched').Process.Id | Should -Contain $Helper.Id
        # Everything else was scanned, refused or gone: never half a result.
        $results | Where-Object { $_.Outcome -ne 'Matched' -and $_.Modules.Count -ne 0 } | Should -BeNullOrEmpty
    }

    It 'gives the same answers when one source scans from several threads at once' {
        $processes = $Source.ListProcesses()
        $sequential = @{}
        foreach ($process in $processes) { $sequential[$process.Id] = "$($Source.Scan($process, $Mapi32).Outcome)" }

        $source = $Source
        $pattern = $Mapi32
        $parallel = $processes | ForEach-Object -ThrottleLimit 4 -Parallel {
            [pscustomobject]@{ Id = $_.Id; Outcome = "$(($using:source).Scan($_, $using:pattern).Outcome)" }
        }

        $parallel.Count | Should -Be $processes.Count
        ($parallel | Where-Object Id -EQ $Helper.Id).Outcome | Should -Be 'Matched'
        # Processes that came and went between the two passes aside, both passes agree.
        $differing = $parallel | Where-Object { $_.Outcome -ne $sequential[$_.Id] -and 'Exited' -notin $_.Outcome, $sequential[$_.Id] }
        $differing | Should -BeNullOrEmpty
    }

    It 'names the services a process hosts, as the service control manager reports them' {
        $running = [MapiProfileTools.Core.Services.WindowsServiceControl]::new().GetServices() | Where-Object ProcessId -GT 0
        $ntdll = New-Pattern 'ntdll.dll'
        $hosting = $null
        foreach ($processId in $running.ProcessId | Sort-Object -Unique) {
            $result = $Source.Scan([MapiProfileTools.Core.Processes.ProcessEntry]::new($processId, 'service host'), $ntdll)
            if ($result.Outcome -eq 'Matched') { $hosting = $result; break }
        }
        if (-not $hosting) {
            Set-ItResult -Skipped -Because 'no service process is readable from this session (run elevated)'
            return
        }

        $expected = $running | Where-Object ProcessId -EQ $hosting.Process.Id | ForEach-Object Name | Sort-Object
        @($hosting.Details.ServiceNames | Sort-Object) | Should -Be @($expected)
    }
}

Describe 'Get-MapiLoadedProcess on Windows' -Skip:(-not $OnWindows -or -not $HasCmdlet) {
    BeforeAll {
        $script:Helper = Start-Mapi32Loader -Name 'Load-Mapi32-for-cmdlet'
    }

    AfterAll {
        $Helper | Stop-Process -Force -ErrorAction Ignore
    }

    It 'finds the process by -Id with the path of its mapi32.dll' {
        $found = Get-MapiLoadedProcess -Id $Helper.Id

        $found.Id | Should -Be $Helper.Id
        $found.ModulePath | Should -Be (Join-Path ([Environment]::SystemDirectory) 'mapi32.dll')
    }

    It 'knows whether it runs elevated, as Windows says, and then writes no access-denied error for a full scan' {
        $principal = [Security.Principal.WindowsPrincipal]::new([Security.Principal.WindowsIdentity]::GetCurrent())
        $elevated = [MapiProfileTools.Core.Platform.CallerRights]::IsElevated
        $elevated | Should -Be $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)

        $found = Get-MapiLoadedProcess -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $found.Id | Should -Contain $Helper.Id
        if ($elevated) {
            # Issue 9: an elevated caller's unreadable processes are protected, said verbosely, not errors.
            $problems | Where-Object FullyQualifiedErrorId -Like 'ProcessAccessDenied,*' | Should -BeNullOrEmpty
        }
        ($found | Where-Object Id -EQ $Helper.Id).IsExchange | Should -BeFalse
        # Read, so a list (empty when nothing impersonates), never null; a list of account names, as Export-Csv shows.
        , ($found | Where-Object Id -EQ $Helper.Id).ImpersonatedUsers | Should -BeOfType [System.Collections.Generic.IReadOnlyList[string]]
    }

    It 'pipes into Test-MapiDllVersion, keeping the process id' {
        $checked = Get-MapiLoadedProcess -Id $Helper.Id | Test-MapiDllVersion

        $checked.ProcessId | Should -Be $Helper.Id
        [version]$checked.FileVersion | Should -BeGreaterThan ([version]'0.0')
    }
}
