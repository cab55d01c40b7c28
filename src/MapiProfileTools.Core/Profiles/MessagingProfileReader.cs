using System;
using System.Collections.Generic;
using System.Linq;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Core.Profiles
{
    /// <summary>
    /// Reads MAPI profiles below a user hive's root, from the live registry or a hive file alike (both are
    /// <see cref="IRegistryKey"/>s), so the two back ends produce the same objects through one decoder.
    /// </summary>
    public static class MessagingProfileReader
    {
        public const string MessagingSubsystemLocation = "Windows Messaging Subsystem";
        public const string DefaultProfileValueName = "DefaultProfile";
        public const string MessagingSubsystemProfiles = @"Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem\Profiles";

        private static readonly (string Location, string OutlookKey)[] OutlookStores =
        {
            ("Outlook 15.0", @"Software\Microsoft\Office\15.0\Outlook"),
            ("Outlook 16.0", @"Software\Microsoft\Office\16.0\Outlook"),
        };

        /// <summary>
        /// The Windows Messaging Subsystem store, then (with <paramref name="includeOutlook"/>) the Outlook
        /// 2013+ stores that exist. <paramref name="isWanted"/> filters profiles by name.
        /// </summary>
        /// <param name="isDamage">Says whether an exception from the key source is damaged data (skip that profile) rather than a bug.</param>
        public static IReadOnlyList<ProfileStore> Read(IRegistryKey userRoot, bool includeOutlook, Func<string, bool> isWanted, Func<Exception, bool> isDamage)
        {
            var stores = new List<ProfileStore>
            {
                ReadStore(userRoot, MessagingSubsystemLocation, MessagingSubsystemProfiles, MessagingSubsystemProfiles, isWanted, isDamage),
            };

            if (includeOutlook)
            {
                foreach (var (location, outlookKey) in OutlookStores)
                {
                    ProfileStore store = ReadStore(userRoot, location, outlookKey + @"\Profiles", outlookKey, isWanted, isDamage);
                    if (store.State != ProfileStoreState.KeyMissing)
                    {
                        stores.Add(store);
                    }
                }
            }

            return stores;
        }

        private static ProfileStore ReadStore(IRegistryKey userRoot, string location, string profilesPath, string defaultValueKey, Func<string, bool> isWanted, Func<Exception, bool> isDamage)
        {
            using IRegistryKey? profilesKey = userRoot.OpenSubKey(profilesPath);
            if (profilesKey == null)
            {
                return new ProfileStore(location, profilesPath, ProfileStoreState.KeyMissing, Array.Empty<MessagingProfileData>(), Array.Empty<string>());
            }

            RegistryValue? defaultValue = ReadDefaultProfileValue(userRoot, profilesKey, profilesPath, defaultValueKey);
            string? defaultProfile = defaultValue == null ? null : MapiValueDecoder.Decode((ushort)MapiPropertyType.Unicode, defaultValue) as string;
            IReadOnlyList<string> names = profilesKey.GetSubKeyNames();
            var profiles = new List<MessagingProfileData>();
            var problems = new List<string>();
            foreach (string name in names.Where(isWanted))
            {
                try
                {
                    using IRegistryKey? profileKey = profilesKey.OpenSubKey(name);
                    if (profileKey != null)
                    {
                        bool isDefault = string.Equals(name, defaultProfile, StringComparison.OrdinalIgnoreCase);
                        profiles.Add(ReadProfile(profileKey, name, isDefault ? defaultValue : null, location, profilesPath, defaultValueKey));
                    }
                }
                catch (Exception ex) when (isDamage(ex))
                {
                    problems.Add($"Profile '{name}' in {location} could not be read: {ex.Message}");
                }
            }

            ProfileStoreState state = names.Count == 0 ? ProfileStoreState.Empty : ProfileStoreState.Present;
            return new ProfileStore(location, profilesPath, state, profiles, problems);
        }

        /// <summary>The DefaultProfile value as stored (kept raw, so an export writes back the same bytes).</summary>
        private static RegistryValue? ReadDefaultProfileValue(IRegistryKey userRoot, IRegistryKey profilesKey, string profilesPath, string defaultValueKey)
        {
            if (defaultValueKey == profilesPath)
            {
                return FindValue(profilesKey, DefaultProfileValueName);
            }

            using IRegistryKey? outlook = userRoot.OpenSubKey(defaultValueKey);
            return outlook == null ? null : FindValue(outlook, DefaultProfileValueName);
        }

        private static RegistryValue? FindValue(IRegistryKey key, string name) =>
            key.GetValues().FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));

        private static MessagingProfileData ReadProfile(IRegistryKey profileKey, string name, RegistryValue? defaultValue, string location, string profilesPath, string defaultValueKey)
        {
            // The whole key as stored, once: the decoded sections below come from it, and export and restore
            // write it back as it is.
            RegistryKeySnapshot keys = RegistryKeySnapshot.Capture(profileKey, name);
            var sections = new List<ProfileSection>();
            foreach (RegistryKeySnapshot sectionKey in keys.SubKeys.Where(k => IsSectionName(k.Name)))
            {
                sections.Add(new ProfileSection(sectionKey.Name.ToLowerInvariant(), ReadProperties(sectionKey.Values)));
            }

            // The Exchange server and mailbox live in the global section; Outlook 2010+ moves them into
            // one section per Exchange account, which still carries the same tags.
            ProfileSection? exchange = sections.FirstOrDefault(s => s.Uid == MapiPropertyNames.GlobalSectionUid && s.FindString(MapiPropertyNames.ProfileHomeServer) != null)
                ?? sections.FirstOrDefault(s => s.FindString(MapiPropertyNames.ProfileHomeServer) != null);

            return new MessagingProfileData(
                name,
                defaultValue != null,
                exchange?.FindString(MapiPropertyNames.ProfileHomeServer),
                exchange?.FindString(MapiPropertyNames.ProfileUser),
                ReadServices(sections),
                sections,
                profileKey.LastWriteTimeUtc,
                location,
                profilesPath + "\\" + name,
                keys,
                defaultValueKey,
                defaultValue);
        }

        private static IReadOnlyList<MapiProperty> ReadProperties(IReadOnlyList<RegistryValue> values)
        {
            var properties = new List<MapiProperty>();
            foreach (RegistryValue value in values)
            {
                if (MapiValueDecoder.TryParseValueName(value.Name, out ushort id, out ushort type))
                {
                    properties.Add(new MapiProperty(id, type, MapiValueDecoder.Decode(type, value), value.Data));
                }
            }

            return properties;
        }

        private static IReadOnlyList<MessageService> ReadServices(List<ProfileSection> sections)
        {
            var byUid = sections.ToDictionary(s => s.Uid, StringComparer.OrdinalIgnoreCase);
            var services = new List<MessageService>();
            byte[]? list = sections.FirstOrDefault(s => s.Uid == MapiPropertyNames.ServiceListSectionUid)?.Find(MapiPropertyNames.Services)?.Value as byte[];
            if (list != null && list.Length >= 16)
            {
                // PR_SERVICES: the services' MAPIUIDs, 16 bytes each, each naming the service's own section.
                for (int offset = 0; offset + 16 <= list.Length; offset += 16)
                {
                    string uid = MapiValueDecoder.UidToSectionName(list, offset);
                    byUid.TryGetValue(uid, out ProfileSection? section);
                    services.Add(new MessageService(uid, section?.FindString(MapiPropertyNames.ServiceName), section?.FindString(MapiPropertyNames.DisplayName)));
                }

                return services;
            }

            // No service list: every section that names a service is one.
            foreach (ProfileSection section in sections)
            {
                string? serviceName = section.FindString(MapiPropertyNames.ServiceName);
                if (serviceName != null)
                {
                    services.Add(new MessageService(section.Uid, serviceName, section.FindString(MapiPropertyNames.DisplayName)));
                }
            }

            return services;
        }

        private static bool IsSectionName(string name) =>
            name.Length == 32 && name.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    }
}
