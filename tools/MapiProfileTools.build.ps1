<#
.SYNOPSIS
    Invoke-Build tasks for MapiProfileTools; run them through ../build.ps1.
#>
param(
    [string] $Configuration = 'Release',
    [string] $PesterModule,
    # The Fuzz task's targets (all by default) and time per target.
    [string[]] $FuzzTarget,
    [timespan] $FuzzDuration = [timespan]::FromMinutes(1)
)

$Root = Split-Path -Path $PSScriptRoot -Parent
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'MapiProfileTools'
$PackageOut = Join-Path $Out 'package'
$TestData = Join-Path $Out 'testdata'
$TestResults = Join-Path $Out 'test-results'
$WindowsHostOut = Join-Path $Out 'windows-host'
$FuzzOut = Join-Path $Out 'fuzz'
# Inside out/ so that Clean removes it and git ignores it; reused while complete (see Initialize-WinePrefix).
$WinePrefix = Join-Path $Out 'wine/prefix'
$ModuleVersion = (Import-PowerShellDataFile -Path (Join-Path $Root 'MapiProfileTools.psd1')).ModuleVersion
$IsCI = $env:CI -eq 'true'
# Lane name -> @{ Passed; Failed; Skipped }, filled by the test tasks and printed by TestSummary.
$script:Lanes = [ordered]@{}

. (Join-Path $PSScriptRoot 'BuildFunctions.ps1')
Import-Module -Name (Join-Path $Root 'tests/Shared.psm1')

# Synopsis: Remove everything the build wrote.
task Clean {
    remove $Out
}

# Synopsis: Compile the assemblies and lay out the module folder out/MapiProfileTools.
task Compile {
    # 'dotnet build' adds MSBuild's summary ('0 Warning(s)', 'Time Elapsed') even when quiet; msbuild itself
    # does not: the log shows warnings and errors only.
    exec { dotnet msbuild (Join-Path $Root 'src/MapiProfileTools/MapiProfileTools.csproj') -restore -nologo -verbosity:quiet -consoleLoggerParameters:NoSummary "-p:Configuration=$Configuration" "-p:Version=$ModuleVersion" }
    $bin = Join-Path $Root "src/MapiProfileTools/bin/$Configuration/netstandard2.0"
    remove $ModuleOut
    $null = New-Item -ItemType Directory -Path $ModuleOut
    # Only what the module needs at run time: our two assemblies, the manifest and the format file.
    foreach ($file in 'MapiProfileTools.dll', 'MapiProfileTools.Core.dll', 'MapiProfileTools.format.ps1xml', 'MapiProfileTools.types.ps1xml') {
        Copy-Item -Path (Join-Path $bin $file) -Destination $ModuleOut
    }
    Copy-Item -Path (Join-Path $Root 'MapiProfileTools.psd1') -Destination $ModuleOut
    Copy-Item -Path (Join-Path $Root 'LICENSE') -Destination $ModuleOut
}

# Synopsis: Turn docs/en-US markdown into MAML and about-topic help in the built module.
task Docs Compile, {
    $helpOut = Join-Path $ModuleOut 'en-US'
    $null = New-Item -ItemType Directory -Path $helpOut -Force
    $docs = Join-Path $Root 'docs/en-US'
    # One converter on every machine, so the shipped help never depends on what the build machine has
    # installed: HelpWriter, with golden-file tests in tests/HelpWriter.Tests (PlatyPS is not served here).
    exec { dotnet run --project (Join-Path $Root 'tools/HelpWriter/HelpWriter.csproj') -c Release --verbosity quiet -- --docs $docs --out $helpOut }
}

# Synopsis: Build the importable module with its help.
task Build Compile, Docs

# Synopsis: Make a .nupkg that Install-PSResource installs from a local repository.
task Package Build, {
    remove $PackageOut
    $null = New-Item -ItemType Directory -Path $PackageOut
    Compress-PSResource -Path $ModuleOut -DestinationPath $PackageOut
    $package = Get-ChildItem -Path $PackageOut -Filter *.nupkg
    assert ($package.Count -eq 1) "Compress-PSResource made no package in $PackageOut"
    print Green "Package: $($package.FullName)"
}

