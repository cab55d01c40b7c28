using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MapiProfileTools.Core.Processes
{
    /// <summary>
    /// Scans a batch of processes on every core. Callers feed batches so that progress, output and
    /// cancellation stay on their own thread between batches (PowerShell requires that).
    /// </summary>
    public static class ParallelProcessScan
    {
        public static ProcessScanResult[] ScanBatch(IProcessModuleSource source, IReadOnlyList<ProcessEntry> batch, ModuleNamePattern pattern, CancellationToken cancellation)
        {
            var results = new ProcessScanResult[batch.Count];
            var options = new ParallelOptions { CancellationToken = cancellation, MaxDegreeOfParallelism = System.Environment.ProcessorCount };
            Parallel.For(0, batch.Count, options, i => results[i] = source.Scan(batch[i], pattern));
            return results;
        }
    }
}
