using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MapiProfileTools.Core.Events;
using MapiProfileTools.Core.Processes;
using MapiProfileTools.Core.Registry;
using MapiProfileTools.Core.Services;

namespace MapiProfileTools.Core.Health
{
    /// <summary>The evidence of this machine: its registry, processes, service control manager and event log.</summary>
    internal sealed class LiveEvidenceSources : EvidenceSources
    {
        private const int BatchSize = 128;

        // A dependency chain longer than this is a loop in a damaged configuration, not a real server.
        private const int MaxDependents = 1024;

        private readonly LocalMachine _machine;

        public LiveEvidenceSources(LocalMachine machine, HealthCheckOptions options)
            : base(options)
        {
            _machine = machine;
        }

        public override bool IsOffline => false;

        public override IReadOnlyList<string> Describe() => new[] { "Live" };

        public override IReadOnlyList<string> DllFiles => Array.Empty<string>();

        public override void ReadProfiles(HealthCollection collection)
        {
            string source = "HKEY_USERS\\" + Options.User;
            collection.ProfileSource = source;
            try
            {
                using IRegistryKey? root = _machine.OpenUserHive(Options.User);
                if (root == null)
                {
                    collection.NotCheckedBecause($"No hive named '{Options.User}' is loaded under HKEY_USERS.");
                    return;
                }

                CountProfiles(root, source, collection);
            }
            catch (PlatformNotSupportedException)
            {
                collection.ProfileSource = null;
                collection.NotCheckedBecause("The live registry is only available on Windows, so the profiles were not checked.");
            }
            catch (UnauthorizedAccessException ex)
            {
                collection.NotCheckedBecause($"The profiles under {source} could not be read: {ex.Message}");
            }
        }

        public override IReadOnlyList<ProcessScanResult> ScanProcesses(HealthCollection collection, Action<string, int> progress, CancellationToken cancellation)
        {
            var found = new List<ProcessScanResult>();
            IProcessModuleSource source;
            try
            {
                source = _machine.OpenProcesses();
            }
            catch (PlatformNotSupportedException ex)
            {
                collection.NotCheckedBecause($"The processes were not checked: {ex.Message}");
                return found;
            }

            var pattern = new ModuleNamePattern(Options.ModuleNames);
            IReadOnlyList<ProcessEntry> listing = source.ListProcesses();
            int denied = 0;
            for (int start = 0; start < listing.Count; start += BatchSize)
            {
                cancellation.ThrowIfCancellationRequested();
                progress($"{start} of {listing.Count} processes scanned for {string.Join(", ", Options.ModuleNames)}", 10 + (start * 30 / Math.Max(1, listing.Count)));
                var batch = listing.Skip(start).Take(BatchSize).ToList();
                foreach (ProcessScanResult result in ParallelProcessScan.ScanBatch(source, batch, pattern, cancellation))
                {
                    if (result.Outcome == ProcessScanOutcome.Matched)
                    {
                        found.Add(result);
                    }
                    else if (result.Outcome == ProcessScanOutcome.AccessDenied || result.Outcome == ProcessScanOutcome.ReadFailed)
                    {
                        denied++;
                    }
                }
            }

            if (denied > 0)
            {
                collection.NotCheckedBecause(Platform.CallerRights.IsElevated
                    ? $"The modules of {denied} process(es) could not be read even with elevated rights (protected processes)."
                    : $"The modules of {denied} process(es) could not be read (access denied); run elevated to see every process.");
            }

            collection.Inspections = Inspect(found, collection);
            return found;
        }

        public override DateTime? ReadService(HealthCollection collection)
        {
            string name = Options.ServiceName;
            IServiceControl control;
            try
            {
                control = _machine.OpenServices();
            }
            catch (PlatformNotSupportedException)
            {
                collection.NotCheckedBecause($"Service control is only available on Windows, so {name} was not checked.");
                return null;
            }

            DateTime? startedAt = null;
            try
            {
                ServiceStatusInfo? status = control.Query(name);
                if (status == null)
                {
                    collection.ServiceStatus = "NotInstalled";
                    return null;
                }

                collection.ServiceStatus = status.State.ToString();
                if (status.ProcessId > 0)
                {
                    startedAt = _machine.ProcessStartTime(status.ProcessId);
                    if (startedAt == null)
                    {
                        collection.NotCheckedBecause($"The start time of {name} (process {status.ProcessId}) could not be read.");
                    }
                }

                collection.DependentServices = Dependents(control, name);
            }
            catch (ServiceControlException ex)
            {
                collection.NotCheckedBecause(ex.Message);
            }

            ReadImage(collection);
            return startedAt;
        }

