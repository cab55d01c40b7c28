using System;
using System.Collections.Generic;
using System.Linq;

namespace MapiProfileTools.Core.Services
{
    /// <summary>
    /// What a restart of one service with its dependents will do, worked out from the service control
    /// manager without changing anything (so -WhatIf can list it). Made with <see cref="Create"/>; carried
    /// out by <see cref="ServiceRestarter.Execute"/>.
    /// </summary>
    /// <remarks>
    /// Dependents are found transitively through <see cref="IServiceControl.GetDependentServices"/> at run
    /// time, never from a list of known names. Each service gets the length of its longest dependency
    /// path from the target as its depth; services start by ascending depth (so every parent starts before
    /// its children, whatever diamonds the graph has) and stop in exactly the reverse order, deepest first.
    /// The SCM forbids dependency cycles, but a cycle reported anyway does not hang or break the plan: it is
    /// broken at the member found first, and a note says so.
    /// A dependent that is stopped is left alone. Every other dependent is stopped; those that were active
    /// (running, starting, paused or pausing) are started again afterwards; a paused one comes back running.
    /// A dependent already stopping is waited for, and not started again. A target that is already stopped
    /// is simply started (the workaround needs it running), with its StatusBefore saying Stopped.
    /// </remarks>
    public sealed class ServiceRestartPlan
    {
        private readonly Dictionary<string, List<string>> _parents;

        private ServiceRestartPlan(
            ServiceStatusInfo target,
            IReadOnlyList<ServiceStatusInfo> dependents,
            IReadOnlyList<ServiceStatusInfo> dependentsToRestart,
            IReadOnlyList<ServiceStatusInfo> dependentsNotRestarted,
            IReadOnlyList<ServiceRestartStep> steps,
            IReadOnlyList<string> notes,
            Dictionary<string, List<string>> parents)
        {
            _parents = parents;
            Target = target;
            Dependents = dependents;
            DependentsToRestart = dependentsToRestart;
            DependentsNotRestarted = dependentsNotRestarted;
            Steps = steps;
            Notes = notes;
        }

        /// <summary>The service to restart, as it was when the plan was made.</summary>
        public ServiceStatusInfo Target { get; }

        /// <summary>Every service that depends on the target, directly or not, in any state, in start order.</summary>
        public IReadOnlyList<ServiceStatusInfo> Dependents { get; }

        /// <summary>The dependents that were active: stopped, then started again after the target, in start order.</summary>
        public IReadOnlyList<ServiceStatusInfo> DependentsToRestart { get; }

        /// <summary>The dependents that were stopped (or already stopping): not started by the restart.</summary>
        public IReadOnlyList<ServiceStatusInfo> DependentsNotRestarted { get; }

        /// <summary>Stops (deepest first, the target last), then starts (the target first, parents before children).</summary>
        public IReadOnlyList<ServiceRestartStep> Steps { get; }

        /// <summary>Things a person should know about the plan (a stopped target, a paused dependent, a dependency cycle).</summary>
        public IReadOnlyList<string> Notes { get; }