# Synopsis: Install what the tests need (as root on Debian), or fail under CI=true when it is missing.
task TestPrerequisites {
    $script:HaveFixtureTools = Install-Prerequisite -Command 'x86_64-w64-mingw32-windres', 'i686-w64-mingw32-windres' `
        -DebianPackage 'binutils-mingw-w64-x86-64', 'binutils-mingw-w64-i686' -Purpose 'building the PE test fixtures' -Required:$IsCI
    $script:HaveExifTool = Install-Prerequisite -Command 'exiftool' -DebianPackage 'libimage-exiftool-perl' `
        -Purpose 'checking the version reader against an independent tool' -Required:$IsCI
    # reged (chntpw) lives in /usr/sbin, off PATH for most users: look for it there too.
    $script:HaveHiveTools = Install-Prerequisite -Command 'hivexregedit', 'hivexml' -DebianPackage 'libhivex-bin', 'libwin-hivex-perl', 'chntpw' `
        -Purpose 'building the registry hive test fixtures' -Required:$IsCI `
        -FindMissing { if (-not (Get-Command 'reged' -ErrorAction Ignore) -and -not (Test-Path -LiteralPath '/usr/sbin/reged')) { 'reged' } }
    $null = Install-Prerequisite -Command 'evtexport' -DebianPackage 'libevt-utils' `
        -Purpose 'checking the event log file reader against libevt' -Required:$IsCI
    $script:HaveAfl = Install-Prerequisite -Command 'afl-fuzz', 'afl-cmin' -DebianPackage 'afl++' `
        -Purpose 'fuzzing the file readers (tests/Fuzz)' -Required:$IsCI
    if ($IsLinux) {
        # sshd lives in /usr/sbin, off PATH for most users: look for it there.
        $null = Install-Prerequisite -Command 'ssh', 'ssh-keygen' -DebianPackage 'openssh-server', 'openssh-client' `
            -Purpose 'the SSH remoting specs' -Required:$IsCI -FindMissing { if (-not (Test-Path -LiteralPath '/usr/sbin/sshd')) { 'sshd' } }
    }
}

# Synopsis: Build real PE fixtures with mingw-w64 (windres + ld).
task Fixtures TestPrerequisites, {
    remove $TestData
    if ($script:HaveFixtureTools) {
        $null = & (Join-Path $Root 'tests/fixtures/Build-PeFixtures.ps1') -OutputPath $TestData
        $env:MAPI_TEST_DATA = $TestData
    }
    else {
        Remove-Item -Path Env:MAPI_TEST_DATA -ErrorAction Ignore
    }
    if ($script:HaveHiveTools) {
        # Registry hives written by hivex and chntpw, in $TestData/hives; their tests skip when it is missing.
        $null = & (Join-Path $Root 'tests/fixtures/Build-HiveFixtures.ps1') -OutputPath $TestData
        # Dirty hives with their transaction logs (HiveLogWriter over hivex-written versions), in $TestData/hivelogs.
        $null = & (Join-Path $Root 'tests/fixtures/Build-HiveLogFixtures.ps1') -OutputPath $TestData
    }
    # Event log files (.evt) by tests/fixtures/EvtWriter, in $TestData/evt, with evtexport's reading of each
    # when libevt-utils is there; the oracle tests skip without it.
    $null = & (Join-Path $Root 'tests/fixtures/Build-EvtFixtures.ps1') -OutputPath $TestData -Configuration $Configuration
}

# Synopsis: xunit tests of the core, and the golden-file tests of the help converter, counted as one lane.
task CoreTests Fixtures, WinePrerequisites, {
    remove (Join-Path $TestResults 'summary.txt')
    # Wine's own DLLs are real PE builds of another project: with the .NET installation's they are the
    # third-party files the version reader is checked against ExifTool on (ThirdPartyAgreementTests).
    $env:MAPI_THIRD_PARTY_PE = @(if ($IsLinux -and (Get-Command dpkg -ErrorAction Ignore)) {
            dpkg -L libwine 2>$null | Where-Object { $_ -match '[\\/](x86_64|i386)-windows$' -and (Test-Path -LiteralPath $_ -PathType Container) }
        }) -join [IO.Path]::PathSeparator
    $counts = @{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($project in 'tests/Core.Tests/MapiProfileTools.Core.Tests.csproj', 'tests/HelpWriter.Tests/HelpWriter.Tests.csproj') {
        $name = [IO.Path]::GetFileNameWithoutExtension($project)
        $trx = Join-Path $TestResults "$name.trx"
        remove $trx
        dotnet test (Join-Path $Root $project) -c $Configuration --nologo --verbosity quiet `
            --logger "trx;LogFileName=$name.trx" --logger 'console;verbosity=minimal' --results-directory $TestResults
        $result = Read-TrxCounts -Path $trx
        foreach ($key in 'Passed', 'Failed', 'Skipped') { $counts[$key] += $result[$key] }
    }
    $script:Lanes['core'] = $counts
}

