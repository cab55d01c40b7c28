using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using MapiProfileTools.Core.Processes;
using MapiProfileTools.Core.Services.Simulation;
using Xunit;

namespace MapiProfileTools.Core.Tests
{
    /// <summary>
    /// Test doubles stay out of the shipped core's public surface: what only tests use is internal
    /// (InternalsVisibleTo lets this assembly see it). A double that must stay public says why here,
    /// because what is public is what users script against and what the module must keep working.
    /// </summary>
    public class PublicSurfaceTests
    {
        // Type -> why it is public. Add one only with a reason a user-facing script needs it.
        private static readonly Dictionary<Type, string> PublicDoubles = new Dictionary<Type, string>
        {
            [typeof(SimulatedServiceControl)] = "samples/Invoke-Demo.ps1 shows the restart plan on a simulated Exchange server (CreateExchangeServer); a script cannot reach internals",
        };

        [Fact]
        public void NoPublicSimulatorOrFakeButTheOnesTheDemoNeeds()
        {
            Type[] doubles = typeof(ProcessEntry).Assembly.GetExportedTypes()
                .Where(t => (t.Namespace ?? string.Empty).EndsWith(".Simulation", StringComparison.Ordinal)
                    || t.Name.StartsWith("Simulated", StringComparison.Ordinal)
                    || t.Name.StartsWith("Fake", StringComparison.Ordinal)
                    || t.Name.StartsWith("Memory", StringComparison.Ordinal))
                .ToArray();

            Assert.All(doubles, t => Assert.True(PublicDoubles.ContainsKey(t), $"{t.FullName} is a test double in the public surface of the shipped core: make it internal, or add it to PublicDoubles with the reason a script needs it"));
        }

        [Fact]
        public void TheSimulatorShowsTheDemoOnlyItsFactoryAndTheServiceControlSeam()
        {
            string[] members = typeof(SimulatedServiceControl)
                .GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Select(m => m.Name)
                .Distinct()
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToArray();

            Assert.Equal(new[] { "CreateExchangeServer", "GetDependentServices", "GetServices", "Query", "Start", "Stop" }, members);
        }
    }
}