        /// <summary>
        /// Works out the plan with queries only. Throws <see cref="ServiceControlException"/> with
        /// <see cref="ServiceFailure.NotFound"/> when the target is not installed, and passes on any failure
        /// to list dependents (access denied): a restart that cannot see all dependents must not begin.
        /// </summary>
        public static ServiceRestartPlan Create(IServiceControl control, string name)
        {
            if (control == null)
            {
                throw new ArgumentNullException(nameof(control));
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("A service name is required.", nameof(name));
            }

            ServiceStatusInfo target = control.Query(name)
                ?? throw new ServiceControlException(name, ServiceFailure.NotFound, $"No service named '{name}' is installed; nothing was stopped or started.", 1060);

            // Breadth-first discovery; service names are case-insensitive on Windows.
            var comparer = StringComparer.OrdinalIgnoreCase;
            var discovered = new List<ServiceStatusInfo> { target };
            var index = new Dictionary<string, int>(comparer) { [target.Name] = 0 };
            var children = new List<List<int>> { new List<int>() };
            for (int next = 0; next < discovered.Count; next++)
            {
                foreach (ServiceStatusInfo dependent in control.GetDependentServices(discovered[next].Name))
                {
                    if (!index.TryGetValue(dependent.Name, out int child))
                    {
                        child = discovered.Count;
                        index[dependent.Name] = child;
                        discovered.Add(dependent);
                        children.Add(new List<int>());
                    }

                    // An edge back into the target would make it depend on its own dependent: ignore it.
                    if (child != 0 && child != next && !children[next].Contains(child))
                    {
                        children[next].Add(child);
                    }
                }
            }

            var notes = new List<string>();
            int[] depth = LongestPathDepths(discovered.Count, children, out List<int> cycleBreaks);
            foreach (int i in cycleBreaks)
            {
                notes.Add($"The service control manager reported a dependency cycle through {discovered[i]}; it is started as if its parents in the cycle were not its parents.");
            }

            // Start order: by depth, ties in discovery order. Every edge goes from a lower to a higher depth.
            List<int> startOrder = Enumerable.Range(1, discovered.Count - 1).OrderBy(i => depth[i]).ThenBy(i => i).ToList();

            var dependents = startOrder.Select(i => discovered[i]).ToList();
            var toRestart = dependents.Where(d => WasActive(d.State)).ToList();
            var notRestarted = dependents.Where(d => !WasActive(d.State)).ToList();
            var toStop = new HashSet<int>(startOrder.Where(i => discovered[i].State != ServiceState.Stopped));

            foreach (ServiceStatusInfo paused in toRestart.Where(d => d.State == ServiceState.Paused || d.State == ServiceState.PausePending))
            {
                notes.Add($"{paused} is {paused.State}; it will be started again as running, not paused.");
            }

            if (target.State == ServiceState.Stopped)
            {
                notes.Add($"{target} is not running; it will be started, not restarted.");
            }

            var steps = new List<ServiceRestartStep>();
            foreach (int i in Enumerable.Reverse(startOrder).Where(toStop.Contains))
            {
                steps.Add(new ServiceRestartStep(steps.Count + 1, ServiceRestartAction.Stop, discovered[i], ServiceRestartRole.Dependent, depth[i]));
            }

            if (target.State != ServiceState.Stopped)
            {
                steps.Add(new ServiceRestartStep(steps.Count + 1, ServiceRestartAction.Stop, target, ServiceRestartRole.Target, 0));
            }

            steps.Add(new ServiceRestartStep(steps.Count + 1, ServiceRestartAction.Start, target, ServiceRestartRole.Target, 0));
            foreach (int i in startOrder.Where(i => WasActive(discovered[i].State)))
            {
                steps.Add(new ServiceRestartStep(steps.Count + 1, ServiceRestartAction.Start, discovered[i], ServiceRestartRole.Dependent, depth[i]));
            }

            var parents = new Dictionary<string, List<string>>(comparer);
            for (int i = 0; i < discovered.Count; i++)
            {
                foreach (int child in children[i])
                {
                    if (!parents.TryGetValue(discovered[child].Name, out List<string>? list))
                    {
                        parents[discovered[child].Name] = list = new List<string>();
                    }

                    list.Add(discovered[i].Name);
                }
            }

            return new ServiceRestartPlan(target, dependents, toRestart, notRestarted, steps, notes, parents);
        }

        /// <summary>The plan as lines for -WhatIf and -Verbose: the steps, then the notes.</summary>
        public IReadOnlyList<string> Describe()
        {
            var lines = new List<string>();
            lines.AddRange(Steps.Select(s => s.ToString()));
            foreach (ServiceStatusInfo idle in DependentsNotRestarted.Where(d => d.State == ServiceState.Stopped))
            {
                lines.Add($"Leave {idle} stopped.");
            }

            lines.AddRange(Notes);
            return lines;
        }

        /// <summary>One line: "stop A, B, C; then start C, B, A".</summary>
        public override string ToString()
        {
            string Names(ServiceRestartAction action) => string.Join(", ", Steps.Where(s => s.Action == action).Select(s => s.Service.Name));
            string stops = Names(ServiceRestartAction.Stop);
            return stops.Length == 0 ? $"start {Names(ServiceRestartAction.Start)}" : $"stop {stops}; then start {Names(ServiceRestartAction.Start)}";
        }

        /// <summary>The services of this plan that <paramref name="name"/> depends on directly (none for the target).</summary>
        internal IReadOnlyList<string> ParentsOf(string name) =>
            _parents.TryGetValue(name, out List<string>? list) ? list : (IReadOnlyList<string>)Array.Empty<string>();

        /// <summary>Active services are started again after the restart; Stopped and StopPending ones are not.</summary>
        internal static bool WasActive(ServiceState state) => state != ServiceState.Stopped && state != ServiceState.StopPending;

        // Kahn's algorithm over the discovered subgraph, rooted at node 0 (the target), giving each node the
        // length of its longest path from the target. When only cycle members are left, the earliest-found
        // of them is taken as if its remaining parents were done: that breaks the cycle there, and every
        // edge outside cycles still goes from a lower depth to a higher one. Depths are final once a node is
        // taken, so a cycle edge found later cannot reorder what was already placed.
        private static int[] LongestPathDepths(int count, List<List<int>> children, out List<int> cycleBreaks)
        {
            var parents = new int[count];
            foreach (List<int> list in children)
            {
                foreach (int child in list)
                {
                    parents[child]++;
                }
            }

            var depth = new int[count];
            var done = new bool[count];
            var ready = new Queue<int>();
            cycleBreaks = new List<int>();
            ready.Enqueue(0);
            int taken = 0;
            while (taken < count)
            {
                if (ready.Count == 0)
                {
                    int forced = Enumerable.Range(0, count).First(i => !done[i] && parents[i] > 0);
                    parents[forced] = 0;
                    cycleBreaks.Add(forced);
                    ready.Enqueue(forced);
                }

                int node = ready.Dequeue();
                done[node] = true;
                taken++;
                foreach (int child in children[node])
                {
                    if (done[child])
                    {
                        continue;
                    }

                    depth[child] = Math.Max(depth[child], depth[node] + 1);
                    if (--parents[child] == 0)
                    {
                        ready.Enqueue(child);
                    }
                }
            }

            return depth;
        }
    }
}
