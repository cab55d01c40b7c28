using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.Profiles;
using MapiProfileTools.Core.Registry;
using MapiProfileTools.Core.Registry.Simulation;
using MapiProfileTools.Core.Tests.Hives;
using Xunit;

namespace MapiProfileTools.Core.Tests.RegFiles
{
    /// <summary>
    /// The restore against an in-memory HKEY_USERS: the profile written back key for key and value for value,
    /// the DefaultProfile rules, and for every single write that can fail, a registry left exactly as it was.
    /// </summary>
    public class ProfileRestorerTests
    {
        private const string Profiles = MessagingProfileReader.MessagingSubsystemProfiles;

        public static IEnumerable<object[]> Fixtures => new[] { "default-profiles", "export-cases", "big-data.chntpw" }.Select(n => new object[] { n });

        [Fact]
        public void WritesTheProfileAsReadAndMakesItTheDefaultWhenNoneIsSet()
        {
            MessagingProfileData profile = SampleProfile("Backup Agent", isDefault: true);
            MemoryRegistry registry = EmptyDefaultHive();

            var restorer = new ProfileRestorer(registry);
            restorer.Restore(restorer.Plan(profile, ".DEFAULT", setDefault: false));

            Assert.Equal(Canonical(profile.Keys!), Canonical(ReadBack(registry, profile)));
            Assert.Equal("Backup Agent", DefaultProfile(registry));
        }

        [Fact]
        public void LeavesAnotherDefaultAloneUnlessAsked()
        {
            MemoryRegistry registry = EmptyDefaultHive();
            Write(registry, SampleProfile("MS Exchange Settings", isDefault: true));
            var restorer = new ProfileRestorer(registry);

            restorer.Restore(restorer.Plan(SampleProfile("Backup Agent", isDefault: true), ".DEFAULT", setDefault: false));
            Assert.Equal("MS Exchange Settings", DefaultProfile(registry));

            restorer.Restore(restorer.Plan(SampleProfile("Fax", isDefault: false), ".DEFAULT", setDefault: true));
            Assert.Equal("Fax", DefaultProfile(registry));
        }

        [Fact]
        public void ReplacesAnExistingProfileWhole()
        {
            MemoryRegistry registry = EmptyDefaultHive();
            Write(registry, SampleProfile("Backup Agent", isDefault: false, extraSection: true));
            MessagingProfileData profile = SampleProfile("Backup Agent", isDefault: false);
            var restorer = new ProfileRestorer(registry);

            ProfileRestorePlan plan = restorer.Plan(profile, ".DEFAULT", setDefault: false);
            Assert.NotNull(plan.Existing);
            Assert.Contains(plan.Describe(), l => l.StartsWith("Remove the existing profile", StringComparison.Ordinal));
            restorer.Restore(plan);

            Assert.Equal(Canonical(profile.Keys!), Canonical(ReadBack(registry, profile)));
        }

        [Fact]
        public void DescribesEveryKeyAndValueItWouldWriteAndWritesNothingForIt()
        {
            MessagingProfileData profile = SampleProfile("Backup Agent", isDefault: true);
            MemoryRegistry registry = EmptyDefaultHive();
            List<string> before = Canonical(registry.Snapshot());

            List<string> lines = new ProfileRestorer(registry).Plan(profile, ".DEFAULT", setDefault: false).Describe().ToList();

            Assert.Equal(before, Canonical(registry.Snapshot()));
            foreach (var (path, key) in profile.Keys!.Walk("HKEY_USERS\\.DEFAULT\\" + profile.KeyPath))
            {
                int at = lines.IndexOf($"[{path}]");
                Assert.True(at >= 0, $"{path} is listed");
                foreach (RegistryValue value in key.Values)
                {
                    Assert.Contains(lines.Skip(at + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)), l => l.StartsWith($"  {(value.Name.Length == 0 ? "(default)" : value.Name)} ", StringComparison.Ordinal) && l.Contains($"{value.Data.Length} byte(s)", StringComparison.Ordinal));
                }
            }

            Assert.Contains("  DefaultProfile REG_SZ, 26 byte(s) = 'Backup Agent'", lines);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AFailureAtAnyWriteLeavesTheRegistryAsItWas(bool replace)
        {
            MessagingProfileData profile = SampleProfile("Backup Agent", isDefault: true);
            AssertEveryFailureRollsBack(profile, registry =>
            {
                if (replace)
                {
                    Write(registry, SampleProfile("Backup Agent", isDefault: false, extraSection: true));
                }
            });
        }

        [SkippableTheory]
        [MemberData(nameof(Fixtures))]
        public void FixtureProfilesRestoreExactlyAndRollBackFromAnyFailure(string fixture)
        {
            using RegfHive hive = RegfHive.Open(HiveFixtures.Hive(fixture), rootPath: HiveFixtures.Prefix);
            foreach (MessagingProfileData profile in MessagingProfileReader.Read(hive.Root, includeOutlook: true, _ => true, _ => false).SelectMany(s => s.Profiles))
            {
                MemoryRegistry registry = EmptyDefaultHive();
                var restorer = new ProfileRestorer(registry);
                restorer.Restore(restorer.Plan(profile, ".DEFAULT", setDefault: false));
                Assert.Equal(Canonical(profile.Keys!), Canonical(ReadBack(registry, profile)));

                AssertEveryFailureRollsBack(profile, r => Write(r, profile));
            }
        }

