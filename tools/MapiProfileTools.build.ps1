<#
.SYNOPSIS
    Invoke-Build tasks for MapiProfileTools; run them through ../build.ps1.
#>
param(
    [string] $Configuration = 'Release',
    [string] $PesterModule
)

$Root = Split-Path -Path $PSScriptRoot -Parent
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'MapiProfileTools'
$PackageOut = Join-Path $Out 'package'
$TestData = Join-Path $Out 'testdata'
$TestResults = Join-Path $Out 'test-results'
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
    exec { dotnet build (Join-Path $Root 'src/MapiProfileTools/MapiProfileTools.csproj') -c $Configuration --nologo --verbosity quiet "-p:Version=$ModuleVersion" }
    $bin = Join-Path $Root "src/MapiProfileTools/bin/$Configuration/netstandard2.0"
    remove $ModuleOut
    $null = New-Item -ItemType Directory -Path $ModuleOut
    # Only what the module needs at run time: our two assemblies, the manifest and the format file.
    foreach ($file in 'MapiProfileTools.dll', 'MapiProfileTools.Core.dll', 'MapiProfileTools.format.ps1xml') {
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
    if (Get-Module -ListAvailable -Name platyPS) {
        Import-Module platyPS
        $null = New-ExternalHelp -Path $docs -OutputPath $helpOut -Force
    }
    else {
        # PlatyPS is not always installable: a small build-time converter of our own does the same job.
        exec { dotnet run --project (Join-Path $Root 'tools/HelpWriter/HelpWriter.csproj') -c Release --verbosity quiet -- --docs $docs --out $helpOut }
    }
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
}

# Synopsis: xunit tests of the core.
task CoreTests Fixtures, {
    remove (Join-Path $TestResults 'summary.txt')
    $trx = Join-Path $TestResults 'core.trx'
    remove $trx
    dotnet test (Join-Path $Root 'tests/Core.Tests/MapiProfileTools.Core.Tests.csproj') -c $Configuration --nologo --verbosity quiet `
        --logger 'trx;LogFileName=core.trx' --logger 'console;verbosity=minimal' --results-directory $TestResults
    $script:Lanes['core'] = Read-TrxCounts -Path $trx
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
task Test Build, Package, CoreTests, PesterTests, TestSummary

# Synopsis: Run the diagnosis on the bundled sample data.
task Demo Build, {
    $pwsh = Get-PwshInvocation
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $Root 'samples/Invoke-Demo.ps1') -ModulePath $ModuleOut
    assert ($LASTEXITCODE -eq 0) "The demo failed (exit code $LASTEXITCODE)."
}

task . Build
