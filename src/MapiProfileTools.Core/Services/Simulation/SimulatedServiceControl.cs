using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace MapiProfileTools.Core.Services.Simulation
{
    /// <summary>
    /// A SIMULATOR of the service control manager, for tests: an in-memory table of services with
    /// dependencies and states, whose transitions take virtual time on <see cref="Clock"/>, with faults to
    /// inject per service and an event log of everything asked and everything that happened. It never
    /// touches a real service.
    /// </summary>
    /// <remarks>
    /// Why the class is public at all: samples/Invoke-Demo.ps1 shows the restart plan on a machine
    /// without Exchange through <see cref="CreateExchangeServer"/>, and a PowerShell script cannot see
    /// internals (InternalsVisibleTo reaches only the test assembly). So only that factory and the
    /// <see cref="IServiceControl"/> members a plan needs are public; everything tests use to build tables,
    /// inject faults and move virtual time is internal, and so are the clock, event and fault types.
    /// </remarks>
    /// <remarks>
    /// The SCM rules it keeps, with the Win32 error Windows gives: Stop of a service with an active direct
    /// dependent fails (1051 ERROR_DEPENDENT_SERVICES_RUNNING); Stop of a stopped service fails (1062); a
    /// control to a service in StartPending or StopPending fails (1061); Start of a service that is not
    /// stopped fails (1056); an unknown name fails with NotFound (1060). Start of a dependent starts its
    /// stopped parents first, as Windows does: the dependent stays StartPending until they all run, and
    /// fails to Stopped if one of them fails; a parent that is StopPending or refuses to start makes the
    /// Start fail at once (1068 ERROR_SERVICE_DEPENDENCY_FAIL). Windows blocks inside StartService while
    /// it starts the parents; the simulator returns at once and lets the states show it, which a caller
    /// that polls cannot tell apart. A crash (<see cref="StopItself"/>) does not stop the dependents.
    /// Thread-safe, but meant to be driven from one thread.
    /// </remarks>
    public sealed class SimulatedServiceControl : IServiceControl
    {
        internal static readonly TimeSpan DefaultStopTime = TimeSpan.FromSeconds(2);
        internal static readonly TimeSpan DefaultStartTime = TimeSpan.FromSeconds(3);

        private const int ErrorAccessDenied = 5;
        private const int ErrorDependentServicesRunning = 1051;
        private const int ErrorServiceAlreadyRunning = 1056;
        private const int ErrorServiceDoesNotExist = 1060;
        private const int ErrorServiceCannotAcceptControl = 1061;
        private const int ErrorServiceNotActive = 1062;
        private const int ErrorServiceDependencyFail = 1068;
        private const int ErrorServiceLogonFailed = 1069;

        private readonly object _gate = new object();
        private readonly List<SimulatedService> _services = new List<SimulatedService>();
        private readonly Dictionary<string, SimulatedService> _byName = new Dictionary<string, SimulatedService>(StringComparer.OrdinalIgnoreCase);
        private readonly List<SimulatedServiceEvent> _events = new List<SimulatedServiceEvent>();
        private readonly List<ScheduledAction> _scheduled = new List<ScheduledAction>();
        private TimeSpan _now;
        private int _nextProcessId = 1000;
        private long _scheduleSequence;

        internal SimulatedServiceControl()
        {
            Clock = new SimulatedClock(this);
        }

        /// <summary>Raised (on the thread that caused it) after each event is logged; handlers may call back into the simulator.</summary>
        internal event Action<SimulatedServiceEvent>? EventRecorded;

        internal SimulatedClock Clock { get; }

        /// <summary>Every event so far, in order.</summary>
        internal IReadOnlyList<SimulatedServiceEvent> Events
        {
            get
            {
                lock (_gate)
                {
                    return _events.ToArray();
                }
            }
        }

        /// <summary>How many times Start or Stop was called, accepted or not (0 proves that nothing was asked).</summary>
        internal int ControlRequestCount { get; private set; }

        internal TimeSpan Now
        {
            get
            {
                lock (_gate)
                {
                    return _now;
                }
            }
        }

        /// <summary>
        /// A server with Exchange 2003's System Attendant and its usual dependents, in a typical state:
        /// MSExchangeSA (needs RpcSs and EventLog) with MSExchangeIS and MSExchangeMTA depending on it;
        /// POP3Svc, IMAP4Svc and MSExchangeES depending on MSExchangeIS; MSExchangeES (the event service,
        /// manual by default) stopped, everything else running; an unrelated W3SVC running.
        /// </summary>
        public static SimulatedServiceControl CreateExchangeServer()
        {
            var simulator = new SimulatedServiceControl();
            simulator.AddService("RpcSs", "Remote Procedure Call (RPC)", ServiceState.Running);
            simulator.AddService("EventLog", "Event Log", ServiceState.Running);
            simulator.AddService("MSExchangeSA", "Microsoft Exchange System Attendant", ServiceState.Running, "RpcSs", "EventLog");
            simulator.AddService("MSExchangeIS", "Microsoft Exchange Information Store", ServiceState.Running, "MSExchangeSA");
            simulator.AddService("MSExchangeMTA", "Microsoft Exchange MTA Stacks", ServiceState.Running, "MSExchangeSA");
            simulator.AddService("POP3Svc", "Microsoft Exchange POP3", ServiceState.Running, "MSExchangeIS");
            simulator.AddService("IMAP4Svc", "Microsoft Exchange IMAP4", ServiceState.Running, "MSExchangeIS");
            simulator.AddService("MSExchangeES", "Microsoft Exchange Event", ServiceState.Stopped, "MSExchangeIS");
            simulator.AddService("W3SVC", "World Wide Web Publishing", ServiceState.Running, "RpcSs");
            return simulator;
        }

        /// <summary>
        /// Adds a service in a settled state (Stopped, Running or Paused). Parents named in
        /// <paramref name="dependsOn"/> may be added later; a dependency on a missing service makes Start fail.
        /// </summary>
        internal SimulatedServiceControl AddService(string name, string displayName, ServiceState state, params string[] dependsOn)
        {
            if (state != ServiceState.Stopped && state != ServiceState.Running && state != ServiceState.Paused)
            {
                throw new ArgumentException("A simulated service starts Stopped, Running or Paused; pending states come from transitions.", nameof(state));
            }

            lock (_gate)
            {
                if (_byName.ContainsKey(name))
                {
                    throw new ArgumentException($"The simulator already has a service named '{name}'.", nameof(name));
                }

                var service = new SimulatedService(name, displayName, state, dependsOn);
                if (state != ServiceState.Stopped)
                {
                    service.ProcessId = _nextProcessId++;
                }

                _services.Add(service);
                _byName[name] = service;
                return this;
            }
        }

        /// <summary>How long a stop and a start take for this service (virtual time).</summary>
        internal SimulatedServiceControl SetTransitionTimes(string name, TimeSpan stopTime, TimeSpan startTime)
        {
            lock (_gate)
            {
                SimulatedService service = Get(name);
                service.StopTime = stopTime;
                service.StartTime = startTime;
                return this;
            }
        }

        /// <summary>Adds faults to a service. <paramref name="occurrences"/> limits how many Stop or Start calls each fault affects; by default, all.</summary>
        internal SimulatedServiceControl InjectFault(string name, SimulatedServiceFault fault, int occurrences = int.MaxValue)
        {
            lock (_gate)
            {
                SimulatedService service = Get(name);
                foreach (SimulatedServiceFault single in Enum.GetValues(typeof(SimulatedServiceFault)))
                {
                    if (single != SimulatedServiceFault.None && (fault & single) == single)
                    {
                        service.Faults[single] = occurrences;
                    }
                }

                return this;
            }
        }

        /// <summary>Runs <paramref name="action"/> when the virtual clock reaches <paramref name="at"/> (at the next advance when it already has).</summary>
        internal void Schedule(TimeSpan at, Action action)
        {
            lock (_gate)
            {
                _scheduled.Add(new ScheduledAction(at, _scheduleSequence++, action));
            }
        }

        /// <summary>The service crashes now: whatever its state, it is Stopped, without a stop being asked.</summary>
        internal void StopItself(string name)
        {
            lock (_gate)
            {
                SimulatedService service = Get(name);
                if (service.State != ServiceState.Stopped)
                {
                    service.State = ServiceState.Stopped;
                    service.ProcessId = 0;
                    service.DueAt = null;
                    service.WaitingForParents = false;
                    Record(service, SimulatedServiceEventKind.StoppedItself, null);
                    FailChildrenWaitingOn(service);
                }
            }
        }

        internal ServiceState StateOf(string name)
        {
            lock (_gate)
            {
                return Get(name).State;
            }
        }

        public ServiceStatusInfo? Query(string name)
        {
            lock (_gate)
            {
                return _byName.TryGetValue(name, out SimulatedService? service) ? service.ToStatus() : null;
            }
        }

        public IReadOnlyList<ServiceStatusInfo> GetDependentServices(string name)
        {
            lock (_gate)
            {
                SimulatedService parent = GetOrThrow(name, "list the dependents of");
                return DirectDependents(parent).Select(s => new ServiceStatusInfo(s.Name, s.DisplayName, s.State, 0)).ToArray();
            }
        }

        public IReadOnlyList<ServiceStatusInfo> GetServices()
        {
            lock (_gate)
            {
                return _services.Select(s => s.ToStatus()).ToArray();
            }
        }

        public void Start(string name)
        {
            lock (_gate)
            {
                ControlRequestCount++;
                SimulatedService service = GetOrThrow(name, "start");
                if (TakeFault(service, SimulatedServiceFault.StartAccessDenied))
                {
                    throw Refuse(service, SimulatedServiceEventKind.StartRefused, ServiceFailure.AccessDenied, ErrorAccessDenied, "start", "Access is denied.");
                }

                if (service.State != ServiceState.Stopped)
                {
                    throw Refuse(service, SimulatedServiceEventKind.StartRefused, ServiceFailure.Failed, ErrorServiceAlreadyRunning, "start", "An instance of the service is already running.");
                }

                if (TakeFault(service, SimulatedServiceFault.StartRefused))
                {
                    throw Refuse(service, SimulatedServiceEventKind.StartRefused, ServiceFailure.Failed, ErrorServiceLogonFailed, "start", "The service did not start due to a logon failure.");
                }

                // Windows starts the stopped parents first; check them all before changing anything.
                var toStart = new List<SimulatedService>();
                string? blocker = CollectStoppedAncestors(service, toStart, new HashSet<SimulatedService>());
                if (blocker != null)
                {
                    throw Refuse(service, SimulatedServiceEventKind.StartRefused, ServiceFailure.Failed, ErrorServiceDependencyFail, "start", $"The dependency service or group failed to start ({blocker}).");
                }

                foreach (SimulatedService ancestor in toStart)
                {
                    BeginStart(ancestor, $"parent of {service.Name}");
                }

                BeginStart(service, null);
            }
        }

        public void Stop(string name)
        {
            lock (_gate)
            {
                ControlRequestCount++;
                SimulatedService service = GetOrThrow(name, "stop");
                if (TakeFault(service, SimulatedServiceFault.StopAccessDenied))
                {
                    throw Refuse(service, SimulatedServiceEventKind.StopRefused, ServiceFailure.AccessDenied, ErrorAccessDenied, "stop", "Access is denied.");
                }

                if (service.State == ServiceState.Stopped)
                {
                    throw Refuse(service, SimulatedServiceEventKind.StopRefused, ServiceFailure.Failed, ErrorServiceNotActive, "stop", "The service has not been started.");
                }

                if (service.State == ServiceState.StartPending || service.State == ServiceState.StopPending)
                {
                    throw Refuse(service, SimulatedServiceEventKind.StopRefused, ServiceFailure.Failed, ErrorServiceCannotAcceptControl, "stop", "The service cannot accept control messages at this time.");
                }

                SimulatedService? activeChild = DirectDependents(service).FirstOrDefault(d => d.State != ServiceState.Stopped);
                if (activeChild != null)
                {
                    throw Refuse(service, SimulatedServiceEventKind.StopRefused, ServiceFailure.Failed, ErrorDependentServicesRunning, "stop", $"A stop control has been sent to a service that other running services are dependent on ({activeChild.Name} is {activeChild.State}).");
                }

                service.State = ServiceState.StopPending;
                service.DueAt = TakeFault(service, SimulatedServiceFault.StopHangs) ? (TimeSpan?)null : _now + service.StopTime;
                Record(service, SimulatedServiceEventKind.StopRequested, service.DueAt == null ? "will hang" : null);
            }
        }

        // Moves the clock to `target`, applying due transitions and scheduled actions in time order
        // (transitions before scheduled actions at the same instant, then in the order they were set).
        internal void AdvanceTo(TimeSpan target, CancellationToken cancellation)
        {
            lock (_gate)
            {
                while (true)
                {
                    SimulatedService? dueService = _services.Where(s => s.DueAt != null && s.DueAt <= target).OrderBy(s => s.DueAt).FirstOrDefault();
                    ScheduledAction? dueAction = _scheduled.Where(a => a.At <= target).OrderBy(a => a.At).ThenBy(a => a.Sequence).FirstOrDefault();
                    if (dueService == null && dueAction == null)
                    {
                        break;
                    }

                    if (dueService != null && (dueAction == null || dueService.DueAt <= dueAction.At))
                    {
                        _now = Max(_now, dueService.DueAt!.Value);
                        CompleteTransition(dueService);
                    }
                    else
                    {
                        _now = Max(_now, dueAction!.At);
                        _scheduled.Remove(dueAction);
                        dueAction.Action();
                        if (cancellation.IsCancellationRequested)
                        {
                            return;
                        }
                    }
                }

                _now = Max(_now, target);
            }
        }

        private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

        // A parent counts as started once it has reached Running, even if it was paused since.
        private static bool IsUp(ServiceState state) =>
            state == ServiceState.Running || state == ServiceState.Paused || state == ServiceState.PausePending || state == ServiceState.ContinuePending;

        private void CompleteTransition(SimulatedService service)
        {
            service.DueAt = null;
            if (service.State == ServiceState.StopPending)
            {
                service.State = ServiceState.Stopped;
                service.ProcessId = 0;
                Record(service, SimulatedServiceEventKind.Stopped, null);
                return;
            }

            if (service.FailsThisStart)
            {
                service.State = ServiceState.Stopped;
                service.ProcessId = 0;
                Record(service, SimulatedServiceEventKind.StartFailed, "the service terminated while starting");
                FailChildrenWaitingOn(service);
                return;
            }

            service.State = ServiceState.Running;
            service.ProcessId = _nextProcessId++;
            Record(service, SimulatedServiceEventKind.Started, null);
            foreach (SimulatedService child in DirectDependents(service).Where(c => c.WaitingForParents).ToList())
            {
                ScheduleIfParentsRunning(child);
            }
        }

        private void BeginStart(SimulatedService service, string? reason)
        {
            service.State = ServiceState.StartPending;
            service.FailsThisStart = TakeFault(service, SimulatedServiceFault.StartFails);
            service.HangsThisStart = TakeFault(service, SimulatedServiceFault.StartHangs);
            service.WaitingForParents = true;
            Record(service, SimulatedServiceEventKind.StartRequested, reason);
            ScheduleIfParentsRunning(service);
        }

        private void ScheduleIfParentsRunning(SimulatedService service)
        {
            if (service.DependsOn.All(p => _byName.TryGetValue(p, out SimulatedService? parent) && IsUp(parent.State)))
            {
                service.WaitingForParents = false;
                service.DueAt = service.HangsThisStart ? (TimeSpan?)null : _now + service.StartTime;
            }
        }

        private void FailChildrenWaitingOn(SimulatedService parent)
        {
            foreach (SimulatedService child in DirectDependents(parent).Where(c => c.WaitingForParents).ToList())
            {
                child.WaitingForParents = false;
                child.State = ServiceState.Stopped;
                Record(child, SimulatedServiceEventKind.StartFailed, $"its parent {parent.Name} did not start (error {ErrorServiceDependencyFail})");
                FailChildrenWaitingOn(child);
            }
        }

        // Stopped parents to start, deepest ancestor first; returns why the start cannot go ahead, or null.
        private string? CollectStoppedAncestors(SimulatedService service, List<SimulatedService> toStart, HashSet<SimulatedService> visiting)
        {
            if (!visiting.Add(service))
            {
                return $"circular dependency at {service.Name}";
            }

            foreach (string parentName in service.DependsOn)
            {
                if (!_byName.TryGetValue(parentName, out SimulatedService? parent))
                {
                    return $"{parentName} is not installed";
                }

                if (parent.State == ServiceState.StopPending)
                {
                    return $"{parent.Name} is stopping";
                }

                if (parent.State == ServiceState.Stopped && !toStart.Contains(parent))
                {
                    if (TakeFault(parent, SimulatedServiceFault.StartRefused))
                    {
                        Record(parent, SimulatedServiceEventKind.StartRefused, $"as parent of {service.Name}: error {ErrorServiceLogonFailed}");
                        return $"{parent.Name} did not start";
                    }

                    string? blocker = CollectStoppedAncestors(parent, toStart, visiting);
                    if (blocker != null)
                    {
                        return blocker;
                    }

                    toStart.Add(parent);
                }
            }

            visiting.Remove(service);
            return null;
        }

        private IEnumerable<SimulatedService> DirectDependents(SimulatedService parent) =>
            _services.Where(s => s.DependsOn.Contains(parent.Name, StringComparer.OrdinalIgnoreCase));

        private bool TakeFault(SimulatedService service, SimulatedServiceFault fault)
        {
            if (!service.Faults.TryGetValue(fault, out int left) || left <= 0)
            {
                return false;
            }

            service.Faults[fault] = left == int.MaxValue ? left : left - 1;
            return true;
        }

        private ServiceControlException Refuse(SimulatedService service, SimulatedServiceEventKind kind, ServiceFailure failure, int code, string operation, string reason)
        {
            Record(service, kind, $"error {code}");
            return new ServiceControlException(service.Name, failure, $"Cannot {operation} service '{service.Name}': {reason} (error {code}).", code);
        }

        private SimulatedService GetOrThrow(string name, string operation) =>
            _byName.TryGetValue(name, out SimulatedService? service)
                ? service
                : throw new ServiceControlException(name, ServiceFailure.NotFound, $"Cannot {operation} service '{name}': no service of that name is installed (error {ErrorServiceDoesNotExist}).", ErrorServiceDoesNotExist);

        private SimulatedService Get(string name) =>
            _byName.TryGetValue(name, out SimulatedService? service) ? service : throw new ArgumentException($"The simulator has no service named '{name}'.", nameof(name));

        private void Record(SimulatedService service, SimulatedServiceEventKind kind, string? detail)
        {
            var entry = new SimulatedServiceEvent(_now, service.Name, kind, detail);
            _events.Add(entry);
            EventRecorded?.Invoke(entry);
        }

        private sealed class SimulatedService
        {
            public SimulatedService(string name, string displayName, ServiceState state, string[] dependsOn)
            {
                Name = name;
                DisplayName = displayName;
                State = state;
                DependsOn = dependsOn ?? Array.Empty<string>();
            }

            public string Name { get; }

            public string DisplayName { get; }

            public string[] DependsOn { get; }

            public ServiceState State { get; set; }

            public int ProcessId { get; set; }

            public TimeSpan StopTime { get; set; } = DefaultStopTime;

            public TimeSpan StartTime { get; set; } = DefaultStartTime;

            public Dictionary<SimulatedServiceFault, int> Faults { get; } = new Dictionary<SimulatedServiceFault, int>();

            /// <summary>When the pending transition completes; null when none is due (settled, hung, or waiting for parents).</summary>
            public TimeSpan? DueAt { get; set; }

            public bool WaitingForParents { get; set; }

            public bool FailsThisStart { get; set; }

            public bool HangsThisStart { get; set; }

            public ServiceStatusInfo ToStatus() => new ServiceStatusInfo(Name, DisplayName, State, State == ServiceState.Stopped ? 0 : ProcessId);
        }

        private sealed class ScheduledAction
        {
            public ScheduledAction(TimeSpan at, long sequence, Action action)
            {
                At = at;
                Sequence = sequence;
                Action = action;
            }

            public TimeSpan At { get; }

            public long Sequence { get; }

            public Action Action { get; }
        }
    }
}
