using System;
using System.Collections.Generic;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Core.Profiles
{
    /// <summary>One MAPI profile, decoded: what an admin needs at a glance plus every section for detail.</summary>
    public sealed class MessagingProfileData
    {
        public MessagingProfileData(
            string name,
            bool isDefault,
            string? exchangeServer,
            string? mailbox,
            IReadOnlyList<MessageService> services,
            IReadOnlyList<ProfileSection> sections,
            DateTime? lastWriteTimeUtc,
            string location,
            string keyPath,
            RegistryKeySnapshot? keys = null,
            string? defaultProfileKeyPath = null,
            RegistryValue? defaultProfileValue = null)
        {
            Name = name;
            IsDefault = isDefault;
            ExchangeServer = exchangeServer;
            Mailbox = mailbox;
            Services = services;
            Sections = sections;
            LastWriteTimeUtc = lastWriteTimeUtc;
            Location = location;
            KeyPath = keyPath;
            Keys = keys;
            DefaultProfileKeyPath = defaultProfileKeyPath;
            DefaultProfileValue = defaultProfileValue;
        }

        public string Name { get; }

        public bool IsDefault { get; }

        /// <summary>PR_PROFILE_HOME_SERVER of the Exchange section.</summary>
        public string? ExchangeServer { get; }

        /// <summary>PR_PROFILE_USER: the mailbox's distinguished name.</summary>
        public string? Mailbox { get; }

        public IReadOnlyList<MessageService> Services { get; }

        public IReadOnlyList<ProfileSection> Sections { get; }

        public DateTime? LastWriteTimeUtc { get; }

        /// <summary>Which profile store: Windows Messaging Subsystem, Outlook 15.0 or Outlook 16.0.</summary>
        public string Location { get; }

        /// <summary>The profile key's path within its hive.</summary>
        public string KeyPath { get; }

        /// <summary>
        /// The profile key and everything below it exactly as read (types and bytes), for export and
        /// restore; null when the profile was not read from a registry source.
        /// </summary>
        public RegistryKeySnapshot? Keys { get; }

        /// <summary>Which key of the hive holds the store's DefaultProfile value (the Profiles key, or Outlook's key).</summary>
        public string? DefaultProfileKeyPath { get; }

        /// <summary>The DefaultProfile value as stored, when this profile is the default; else null.</summary>
        public RegistryValue? DefaultProfileValue { get; }
    }
}
