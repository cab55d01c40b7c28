# Reads .reg files (regedit's, hivexregedit's, Export-MessagingProfile's) into comparable form: each key's
# path, and each of its values as "type:hex bytes". Written for the specs, apart from the module's writer:
# the files it reads come from other tools too, so each tool's text form is normalized to types and bytes.

function ConvertFrom-RegData([string] $Data) {
    if ($Data -match '^"(.*)"$') {
        $text = $Matches[1] -replace '\\(.)', '$1'
        $bytes = [Text.Encoding]::Unicode.GetBytes($text + [char]0)
        return '1:' + [Convert]::ToHexString($bytes).ToLowerInvariant()
    }
    if ($Data -match '^dword:([0-9a-fA-F]{8})$') {
        return '4:' + [Convert]::ToHexString([BitConverter]::GetBytes([Convert]::ToUInt32($Matches[1], 16))).ToLowerInvariant()
    }
    if ($Data -match '^hex(?:\(([0-9a-fA-F]+)\))?:(.*)$') {
        $type = if ($Matches[1]) { [Convert]::ToUInt32($Matches[1], 16) } else { 3 }
        return "${type}:" + ($Matches[2] -replace '[,\s]', '').ToLowerInvariant()
    }
    throw "Unexpected value data: $Data"
}

function Get-RegFileSection {
    <#
    .SYNOPSIS
        Key path (below -Prefix, as stored) -> hashtable of value name ('' for the default) -> 'type:hex'.
        Keys named more than once are merged, as an import merges them.
    #>
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Prefix)

    $keys = [Collections.Generic.Dictionary[string, hashtable]]::new([StringComparer]::Ordinal)
    $current = $null
    # ReadAllText follows the byte-order mark (UTF-16LE from regedit and the module; UTF-8 from hivex).
    $text = [IO.File]::ReadAllText($Path) -replace '\\\r?\n\s*', ''
    foreach ($line in $text -split '\r?\n') {
        if ($line -eq '' -or $line.StartsWith(';') -or $line.StartsWith('Windows Registry Editor')) { continue }
        if ($line -match '^\[(.*)\]$') {
            $key = $Matches[1]
            if (-not $key.StartsWith($Prefix, [StringComparison]::OrdinalIgnoreCase)) { throw "key '$key' is not under '$Prefix'" }
            $key = $key.Substring($Prefix.Length).Trim('\')
            if (-not $keys.ContainsKey($key)) { $keys[$key] = @{} }
            $current = $keys[$key]
            continue
        }
        if ($line -match '^@=(.*)$') {
            $current[''] = ConvertFrom-RegData $Matches[1]
        }
        elseif ($line -match '^"((?:[^"\\]|\\.)*)"=(.*)$') {
            $current[($Matches[1] -replace '\\(.)', '$1')] = ConvertFrom-RegData $Matches[2]
        }
        else {
            throw "Unexpected line in ${Path}: $line"
        }
    }
    $keys
}

function Compare-RegFileSection {
    <#
    .SYNOPSIS
        The differences between two readings for the keys at and below each of -Under: one line per key or
        value that is missing, extra or different. Empty when they agree.
    #>
    param($Expected, $Actual, [string[]] $Under)

    $inScope = { param($k) foreach ($u in $Under) { if ($k -eq $u -or $k.StartsWith("$u\", [StringComparison]::Ordinal)) { return $true } }; $false }
    $expectedKeys = @($Expected.Keys | Where-Object { & $inScope $_ })
    $actualKeys = @($Actual.Keys | Where-Object { & $inScope $_ })
    foreach ($key in $expectedKeys) {
        if (-not $Actual.ContainsKey($key)) { "missing key $key"; continue }
        foreach ($name in $Expected[$key].Keys) {
            if (-not $Actual[$key].ContainsKey($name)) { "missing value $key\[$name]" }
            elseif ($Actual[$key][$name] -cne $Expected[$key][$name]) { "different value $key\[$name]: $($Actual[$key][$name]) instead of $($Expected[$key][$name])" }
        }
        foreach ($name in $Actual[$key].Keys) {
            if (-not $Expected[$key].ContainsKey($name)) { "extra value $key\[$name]" }
        }
    }
    foreach ($key in $actualKeys) {
        if (-not $Expected.ContainsKey($key)) { "extra key $key" }
    }
}

Export-ModuleMember -Function Get-RegFileSection, Compare-RegFileSection
