using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using MapiProfileTools.Core.PortableExecutable;

namespace MapiProfileTools.Core.Processes.Watch
{
    /// <summary>
    /// A sample of the live process table: every process with a matching module, with whom its threads
    /// impersonate and the module's file version. Versions are cached by path for the processes of the
    /// last sample only, so a long watch does not grow.
    /// </summary>
    public sealed class MapiProcessSampler : IMapiProcessSampler
    {
        private readonly IProcessModuleSource _source;
        private readonly ModuleNamePattern _pattern;
        private readonly MapiProcessInspector _inspector;
        private Dictionary<string, Version?> _versions = new Dictionary<string, Version?>(StringComparer.OrdinalIgnoreCase);

        public MapiProcessSampler(IProcessModuleSource source, ModuleNamePattern pattern, MapiProcessInspector inspector)
        {
            _source = source ?? throw new ArgumentNullException(nameof(source));
            _pattern = pattern ?? throw new ArgumentNullException(nameof(pattern));
            _inspector = inspector ?? throw new ArgumentNullException(nameof(inspector));
        }

        /// <summary>Why impersonation could not be seen in the last sample (the first reason met); null when it was seen everywhere.</summary>
        public string? LastFailure { get; private set; }

        public IReadOnlyList<MapiProcessSample> Sample(CancellationToken cancellation)
        {
            LastFailure = null;
            var samples = new List<MapiProcessSample>();
            var versions = new Dictionary<string, Version?>(StringComparer.OrdinalIgnoreCase);
            foreach (ProcessScanResult result in ParallelProcessScan.ScanBatch(_source, _source.ListProcesses(), _pattern, cancellation))
            {
                if (result.Outcome != ProcessScanOutcome.Matched)
                {
                    continue;
                }

                ProcessInspection inspection = _inspector.Inspect(result);
                LastFailure ??= inspection.ImpersonationFailure;
                ProcessDetails details = result.Details!;
                foreach (LoadedModule module in result.Modules)
                {
                    if (!versions.TryGetValue(module.Path, out Version? version))
                    {
                        version = _versions.TryGetValue(module.Path, out Version? known) ? known : ReadVersion(module.Path);
                        versions[module.Path] = version;
                    }

                    samples.Add(new MapiProcessSample(result.Process.Id, result.Process.Name, details.StartTime, details.UserName, details.ServiceNames,
                        module.Path, version, inspection.ImpersonatedUsers, inspection.IsExchange));
                }
            }

            _versions = versions;
            return samples;
        }

        private static Version? ReadVersion(string path)
        {
            try
            {
                return VersionResourceReader.Read(path).FileVersion;
            }
            catch (Exception ex) when (ex is PeFormatException || ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