# Synopsis: Pester tests of the cmdlets, in a fresh pwsh, against the built module.
task PesterTests Build, Package, Fixtures, {
    $resultFile = Join-Path $TestResults 'pester.json'
    remove $resultFile
    $null = New-Item -ItemType Directory -Path $TestResults -Force
    $pwsh = Get-PwshInvocation
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Invoke-PesterLane.ps1') `
        -PesterModule $PesterModule -ModulePath $ModuleOut -PackagePath $PackageOut -ResultFile $resultFile
    if (-not (Test-Path $resultFile)) {
        throw "The Pester lane ended (exit code $LASTEXITCODE) without writing its results to $resultFile."
    }
    $script:Lanes['pester'] = Get-Content -Path $resultFile -Raw | ConvertFrom-Json -AsHashtable
}

# Synopsis: Install Wine for the Windows lane (as root on Debian); under CI=true it must be there.
task WinePrerequisites {
    $script:Wine64 = $null
    if (-not $IsLinux) {
        print Yellow 'The Windows lane runs the specs under Wine on Linux; skipped on this system.'
        return
    }
    $found = Install-Prerequisite -Command 'wineserver' -DebianPackage 'wine', 'wine64' -Purpose 'the Windows test lane' `
        -Required:$IsCI -FindMissing { if (-not (Get-WineLoader)) { 'wine64' } }
    if ($found) {
        $script:Wine64 = Get-WineLoader
    }
}

# Synopsis: The Pester specs in PowerShell 7 for Windows (tests/WindowsHost) under Wine, against the built module.
task WindowsTests Build, Fixtures, WinePrerequisites, {
    if (-not $script:Wine64) {
        return # WinePrerequisites said why.
    }
    $resultFile = Join-Path $TestResults 'windows.json'
    remove $resultFile
    $null = New-Item -ItemType Directory -Path $TestResults -Force
    $timer = [Diagnostics.Stopwatch]::StartNew()

    exec { dotnet publish (Join-Path $Root 'tests/WindowsHost/WindowsHost.csproj') -c Release -r win-x64 --self-contained `
            --nologo --verbosity quiet -o $WindowsHostOut }
    print Cyan ('Windows lane: test host published in {0:n1} s' -f $timer.Elapsed.TotalSeconds)

    # Paths the specs read go in as Windows paths (Wine shows the Linux root as Z:).
    $testData = if ($env:MAPI_TEST_DATA) { ConvertTo-WinePath $env:MAPI_TEST_DATA } else { $null }
    $previous = Set-WineEnvironment -Prefix $WinePrefix -Extra @{ MAPI_TEST_DATA = $testData }
    try {
        $timer.Restart()
        Initialize-WinePrefix -Path $WinePrefix -Wine64 $script:Wine64
        print Cyan ('Windows lane: Wine prefix ready in {0:n1} s' -f $timer.Elapsed.TotalSeconds)

        # One persistent wineserver for the whole lane, so Wine's services (and the specs' test services)
        # live from one program to the next; started clean, in case an interrupted run left one behind.
        $bootLog = "$WinePrefix.log"
        $null = & wineserver -k 2>&1
        Invoke-Detached -Log $bootLog -Command wineserver, '-p'
        # Wine's own services start with the first program: let it be this one, detached from our output.
        Invoke-Detached -Log $bootLog -Command $script:Wine64, 'wineboot'

        $timer.Restart()
        $exitCode = Invoke-WineProgram -Log (Join-Path $TestResults 'windows.log') -TimeoutSeconds 600 -Command @(
            $script:Wine64, (Join-Path $WindowsHostOut 'WindowsHost.exe')
            '--script', (ConvertTo-WinePath (Join-Path $Root 'tests/Invoke-PesterLane.ps1'))
            '--arg', "PesterModule=$(ConvertTo-WinePath $PesterModule)"
            '--arg', "ModulePath=$(ConvertTo-WinePath $ModuleOut)"
            '--arg', "ResultFile=$(ConvertTo-WinePath $resultFile)"
        )
        print Cyan ('Windows lane: specs ran in {0:n1} s (exit code {1})' -f $timer.Elapsed.TotalSeconds, $exitCode)
        if ($exitCode -eq 124) {
            throw 'The Windows lane ran past its 600 s limit and was stopped; its output is in out/test-results/windows.log.'
        }
        if (-not (Test-Path -Path $resultFile)) {
            throw "The Windows lane ended (exit code $exitCode) without writing its results to $resultFile."
        }
        $script:Lanes['windows'] = Get-Content -Path $resultFile -Raw | ConvertFrom-Json -AsHashtable
    }
    finally {
        # Every Wine process of the prefix: Wine's services, the specs' services, anything left running.
        $null = & wineserver -k 2>&1
        Restore-Environment -Previous $previous
    }
}

