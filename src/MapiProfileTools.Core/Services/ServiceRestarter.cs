using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace MapiProfileTools.Core.Services
{
    /// <summary>
    /// Restarts a service with its dependents, bounded in time, and always tries to leave running what
    /// was running. Never calls PowerShell: progress goes to <see cref="ServiceRestartOptions.Progress"/>
    /// and the outcome is a <see cref="ServiceRestartResult"/>.
    /// </summary>
    /// <remarks>
    /// Unlike Restart-Service -Force (which waits without an overall bound, lets a 30-second timeout of
    /// one dependent escape, and starts dependents before the target), every wait here polls
    /// <see cref="IServiceControl.Query"/> and gets only what is left of one overall timeout, and the
    /// target starts before its dependents.
    /// After any failure, timeout or cancellation, and whenever a service that should run is found not
    /// running at the end (it stopped by itself), the recovery starts again each service that should be
    /// running. It polls all of them together and asks each to start once its parents within the plan
    /// run, so a hung service holds back only its own dependents. It gets whatever is left of the timeout
    /// but at least <see cref="ServiceRestartOptions.RecoveryGracePeriod"/>, so a timeout that ran out does
    /// not leave the services down: the worst case is Timeout + RecoveryGracePeriod. After cancellation it
    /// makes one pass of start requests and does not wait, so Ctrl+C returns at once; what did not get
    /// back up is named in the result.
    /// </remarks>
    public sealed class ServiceRestarter
    {
        private readonly IServiceControl _control;

        public ServiceRestarter(IServiceControl control, ServiceRestartOptions? options = null)
        {
            _control = control ?? throw new ArgumentNullException(nameof(control));
            Options = options ?? new ServiceRestartOptions();
            Options.Validate();
        }

        public ServiceRestartOptions Options { get; }

        /// <summary>Works out the restart without changing anything (for -WhatIf); see <see cref="ServiceRestartPlan.Create"/>.</summary>
        public ServiceRestartPlan CreatePlan(string name) => ServiceRestartPlan.Create(_control, name);

        /// <summary>
        /// Carries out <paramref name="plan"/>. Make the plan just before (after any confirmation prompt):
        /// a dependent that started since the plan was made makes the target's stop fail, and the restart
        /// then recovers. Returns a result for every outcome; throws only for invalid options.
        /// </summary>
        public ServiceRestartResult Execute(ServiceRestartPlan plan, CancellationToken cancellation = default)
        {
            if (plan == null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            Options.Validate();
            return new RestartRun(_control, Options, plan, cancellation).Run();
        }

        /// <summary>Plans and executes in one call; throws NotFound before any action when the service does not exist.</summary>
        public ServiceRestartResult Restart(string name, CancellationToken cancellation = default) => Execute(CreatePlan(name), cancellation);

        internal static string FormatDuration(TimeSpan duration)
        {
            if (duration < TimeSpan.FromMinutes(1))
            {
                return duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
            }

            if (duration < TimeSpan.FromHours(1))
            {
                return duration.Seconds == 0 ? $"{(int)duration.TotalMinutes} min" : $"{(int)duration.TotalMinutes} min {duration.Seconds} s";
            }

            return duration.ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture);
        }

        private enum StepOutcome
        {
            Done,
            Failed,
            TimedOut,
            Canceled,
        }

        /// <summary>One service's bookkeeping during a run.</summary>
        private sealed class TrackedService
        {
            public TrackedService(ServiceStatusInfo planned, ServiceRestartRole role)
            {
                Planned = planned;
                Role = role;
                ShouldRun = role == ServiceRestartRole.Target || ServiceRestartPlan.WasActive(planned.State);
            }

            public ServiceStatusInfo Planned { get; }

            public string Name => Planned.Name;

            public ServiceRestartRole Role { get; }

            /// <summary>Must be running at the end: the target always, a dependent when it was active before.</summary>
            public bool ShouldRun { get; }

            /// <summary>Its start step saw it Running.</summary>
            public bool SeenRunning { get; set; }

            public TimeSpan Spent { get; set; }

            public List<string> Errors { get; } = new List<string>();
        }

        /// <summary>One service being started again by the recovery.</summary>
        private sealed class RecoveryItem
        {
            public RecoveryItem(TrackedService service) => Service = service;

            public TrackedService Service { get; }

            public ServiceState? State { get; set; }

            /// <summary>Start was asked (or the SCM had already begun it).</summary>
            public bool Requested { get; set; }

            public bool Finished { get; set; }

            public bool Succeeded { get; set; }
        }

        /// <summary>The state of one execution of a plan.</summary>
        private sealed class RestartRun
        {
            private readonly IServiceControl _control;
            private readonly ServiceRestartPlan _plan;
            private readonly CancellationToken _cancellation;
            private readonly IServiceWaitClock _clock;
            private readonly TimeSpan _timeout;
            private readonly TimeSpan _pollInterval;
            private readonly TimeSpan _recoveryGrace;
            private readonly List<TrackedService> _tracked = new List<TrackedService>();
            private readonly Dictionary<string, TrackedService> _byName = new Dictionary<string, TrackedService>(StringComparer.OrdinalIgnoreCase);
            private Action<ServiceRestartProgress>? _progress;
            private TimeSpan _started;
            private bool _timedOut;
            private bool _canceled;
            private string? _firstFailure;

            public RestartRun(IServiceControl control, ServiceRestartOptions options, ServiceRestartPlan plan, CancellationToken cancellation)
            {
                _control = control;
                _plan = plan;
                _cancellation = cancellation;
                _clock = options.Clock;
                _timeout = options.Timeout;
                _pollInterval = options.PollInterval;
                _recoveryGrace = options.RecoveryGracePeriod;
                _progress = options.Progress;

                Track(plan.Target, ServiceRestartRole.Target);
                var touched = new HashSet<string>(plan.Steps.Select(s => s.Service.Name), StringComparer.OrdinalIgnoreCase);
                foreach (ServiceStatusInfo dependent in plan.Dependents.Where(d => touched.Contains(d.Name)))
                {
                    Track(dependent, ServiceRestartRole.Dependent);
                }
            }

            public ServiceRestartResult Run()
            {
                _started = _clock.Now;
                TimeSpan deadline = SaturatingAdd(_started, _timeout);

                foreach (ServiceRestartStep step in _plan.Steps)
                {
                    TrackedService service = _byName[step.Service.Name];
                    if (_cancellation.IsCancellationRequested)
                    {
                        _canceled = true;
                        break;
                    }

                    if (_clock.Now >= deadline)
                    {
                        _timedOut = true;
                        Fail(service, $"was not {(step.Action == ServiceRestartAction.Stop ? "stopped" : "started")}: the timeout of {FormatDuration(_timeout)} ran out before its turn");
                        break;
                    }

                    ServiceRestartPhase phase = step.Action == ServiceRestartAction.Stop ? ServiceRestartPhase.Stopping : ServiceRestartPhase.Starting;
                    StepOutcome outcome = Guarded(service, () => step.Action == ServiceRestartAction.Stop
                        ? StopService(service, deadline, phase, step.Number, _plan.Steps.Count)
                        : StartService(service, deadline, phase, step.Number, _plan.Steps.Count));
                    if (outcome != StepOutcome.Done)
                    {
                        break;
                    }
                }

                bool recovered = Recover(deadline);
                return BuildResult(recovered);
            }

            // Starts again each service that should run and does not. One polling loop over all of them:
            // a service is asked to start as soon as its parents within the plan run, so a service that
            // hangs delays only its own dependents and every other one still gets the whole grace period.
            // Returns whether it had anything to do.
            private bool Recover(TimeSpan deadline)
            {
                var items = new List<RecoveryItem>();
                foreach (TrackedService service in _tracked.Where(s => s.ShouldRun))
                {
                    ServiceState? state = TryQueryState(service);
                    if (state == ServiceState.Running)
                    {
                        continue;
                    }

                    if (service.SeenRunning)
                    {
                        Fail(service, $"stopped by itself after it was started ({state?.ToString() ?? "state unknown"}); starting it again");
                    }

                    items.Add(new RecoveryItem(service));
                }

                if (items.Count == 0)
                {
                    return false;
                }

                // Whatever is left of the timeout, but never less than the grace period; after Ctrl+C one
                // pass of start requests and no waiting.
                TimeSpan began = _clock.Now;
                TimeSpan recoveryDeadline = _canceled ? began : Max(deadline, SaturatingAdd(began, _recoveryGrace));
                var byName = items.ToDictionary(i => i.Service.Name, StringComparer.OrdinalIgnoreCase);
                while (true)
                {
                    bool lastPass = _canceled || _cancellation.IsCancellationRequested || _clock.Now >= recoveryDeadline;
                    foreach (RecoveryItem item in items.Where(i => !i.Finished))
                    {
                        AdvanceRecovery(item, byName, began);
                    }

                    RecoveryItem? current = items.FirstOrDefault(i => !i.Finished);
                    if (current == null)
                    {
                        break;
                    }

                    TimeSpan remaining = recoveryDeadline - _clock.Now;
                    Report(ServiceRestartPhase.Recovering, ServiceRestartAction.Start, current.Service.Planned, current.State, items.Count(i => i.Finished) + 1, items.Count,
                        remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining, $"Starting again {current.Service.Planned}: {current.State?.ToString() ?? "state unknown"}");
                    if (lastPass)
                    {
                        break;
                    }

                    if (_cancellation.IsCancellationRequested)
                    {
                        _canceled = true;
                        continue;
                    }

                    if (remaining > TimeSpan.Zero)
                    {
                        _clock.Sleep(remaining < _pollInterval ? remaining : _pollInterval, _cancellation);
                    }
                }

                _canceled |= _cancellation.IsCancellationRequested;
                foreach (RecoveryItem item in items.Where(i => !i.Finished))
                {
                    item.Service.Spent += _clock.Now - began;
                    if (_canceled && !item.Requested && item.Service.Errors.Count > 0)
                    {
                        continue; // its error already says the cancellation caught it
                    }

                    ServiceStatusInfo? waitingOn = _plan.ParentsOf(item.Service.Name)
                        .Select(p => byName.TryGetValue(p, out RecoveryItem? parent) && !parent.Succeeded ? parent.Service.Planned : null)
                        .FirstOrDefault(p => p != null);
                    string state = item.State?.ToString() ?? "state unknown";
                    string why = item.Requested && _canceled ? $"asked to start again; still {state} when the canceled restart returned"
                        : item.Requested ? $"asked to start again; still {state} when the recovery's time ran out"
                        : _canceled ? $"not started again: the restart was canceled ({state})"
                        : waitingOn != null ? $"not started again: {waitingOn}, which it depends on, did not start in time"
                        : $"not started again: still {state} when the recovery's time ran out";
                    Fail(item.Service, why);
                }

                return true;
            }

            // One look at one service being recovered: finish it, ask it to start, or leave it to the next pass.
            private void AdvanceRecovery(RecoveryItem item, Dictionary<string, RecoveryItem> byName, TimeSpan began)
            {
                TrackedService service = item.Service;
                try
                {
                    ServiceStatusInfo? status = _control.Query(service.Name);
                    if (status == null)
                    {
                        Settle(item, began, "is no longer installed");
                        return;
                    }

                    item.State = status.State;
                    switch (status.State)
                    {
                        case ServiceState.Running:
                            service.SeenRunning = true;
                            item.Succeeded = true;
                            Settle(item, began, null);
                            return;
                        case ServiceState.Paused:
                            Settle(item, began, "is paused, not stopped, so it was not started (resume it)");
                            return;
                        case ServiceState.Stopped:
                        case ServiceState.Unknown:
                            break;
                        default:
                            return; // pending: look again next pass
                    }

                    if (item.Requested)
                    {
                        Settle(item, began, "stopped again instead of running: it failed to start");
                        return;
                    }

                    RecoveryItem? failedParent = null;
                    bool parentsUp = true;
                    foreach (string parentName in _plan.ParentsOf(service.Name))
                    {
                        if (byName.TryGetValue(parentName, out RecoveryItem? parent) && !parent.Succeeded)
                        {
                            parentsUp = false;
                            failedParent ??= parent.Finished ? parent : null;
                        }
                    }

                    if (failedParent != null)
                    {
                        Settle(item, began, $"not started again: {failedParent.Service.Planned}, which it depends on, is not running");
                        return;
                    }

                    if (!parentsUp)
                    {
                        return;
                    }

                    try
                    {
                        _control.Start(service.Name);
                        item.Requested = true;
                        item.State = TryQueryState(service) ?? item.State;
                    }
                    catch (ServiceControlException ex)
                    {
                        ServiceState? now = TryQueryState(service);
                        if (now == ServiceState.Running || now == ServiceState.StartPending)
                        {
                            item.Requested = true;
                        }
                        else
                        {
                            Settle(item, began, ex.Message);
                        }
                    }
                }
                catch (Exception ex)
                {
                    Settle(item, began, ex is ServiceControlException ? ex.Message : $"unexpected {ex.GetType().Name}: {ex.Message}");
                }
            }

            private void Settle(RecoveryItem item, TimeSpan began, string? error)
            {
                item.Finished = true;
                item.Service.Spent += _clock.Now - began;
                if (error != null)
                {
                    Fail(item.Service, error);
                }
            }

            private ServiceRestartResult BuildResult(bool recovered)
            {
                var records = new List<ServiceRestartRecord>();
                var notRunning = new List<ServiceRestartRecord>();
                foreach (TrackedService service in _tracked)
                {
                    ServiceState after = TryQueryState(service) ?? ServiceState.Unknown;
                    if (service.ShouldRun && after != ServiceState.Running && service.Errors.Count == 0)
                    {
                        service.Errors.Add($"left {after}");
                    }

                    var record = new ServiceRestartRecord(
                        service.Name,
                        service.Planned.DisplayName,
                        service.Role,
                        service.Planned.State,
                        after,
                        service.Spent,
                        service.Errors.Count == 0 ? null : string.Join("; ", service.Errors));
                    records.Add(record);
                    if (service.ShouldRun && after != ServiceState.Running)
                    {
                        notRunning.Add(record);
                    }
                }

                bool succeeded = !_canceled && !_timedOut && notRunning.Count == 0 && records.All(r => r.Error == null);
                TimeSpan duration = _clock.Now - _started;
                Report(ServiceRestartPhase.Completed, ServiceRestartAction.Start, null, null, 0, 0, TimeSpan.Zero, succeeded ? $"Restarted {_plan.Target}" : $"Restart of {_plan.Target} ended with errors");
                return new ServiceRestartResult(_plan, records, notRunning, succeeded, _timedOut, _canceled, recovered, duration, succeeded ? null : Describe(notRunning));
            }

            private string Describe(IReadOnlyList<ServiceRestartRecord> notRunning)
            {
                string head = _canceled ? $"The restart of {_plan.Target} was canceled"
                    : _timedOut ? $"The restart of {_plan.Target} did not finish within {FormatDuration(_timeout)}"
                    : $"The restart of {_plan.Target} failed";
                string cause = _firstFailure == null ? "." : $": {_firstFailure.TrimEnd('.')}.";
                string tail = notRunning.Count == 0
                    ? " Every service that was running before is running."
                    : " Left not running: " + string.Join(", ", notRunning.Select(r => $"{Display(r.Name, r.DisplayName)} ({r.StatusAfter})")) + ".";
                return head + cause + tail;
            }

            private StepOutcome StopService(TrackedService service, TimeSpan deadline, ServiceRestartPhase phase, int number, int count)
            {
                ServiceStatusInfo? status = QueryOrFail(service);
                if (status == null)
                {
                    return StepOutcome.Failed;
                }

                ServiceState state = status.State;
                if (state == ServiceState.StartPending || state == ServiceState.ContinuePending || state == ServiceState.PausePending)
                {
                    // A service in the middle of another transition refuses a stop control: let it settle first.
                    WaitResult settled = Wait(service, s => !IsSettling(s), null, deadline, phase, ServiceRestartAction.Stop, number, count);
                    if (settled.Outcome != StepOutcome.Done)
                    {
                        return Conclude(service, settled, "stop");
                    }

                    state = settled.State;
                }

                if (state == ServiceState.Stopped)
                {
                    return StepOutcome.Done;
                }

                if (state != ServiceState.StopPending)
                {
                    try
                    {
                        _control.Stop(service.Name);
                    }
                    catch (ServiceControlException ex)
                    {
                        // It may have stopped by itself between the query and the stop (error 1062): that is fine.
                        ServiceState? now = TryQueryState(service);
                        if (now != ServiceState.Stopped && now != ServiceState.StopPending)
                        {
                            Fail(service, ex.Message);
                            return StepOutcome.Failed;
                        }
                    }
                }

                return Conclude(service, Wait(service, s => s == ServiceState.Stopped, null, deadline, phase, ServiceRestartAction.Stop, number, count), "stop");
            }

            private StepOutcome StartService(TrackedService service, TimeSpan deadline, ServiceRestartPhase phase, int number, int count)
            {
                ServiceStatusInfo? status = QueryOrFail(service);
                if (status == null)
                {
                    return StepOutcome.Failed;
                }

                ServiceState state = status.State;
                if (state == ServiceState.StopPending || state == ServiceState.PausePending || state == ServiceState.ContinuePending)
                {
                    WaitResult settled = Wait(service, s => s != ServiceState.StopPending && s != ServiceState.PausePending && s != ServiceState.ContinuePending, null, deadline, phase, ServiceRestartAction.Start, number, count);
                    if (settled.Outcome != StepOutcome.Done)
                    {
                        return Conclude(service, settled, "stop before it could be started");
                    }

                    state = settled.State;
                }

                if (state == ServiceState.Paused)
                {
                    Fail(service, "is paused, not stopped, so it was not started (resume it)");
                    return StepOutcome.Failed;
                }

                if (state == ServiceState.Stopped || state == ServiceState.Unknown)
                {
                    try
                    {
                        _control.Start(service.Name);
                    }
                    catch (ServiceControlException ex)
                    {
                        // The SCM may have started it already as the parent of another service (error 1056).
                        ServiceState? now = TryQueryState(service);
                        if (now != ServiceState.Running && now != ServiceState.StartPending)
                        {
                            Fail(service, ex.Message);
                            return StepOutcome.Failed;
                        }
                    }
                }

                WaitResult started = Wait(service, s => s == ServiceState.Running, s => s == ServiceState.Stopped, deadline, phase, ServiceRestartAction.Start, number, count);
                if (started.Outcome == StepOutcome.Failed && started.State == ServiceState.Stopped)
                {
                    Fail(service, "stopped again instead of running: it failed to start");
                    return StepOutcome.Failed;
                }

                StepOutcome outcome = Conclude(service, started, "start");
                service.SeenRunning |= outcome == StepOutcome.Done;
                return outcome;
            }

            private static bool IsSettling(ServiceState state) =>
                state == ServiceState.StartPending || state == ServiceState.ContinuePending || state == ServiceState.PausePending;

            private WaitResult Wait(
                TrackedService service,
                Func<ServiceState, bool> done,
                Func<ServiceState, bool>? failed,
                TimeSpan deadline,
                ServiceRestartPhase phase,
                ServiceRestartAction action,
                int number,
                int count)
            {
                TimeSpan began = _clock.Now;
                string verb = phase == ServiceRestartPhase.Recovering ? "Starting again" : action == ServiceRestartAction.Stop ? "Stopping" : "Starting";
                while (true)
                {
                    ServiceStatusInfo? status = _control.Query(service.Name);
                    if (status == null)
                    {
                        return new WaitResult(StepOutcome.Failed, ServiceState.Unknown, _clock.Now - began, "is no longer installed");
                    }

                    TimeSpan remaining = deadline - _clock.Now;
                    Report(phase, action, status, status.State, number, count, remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining, $"{verb} {status}: {status.State}");
                    if (done(status.State))
                    {
                        return new WaitResult(StepOutcome.Done, status.State, _clock.Now - began, null);
                    }

                    if (failed != null && failed(status.State))
                    {
                        return new WaitResult(StepOutcome.Failed, status.State, _clock.Now - began, null);
                    }

                    if (_cancellation.IsCancellationRequested)
                    {
                        return new WaitResult(StepOutcome.Canceled, status.State, _clock.Now - began, null);
                    }

                    if (remaining <= TimeSpan.Zero)
                    {
                        return new WaitResult(StepOutcome.TimedOut, status.State, _clock.Now - began, null);
                    }

                    _clock.Sleep(remaining < _pollInterval ? remaining : _pollInterval, _cancellation);
                }
            }

            private StepOutcome Conclude(TrackedService service, WaitResult result, string verb)
            {
                switch (result.Outcome)
                {
                    case StepOutcome.TimedOut:
                        _timedOut = true;
                        Fail(service, $"did not {verb} in the time left: still {result.State} after {FormatDuration(result.Waited)}");
                        break;
                    case StepOutcome.Canceled:
                        _canceled = true;
                        service.Errors.Add($"the restart was canceled while it waited for it to {verb} ({result.State})");
                        break;
                    case StepOutcome.Failed:
                        Fail(service, result.Message ?? $"did not {verb}: {result.State}");
                        break;
                }

                return result.Outcome;
            }

            // Runs one step so that nothing it throws can skip the recovery: an unexpected exception is
            // recorded against the service like any other failure.
            private StepOutcome Guarded(TrackedService service, Func<StepOutcome> step)
            {
                TimeSpan began = _clock.Now;
                try
                {
                    return step();
                }
                catch (OperationCanceledException)
                {
                    _canceled = true;
                    service.Errors.Add("the restart was canceled");
                    return StepOutcome.Canceled;
                }
                catch (Exception ex)
                {
                    Fail(service, ex is ServiceControlException ? ex.Message : $"unexpected {ex.GetType().Name}: {ex.Message}");
                    return StepOutcome.Failed;
                }
                finally
                {
                    service.Spent += _clock.Now - began;
                }
            }

            private ServiceStatusInfo? QueryOrFail(TrackedService service)
            {
                ServiceStatusInfo? status = _control.Query(service.Name);
                if (status == null)
                {
                    Fail(service, "is no longer installed");
                }

                return status;
            }

            private ServiceState? TryQueryState(TrackedService service)
            {
                try
                {
                    return _control.Query(service.Name)?.State;
                }
                catch (ServiceControlException ex)
                {
                    service.Errors.Add($"its state could not be read: {ex.Message}");
                    return null;
                }
            }

            private void Fail(TrackedService service, string message)
            {
                if (service.Errors.Contains(message))
                {
                    return;
                }

                service.Errors.Add(message);

                // After Ctrl+C the cancellation is the cause; what it left behind is named anyway.
                if (!_canceled)
                {
                    _firstFailure ??= $"{service.Planned}: {message}";
                }
            }

            private void Report(ServiceRestartPhase phase, ServiceRestartAction action, ServiceStatusInfo? service, ServiceState? state, int number, int count, TimeSpan remaining, string description)
            {
                Action<ServiceRestartProgress>? progress = _progress;
                if (progress == null)
                {
                    return;
                }

                try
                {
                    progress(new ServiceRestartProgress(phase, action, service, state, number, count, _clock.Now - _started, remaining, description));
                }
                catch (Exception)
                {
                    // A failing progress sink (a host that is shutting down) must not strand stopped services.
                    _progress = null;
                }
            }

            private void Track(ServiceStatusInfo service, ServiceRestartRole role)
            {
                var tracked = new TrackedService(service, role);
                _tracked.Add(tracked);
                _byName[service.Name] = tracked;
            }

            private static string Display(string name, string displayName) => displayName.Length == 0 || displayName == name ? name : $"{displayName} ({name})";

            private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

            private static TimeSpan SaturatingAdd(TimeSpan a, TimeSpan b) => TimeSpan.MaxValue - a < b ? TimeSpan.MaxValue : a + b;
        }

        private readonly struct WaitResult
        {
            public WaitResult(StepOutcome outcome, ServiceState state, TimeSpan waited, string? message)
            {
                Outcome = outcome;
                State = state;
                Waited = waited;
                Message = message;
            }

            public StepOutcome Outcome { get; }

            public ServiceState State { get; }

            public TimeSpan Waited { get; }

            public string? Message { get; }
        }
    }
}
