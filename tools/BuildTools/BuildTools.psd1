# Build-time PowerShell tools, pinned. build.ps1 restores them from NuGet into the NuGet cache and
# imports them by path, so no machine needs them installed beforehand.
@{
    InvokeBuild = '5.14.23'
    Pester      = '5.7.1'
}
