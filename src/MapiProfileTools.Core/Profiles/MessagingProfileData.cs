using System;
using System.Collections.Generic;

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
            string keyPath)
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
    }
}
