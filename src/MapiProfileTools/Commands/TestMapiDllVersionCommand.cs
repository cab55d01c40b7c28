using System;
using System.IO;
using System.Management.Automation;
using MapiProfileTools.Core.Health;
using MapiProfileTools.Core.PortableExecutable;

namespace MapiProfileTools.Commands
{
    /// <summary>
    /// Test-MapiDllVersion: is a Mapi32.dll (or any PE file) older than the first build with the
    /// KB 817375 fix? Reads the fixed file version with the module's own PE reader on every platform.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "MapiDllVersion", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(MapiDllVersion))]
    [OutputType(typeof(bool))]
    public sealed class TestMapiDllVersionCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        private bool _allCurrent = true;
        private bool _anyFile;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "ModulePath", "FilePath")]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        [Parameter]
        [ValidateNotNull]
        public Version MinimumVersion { get; set; } = Kb817375.FixedMapiVersion;

        // Nullable so that the binder's reset between pipeline objects leaves "no process", not 0.
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public int? ProcessId { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string input in literal ? LiteralPath : Path)
            {
                var files = FileSystemPathResolver.Resolve(this, input, literal);
                if (files.Count == 0)
                {
                    // The resolver wrote the error; -Quiet must not call a missing file current.
                    _allCurrent = false;
                }

                foreach (string file in files)
                {
                    _anyFile = true;
                    MapiDllVersion? result = Check(file, ProcessId);
                    if (result == null || result.IsAffected)
                    {
                        _allCurrent = false;
                    }

                    if (result != null && !Quiet)
                    {
                        WriteObject(result);
                    }
                }
            }
        }

        protected override void EndProcessing()
        {
            if (Quiet)
            {
                WriteObject(_anyFile && _allCurrent);
            }
        }

        private MapiDllVersion? Check(string file, int? processId)
        {
            WriteVerbose($"Reading the version resource of '{file}'.");
            try
            {
                return MapiDllVersion.FromVersionInfo(file, VersionResourceReader.Read(file), MinimumVersion, processId);
            }
            catch (Exception ex) when (PeFileErrors.Handles(ex))
            {
                WriteError(PeFileErrors.Record(ex, file));
            }

            return null;
        }
    }
}
