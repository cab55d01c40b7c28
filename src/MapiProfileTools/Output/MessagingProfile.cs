using System;
using MapiProfileTools.Core.Profiles;

namespace MapiProfileTools
{
    /// <summary>One MAPI profile, from the live registry or a hive file.</summary>
    public sealed class MessagingProfile
    {
        internal MessagingProfile(MessagingProfileData data, string source, string? computerName)
        {
            Name = data.Name;
            IsDefault = data.IsDefault;
            ExchangeServer = data.ExchangeServer;
            Mailbox = data.Mailbox;
            Services = new ReadableList<MessageService>(data.Services);
            Sections = new ReadableList<ProfileSection>(data.Sections);

            LastWriteTime = data.LastWriteTimeUtc?.ToLocalTime();
            Location = data.Location;
            Source = source;
            KeyPath = data.KeyPath;
            ComputerName = computerName;
            Data = data;
        }

        public string Name { get; }

        /// <summary>True for the profile named by the store's DefaultProfile value.</summary>
        public bool IsDefault { get; }

        /// <summary>PR_PROFILE_HOME_SERVER: the Exchange server the profile points at.</summary>
        public string? ExchangeServer { get; }

        /// <summary>PR_PROFILE_USER: the mailbox's distinguished name.</summary>
        public string? Mailbox { get; }

        /// <summary>The message services (MSEMS for Exchange, …) with their display names.</summary>
        public ReadableList<MessageService> Services { get; }

        /// <summary>Every profile section with its decoded properties.</summary>
        public ReadableList<ProfileSection> Sections { get; }

        /// <summary>When the profile key was last written, in local time.</summary>
        public DateTime? LastWriteTime { get; }

        /// <summary>Windows Messaging Subsystem, Outlook 15.0 or Outlook 16.0.</summary>
        public string Location { get; }

        /// <summary>HKEY_USERS\.DEFAULT (or another loaded hive), or the hive file's path.</summary>
        public string Source { get; }

        /// <summary>The profile's key within the hive.</summary>
        public string KeyPath { get; }

        /// <summary>The computer whose live registry was read; empty for a hive file.</summary>
        public string? ComputerName { get; }

        /// <summary>
        /// The profile as read, raw keys and values included, for Export- and Restore-MessagingProfile. Not a
        /// public property: it stays out of the views, and remoting does not carry it (see ProfileInput).
        /// </summary>
        internal MessagingProfileData Data { get; }

        public override string ToString() => Name;
    }
}
