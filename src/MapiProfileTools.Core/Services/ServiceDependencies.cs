using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Services
{
    /// <summary>Who depends on whom, worked out from services' configurations alone.</summary>
    public static class ServiceDependencies
    {
        /// <summary>
        /// The services in <paramref name="all"/> that depend on <paramref name="name"/> — naming it in
        /// <c>DependOnService</c>, or its group in <c>DependOnGroup</c> — and, with
        /// <paramref name="transitive"/>, those that depend on them, breadth first (nearest first).
        /// Each service appears once and the named one never: a cycle in the data (the SCM refuses them,
        /// a hand-edited or hostile hive may not) ends where it meets a service already seen.
        /// </summary>
        public static IReadOnlyList<ServiceConfiguration> Dependents(IReadOnlyList<ServiceConfiguration> all, string name, bool transitive)
        {
            if (all == null)
            {
                throw new ArgumentNullException(nameof(all));
            }

            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("A service name is required.", nameof(name));
            }

            // Reverse edges first, so the walk costs the number of dependencies, not services squared
            // (a hostile hive may list hundreds of thousands of entries).
            var groupOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var byService = new Dictionary<string, List<ServiceConfiguration>>(StringComparer.OrdinalIgnoreCase);
            var byGroup = new Dictionary<string, List<ServiceConfiguration>>(StringComparer.OrdinalIgnoreCase);
            foreach (ServiceConfiguration configuration in all)
            {
                if (!string.IsNullOrEmpty(configuration.Group) && !groupOf.ContainsKey(configuration.Name))
                {
                    groupOf.Add(configuration.Name, configuration.Group!);
                }

                foreach (string dependency in configuration.DependOnService)
                {
                    Add(byService, dependency, configuration);
                }

                foreach (string group in configuration.DependOnGroup)
                {
                    Add(byGroup, group, configuration);
                }
            }

            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { name };
            var result = new List<ServiceConfiguration>();
            var queue = new Queue<string>();
            queue.Enqueue(name);
            while (queue.Count > 0)
            {
                string parent = queue.Dequeue();
                var direct = new List<ServiceConfiguration>();
                if (byService.TryGetValue(parent, out List<ServiceConfiguration>? viaService))
                {
                    direct.AddRange(viaService);
                }

                if (groupOf.TryGetValue(parent, out string? group) && byGroup.TryGetValue(group, out List<ServiceConfiguration>? viaGroup))
                {
                    direct.AddRange(viaGroup);
                }

                foreach (ServiceConfiguration dependent in direct)
                {
                    if (!seen.Add(dependent.Name))
                    {
                        continue;
                    }

                    result.Add(dependent);
                    if (transitive)
                    {
                        queue.Enqueue(dependent.Name);
                    }
                }
            }

            return result;
        }

        private static void Add(Dictionary<string, List<ServiceConfiguration>> index, string key, ServiceConfiguration value)
        {
            if (!index.TryGetValue(key, out List<ServiceConfiguration>? list))
            {
                list = new List<ServiceConfiguration>();
                index.Add(key, list);
            }

            list.Add(value);
        }
    }
}