        private static void AssertEveryFailureRollsBack(MessagingProfileData profile, Action<MemoryRegistry> arrange)
        {
            // Count the writes of a run that succeeds, then fail each one in turn on a fresh registry.
            MemoryRegistry counting = EmptyDefaultHive();
            arrange(counting);
            var counter = new FaultInjectingRegistryWriter(counting, int.MaxValue);
            var countingRestorer = new ProfileRestorer(counter);
            countingRestorer.Restore(countingRestorer.Plan(profile, ".DEFAULT", setDefault: false));
            Assert.True(counter.Writes > 3, $"the restore made {counter.Writes} writes");

            for (int failing = 1; failing <= counter.Writes; failing++)
            {
                MemoryRegistry registry = EmptyDefaultHive();
                arrange(registry);
                List<string> before = Canonical(registry.Snapshot());
                var restorer = new ProfileRestorer(new FaultInjectingRegistryWriter(registry, failing));
                ProfileRestorePlan plan = restorer.Plan(profile, ".DEFAULT", setDefault: false);

                var error = Assert.Throws<ProfileRestoreException>(() => restorer.Restore(plan));

                Assert.True(error.RolledBack, $"write {failing}: {error.Message}");
                Assert.Contains(profile.Name, error.Message, StringComparison.Ordinal);
                Assert.Contains($"write {failing}", error.Message, StringComparison.Ordinal);
                Assert.Equal(before, Canonical(registry.Snapshot()));
            }
        }

        private static MemoryRegistry EmptyDefaultHive()
        {
            var registry = new MemoryRegistry();
            registry.CreateKey(".DEFAULT");
            registry.CreateKey(".DEFAULT\\Software");
            return registry;
        }

        /// <summary>Puts a profile in place directly (not through the restorer), with its DefaultProfile value.</summary>
        private static void Write(MemoryRegistry registry, MessagingProfileData profile)
        {
            string[] parts = (".DEFAULT\\" + profile.KeyPath).Split('\\');
            for (int i = 1; i <= parts.Length; i++)
            {
                registry.CreateKey(string.Join("\\", parts, 0, i));
            }

            foreach (var (path, key) in profile.Keys!.Walk(".DEFAULT\\" + profile.KeyPath))
            {
                registry.CreateKey(path);
                foreach (RegistryValue value in key.Values)
                {
                    registry.SetValue(path, value);
                }
            }

            if (profile.DefaultProfileValue != null)
            {
                registry.SetValue(".DEFAULT\\" + profile.DefaultProfileKeyPath, profile.DefaultProfileValue);
            }
        }

        private static RegistryKeySnapshot ReadBack(MemoryRegistry registry, MessagingProfileData profile)
        {
            using IRegistryKey key = registry.OpenKey(".DEFAULT\\" + profile.KeyPath)!;
            return RegistryKeySnapshot.Capture(key, profile.Name);
        }

        private static string? DefaultProfile(MemoryRegistry registry)
        {
            using IRegistryKey key = registry.OpenKey(".DEFAULT\\" + Profiles)!;
            RegistryValue? value = key.GetValues().FirstOrDefault(v => v.Name == "DefaultProfile");
            return value == null ? null : Encoding.Unicode.GetString(value.Data).TrimEnd('\0');
        }

        /// <summary>Every key and value as sorted lines, so two trees compare regardless of the order keys were made in.</summary>
        private static List<string> Canonical(RegistryKeySnapshot tree) =>
            tree.Walk().SelectMany(k => new[] { k.Path.ToUpperInvariant() }
                    .Concat(k.Key.Values.Select(v => $"{k.Path.ToUpperInvariant()} [{v.Name}] {(uint)v.Type} {Convert.ToHexString(v.Data)}")))
                .OrderBy(l => l, StringComparer.Ordinal)
                .ToList();

        private static MessagingProfileData SampleProfile(string name, bool isDefault, bool extraSection = false)
        {
            var global = new RegistryKeySnapshot("13dbb0c8aa05101a9bb000aa002fc45a", new[]
            {
                new RegistryValue("001e6602", RegistryValueType.Binary, Encoding.ASCII.GetBytes("EX01\0")),
                new RegistryValue("00036601", RegistryValueType.Binary, new byte[] { 4, 0, 0, 0 }),
                new RegistryValue("Odd", RegistryValueType.String, new byte[] { 0x41, 0, 0x42 }),
            }, new[] { new RegistryKeySnapshot("Nested", new[] { new RegistryValue(string.Empty, RegistryValueType.DWord, new byte[] { 1, 2, 3 }) }, Array.Empty<RegistryKeySnapshot>()) });
            var services = new RegistryKeySnapshot("9207f3e0a3b11019908b08002b2a56c2", new[] { new RegistryValue("01023d0e", RegistryValueType.Binary, new byte[16]) }, Array.Empty<RegistryKeySnapshot>());
            var sections = extraSection
                ? new[] { global, services, new RegistryKeySnapshot("0a0d020000000000c000000000000046", new[] { new RegistryValue("x", RegistryValueType.Binary, new byte[] { 9 }) }, Array.Empty<RegistryKeySnapshot>()) }
                : new[] { global, services };
            var keys = new RegistryKeySnapshot(name, Array.Empty<RegistryValue>(), sections);
            RegistryValue? defaultValue = isDefault ? new RegistryValue("DefaultProfile", RegistryValueType.String, Encoding.Unicode.GetBytes(name + "\0")) : null;
            return new MessagingProfileData(name, isDefault, "EX01", null, Array.Empty<MessageService>(), Array.Empty<ProfileSection>(), null,
                MessagingProfileReader.MessagingSubsystemLocation, Profiles + "\\" + name, keys, Profiles, defaultValue);
        }
    }
}
