# The built module as a user receives it: manifest, shipped files, help, and the installable package.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $module = Import-BuiltModule
    $script:Cmdlets = @($module.ExportedCmdlets.Keys | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Shared.psm1') -Force
    $script:Module = Import-BuiltModule
    $script:ManifestPath = Join-Path $env:MAPI_MODULE_PATH 'MapiProfileTools.psd1'
}

Describe 'Module manifest and layout' {
    It 'is a valid manifest for both editions from PowerShell 5.1 on' {
        $manifest = Test-ModuleManifest -Path $ManifestPath

        $manifest.RootModule | Should -Be 'MapiProfileTools.dll'
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
        $manifest.CompatiblePSEditions | Sort-Object | Should -Be @('Core', 'Desktop')
        $manifest.PrivateData.PSData.Tags | Should -Contain 'KB817375'
        $manifest.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'lists its cmdlets explicitly and exports exactly those' {
        $data = Import-PowerShellDataFile -Path $ManifestPath

        $data.CmdletsToExport | Should -Not -Contain '*'
        ($Module.ExportedCmdlets.Keys | Sort-Object) | Should -Be ($data.CmdletsToExport | Sort-Object)
        $Module.ExportedFunctions.Count | Should -Be 0
    }

    It 'stamps the assemblies with the manifest version' {
        $data = Import-PowerShellDataFile -Path $ManifestPath
        foreach ($dll in 'MapiProfileTools.dll', 'MapiProfileTools.Core.dll') {
            $name = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $env:MAPI_MODULE_PATH $dll))
            $name.Version | Should -Be ([version]"$($data.ModuleVersion).0")
        }
    }

    It 'ships only its own assemblies, referencing nothing beyond netstandard and PowerShell' {
        $dlls = Get-ChildItem -Path $env:MAPI_MODULE_PATH -Filter *.dll
        $dlls.Name | Sort-Object | Should -Be @('MapiProfileTools.Core.dll', 'MapiProfileTools.dll')

        $core = [Reflection.Assembly]::LoadFile((Join-Path $env:MAPI_MODULE_PATH 'MapiProfileTools.Core.dll'))
        $core.GetReferencedAssemblies().Name | Should -Be @('netstandard')
        $cmdlets = $Module.ImplementingAssembly.GetReferencedAssemblies().Name | Sort-Object
        $cmdlets | Should -Be @('MapiProfileTools.Core', 'netstandard', 'System.Management.Automation')
    }
}

Describe 'Help for <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $help = Get-Help -Name $Name -Full
        $command = Get-Command -Name $Name
    }

    It 'has a synopsis and a description of its own' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ([regex]::Escape($Name) + '\s*\[') # not the generated syntax stub
        ($help.Description.Text -join ' ').Length | Should -BeGreaterThan 100
    }

    It 'describes every parameter' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        # DontShow parameters are bound only from the pipeline (Restart-SystemAttendant's origin checks): not for users.
        $hidden = $command.Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow } }
        foreach ($parameter in $command.Parameters.Keys | Where-Object { $_ -notin $common -and $_ -notin $hidden.Name }) {
            $documented = $help.Parameters.Parameter | Where-Object Name -EQ $parameter
            $documented | Should -Not -BeNullOrEmpty -Because "-$parameter must be in the help"
            ($documented.Description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'has at least two examples with code and an explanation' {
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $help.Examples.Example) {
            $example.Code | Should -Not -BeNullOrEmpty
            ($example.Remarks.Text -join ' ') | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'about_MapiProfileTools' {
    It 'tells the KB 817375 story' {
        $about = Get-Help -Name about_MapiProfileTools | Out-String
        $about | Should -Match '817375'
        $about | Should -Match '9202'
        $about | Should -Match 'Test-MapiDllVersion'
    }
}

Describe 'The package' {
    It 'installs from a local repository into a temporary path and imports there' {
        if (-not $env:MAPI_PACKAGE_PATH) {
            # The Windows lane's test host carries no PSResourceGet and no pwsh to install into.
            Set-ItResult -Skipped -Because 'no package to install (MAPI_PACKAGE_PATH): the pester lane installs it with PSResourceGet'
        }
        $target = Join-Path $TestDrive 'installed'
        $null = New-Item -ItemType Directory -Path $target
        $package = Get-ChildItem -Path $env:MAPI_PACKAGE_PATH -Filter *.nupkg
        $package.Count | Should -Be 1

        # A fresh pwsh: the module under test is already loaded here, and a second copy of its assemblies must not meet it.
        $output = Invoke-ChildPwsh @"
`$ErrorActionPreference = 'Stop'
`$repository = 'MapiProfileToolsTest' + [guid]::NewGuid().ToString('N')
Register-PSResourceRepository -Name `$repository -Uri '$($env:MAPI_PACKAGE_PATH)' -Trusted
try {
    Save-PSResource -Name MapiProfileTools -Repository `$repository -Path '$target' -TrustRepository -Quiet
}
finally {
    Unregister-PSResourceRepository -Name `$repository
}
`$module = Import-Module -Name (Get-ChildItem -Path '$target' -Recurse -Filter MapiProfileTools.psd1).FullName -PassThru
'base=' + `$module.ModuleBase
'commands=' + ((Get-Command -Module MapiProfileTools).Name -join ',')
'help=' + (Get-Help Test-MapiDllVersion).Synopsis
"@

        $text = $output -join "`n"
        $text | Should -Match ('base=' + [regex]::Escape($target))
        $text | Should -Match 'commands=.*Test-MapiDllVersion'
        $text | Should -Match 'help=\S+'
    }
}