# Synopsis: Build the fuzzing harness (tests/Fuzz) and instrument its copy of the core, and only that, with sharpfuzz.
# Skipped when TestPrerequisites found no afl-fuzz to run it.
task FuzzHarness -If { $script:HaveAfl -ne $false } {
    # Afresh each time: sharpfuzz rewrites the assembly in place and refuses one it has instrumented already.
    remove (Join-Path $FuzzOut 'bin')
    exec { dotnet build (Join-Path $Root 'tests/Fuzz/MapiProfileTools.Fuzz.csproj') -c $Configuration --nologo --verbosity quiet -o (Join-Path $FuzzOut 'bin') }
    exec { dotnet tool run sharpfuzz (Join-Path $FuzzOut 'bin/MapiProfileTools.Core.dll') }
}

# Synopsis: Fuzz the file readers under afl-fuzz (-Target, -Duration per target); fails on any finding.
task Fuzz TestPrerequisites, FuzzHarness, {
    assert $script:HaveAfl 'afl-fuzz is not installed (Debian: afl++).'
    $results = & (Join-Path $Root 'tests/Fuzz/Invoke-Fuzz.ps1') -HarnessPath (Join-Path $FuzzOut 'bin/MapiProfileTools.Fuzz.dll') `
        -OutputPath $FuzzOut -Target $FuzzTarget -Duration $FuzzDuration -ResultFile (Join-Path $FuzzOut 'results.json')
    $failed = @($results | Where-Object { -not $_.Passed })
    assert ($failed.Count -eq 0) "Fuzzing found problems in $($failed.Target -join ', '); the inputs are in $FuzzOut/findings."
}

# Synopsis: A short fuzzing run of every target (10 s each), one test per target in the 'fuzz' lane.
task FuzzSmoke TestPrerequisites, FuzzHarness, {
    $targets = @(Get-ChildItem -Path (Join-Path $Root 'tests/Fuzz/corpus') -Directory)
    if (-not $script:HaveAfl) {
        $script:Lanes['fuzz'] = @{ Passed = 0; Failed = 0; Skipped = $targets.Count }
        return # TestPrerequisites said why.
    }
    $results = & (Join-Path $Root 'tests/Fuzz/Invoke-Fuzz.ps1') -HarnessPath (Join-Path $FuzzOut 'bin/MapiProfileTools.Fuzz.dll') `
        -OutputPath $FuzzOut -Duration ([timespan]::FromSeconds(10)) -ResultFile (Join-Path $TestResults 'fuzz.json')
    $script:Lanes['fuzz'] = @{
        Passed  = @($results | Where-Object Passed).Count
        Failed  = @($results | Where-Object { -not $_.Passed }).Count
        Skipped = 0
    }
}

# Synopsis: Add up the lanes into out/test-results/summary.txt (build.ps1 prints it last); fail when anything failed.
task TestSummary {
    $total = @{ Passed = 0; Failed = 0; Skipped = 0 }
    $lines = @(foreach ($lane in $script:Lanes.GetEnumerator()) {
        '{0}: {1} passed, {2} failed, {3} skipped' -f $lane.Key, $lane.Value.Passed, $lane.Value.Failed, $lane.Value.Skipped
        foreach ($key in 'Passed', 'Failed', 'Skipped') { $total[$key] += $lane.Value[$key] }
    })
    # The closing line CI counts must stand alone and last, after Invoke-Build's own closing words.
    $lines += '{0} passed, {1} failed, {2} skipped' -f $total.Passed, $total.Failed, $total.Skipped
    Set-Content -Path (Join-Path $TestResults 'summary.txt') -Value $lines
    assert ($total.Failed -eq 0) "$($total.Failed) test(s) failed."
    assert ($total.Passed -gt 0) 'No test ran.'
}

# Synopsis: Build, then run every test lane against the built module.
task Test Build, Package, CoreTests, PesterTests, WindowsTests, FuzzSmoke, TestSummary

# Synopsis: Only the Windows lane (under Wine), with its summary line.
task TestWindows WindowsTests, TestSummary

# Synopsis: Only the Linux Pester lane, with its summary line (MAPI_SPEC narrows it to some spec files).
task TestPester PesterTests, TestSummary

# Synopsis: Run the diagnosis on the bundled sample data.
task Demo Build, {
    $pwsh = Get-PwshInvocation
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $Root 'samples/Invoke-Demo.ps1') -ModulePath $ModuleOut
    assert ($LASTEXITCODE -eq 0) "The demo failed (exit code $LASTEXITCODE)."
}

task . Build