        public override void ReadEvents(HealthCollection collection, DateTime? serviceStartedAt)
        {
            IEventLogReader reader;
            try
            {
                reader = _machine.OpenEventLog();
            }
            catch (PlatformNotSupportedException)
            {
                collection.NotCheckedBecause($"The event log is only available on Windows, so event {Kb817375.ProfileFailureEventId} was not counted.");
                return;
            }

            try
            {
                if (serviceStartedAt == null)
                {
                    collection.NotCheckedBecause($"{Options.ServiceName} is not running, so there are no events since it started to count.");
                }
                else
                {
                    IReadOnlyList<EventRecordInfo> events = reader.Read(EventQuery(serviceStartedAt, null));
                    collection.Events = events;
                    collection.RecentEventCount = events.Count;
                }

                // The newest one, also from before the last start: when did the symptom last show?
                EventRecordInfo? newest = collection.Events.FirstOrDefault() ?? reader.Read(EventQuery(null, 1)).FirstOrDefault();
                collection.LastEventTime = newest?.TimeCreated;
            }
            catch (EventLogReadException ex)
            {
                collection.NotCheckedBecause(ex.Message);
            }
        }

        public override void ReadComputerName(HealthCollection collection) => collection.ComputerName = _machine.Name;

        /// <summary>Whether each loading process is Exchange's and whom it impersonates, for the suspect rule.</summary>
        private Dictionary<int, ProcessInspection> Inspect(IReadOnlyList<ProcessScanResult> found, HealthCollection collection)
        {
            var inspections = new Dictionary<int, ProcessInspection>();
            if (found.Count == 0)
            {
                return inspections;
            }

            var inspector = new MapiProcessInspector(Classifier(collection), _machine.OpenImpersonation());
            int unseen = 0;
            string? why = null;
            foreach (ProcessScanResult process in found)
            {
                ProcessInspection inspection = inspector.Inspect(process);
                inspections[process.Process.Id] = inspection;
                if (inspection.ImpersonationFailure != null)
                {
                    unseen++;
                    why ??= inspection.ImpersonationFailure;
                }
            }

            if (unseen > 0)
            {
                collection.NotCheckedBecause($"Whom the threads of {unseen} MAPI process(es) impersonate could not be seen ({why}); run elevated to read them.");
            }

            return inspections;
        }

        private ExchangeProcessClassifier Classifier(HealthCollection collection)
        {
            try
            {
                using IRegistryKey? key = _machine.OpenServicesKey();
                if (key != null)
                {
                    var services = new RegistryServiceConfigurationSource(key);
                    return ExchangeProcessClassifier.FromServices(services, Environment.GetEnvironmentVariable, Options.ServiceName);
                }
            }
            catch (Exception ex) when (ex is PlatformNotSupportedException || ex is UnauthorizedAccessException || ex is System.IO.IOException || ex is System.ComponentModel.Win32Exception)
            {
                collection.Note($"The services could not be read, so Exchange's processes are told by their image paths only: {ex.Message}");
            }

            return ExchangeProcessClassifier.FromFolder(null);
        }

        /// <summary>Every service that depends on <paramref name="name"/>, directly or through another, nearest first.</summary>
        private static IReadOnlyList<string> Dependents(IServiceControl control, string name)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { name };
            var order = new List<string>();
            var queue = new Queue<string>();
            queue.Enqueue(name);
            while (queue.Count > 0 && order.Count < MaxDependents)
            {
                foreach (ServiceStatusInfo dependent in control.GetDependentServices(queue.Dequeue()))
                {
                    if (seen.Add(dependent.Name))
                    {
                        order.Add(dependent.Name);
                        queue.Enqueue(dependent.Name);
                    }
                }
            }

            return order;
        }

        private void ReadImage(HealthCollection collection)
        {
            string? imagePath = null;
            try
            {
                using IRegistryKey? services = _machine.OpenServicesKey();
                if (services != null)
                {
                    imagePath = ServiceFacts.Read(services, Options.ServiceName, withDependents: false)?.ImagePath;
                }
            }
            catch (Exception ex) when (ex is PlatformNotSupportedException || ex is UnauthorizedAccessException || ex is System.IO.IOException || ex is System.ComponentModel.Win32Exception)
            {
                collection.NotCheckedBecause($"The service configuration of {Options.ServiceName} could not be read, so the Exchange version is not known: {ex.Message}");
                return;
            }

            if (imagePath == null)
            {
                collection.NotCheckedBecause($"The service configuration of {Options.ServiceName} names no image, so the Exchange version is not known.");
                return;
            }

            string? file = ImagePathParser.ImageFile(imagePath, Environment.GetEnvironmentVariable);
            ReadExchangeVersion(file != null && System.IO.File.Exists(file) ? file : null, imagePath, collection);
        }
    }
}
