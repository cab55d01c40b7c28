using System.Collections.Generic;

namespace MapiProfileTools.Core.Profiles
{
    public enum ProfileStoreState
    {
        /// <summary>The Profiles key exists and holds at least one profile.</summary>
        Present,
        /// <summary>The Profiles key does not exist: the state KB 817375 describes, for the SA's hive.</summary>
        KeyMissing,
        /// <summary>The Profiles key exists but holds no profile: also the KB 817375 state.</summary>
        Empty,
    }

    /// <summary>One place profiles are kept (a Profiles key) and what was found there.</summary>
    public sealed class ProfileStore
    {
        public ProfileStore(string location, string keyPath, ProfileStoreState state, IReadOnlyList<MessagingProfileData> profiles, IReadOnlyList<string> problems)
        {
            Location = location;
            KeyPath = keyPath;
            State = state;
            Profiles = profiles;
            Problems = problems;
        }

        public string Location { get; }

        /// <summary>The Profiles key's path within the hive (Software\…\Profiles).</summary>
        public string KeyPath { get; }

        public ProfileStoreState State { get; }

        /// <summary>The profiles that matched the name filter.</summary>
        public IReadOnlyList<MessagingProfileData> Profiles { get; }

        /// <summary>Profiles that could not be read (damaged hive data), one message each; the rest were read.</summary>
        public IReadOnlyList<string> Problems { get; }
    }
}
