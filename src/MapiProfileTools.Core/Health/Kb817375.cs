using System;

namespace MapiProfileTools.Core.Health
{
    /// <summary>
    /// The facts of Microsoft KB 817375 the module acts on, in one place so that cmdlets, the evidence
    /// collector and the verdict cannot disagree about them.
    /// </summary>
    public static class Kb817375
    {
        /// <summary>Mapi32.dll 6.0.6448.0 is the first build that no longer deletes the profiles.</summary>
        public static readonly Version FixedMapiVersion = new Version(6, 0, 6448, 0);

        /// <summary>"Failed to open default message store." (category Mailbox Management).</summary>
        public const int ProfileFailureEventId = 9202;

        /// <summary>The System Attendant's service name, and the source of its events.</summary>
        public const string SystemAttendantService = "MSExchangeSA";

        /// <summary>The event source the System Attendant logs under (the same name as its service).</summary>
        public const string EventSource = SystemAttendantService;

        /// <summary>The log event 9202 is written to.</summary>
        public const string EventLogName = "Application";

        /// <summary>The module the article's <c>tlist -m mapi32.dll</c> step looks for.</summary>
        public const string MapiModuleName = "mapi32.dll";

        /// <summary>The fix ships in the September 2003 post-SP3 rollup and requires Exchange 2000 SP3.</summary>
        public const string FixRollupArticle = "KB 824282";

        /// <summary>Exchange 2000 SP3: the fix requires it (the seed's "Cumulative Rollup Information").</summary>
        public static readonly Version Exchange2000Sp3 = new Version(6, 0, 6249, 0);

        // Exchange 2000 Server builds, oldest first. RTM, SP1 and SP2 as listed in Microsoft's build-number
        // article (KB 158530, mirrored in public build lists); SP3's 6249 is the build the Exchange Server
        // Analyzer treats as the SP3 baseline (later builds are post-SP3 rollups).
        private static readonly (Version Build, string Name)[] Exchange2000Builds =
        {
            (new Version(6, 0, 4417, 0), "RTM"),
            (new Version(6, 0, 4712, 0), "SP1"),
            (new Version(6, 0, 5762, 0), "SP2"),
            (Exchange2000Sp3, "SP3"),
        };

        /// <summary>
        /// The Exchange 2000 service pack of a file version of the System Attendant (mad.exe): the level
        /// of the newest known build at or below it (a hotfix raises the build but not the level), or
        /// null when it is not an Exchange 2000 build (Exchange 2003 is 6.5).
        /// </summary>
        public static string? Exchange2000ServicePack(Version? fileVersion)
        {
            if (fileVersion == null || fileVersion.Major != 6 || fileVersion.Minor != 0)
            {
                return null;
            }

            string? level = null;
            int levelBuild = 0;
            foreach ((Version build, string name) in Exchange2000Builds)
            {
                if (fileVersion.Build >= build.Build)
                {
                    level = name;
                    levelBuild = build.Build;
                }
            }

            return level != null && fileVersion.Build > levelBuild ? level + " with later updates" : level;
        }

        /// <summary>True for an Exchange 2000 build older than SP3, where the fix cannot be installed yet.</summary>
        public static bool IsBeforeSp3(Version? exchangeVersion) =>
            exchangeVersion != null && exchangeVersion.Major == 6 && exchangeVersion.Minor == 0 && exchangeVersion.Build < Exchange2000Sp3.Build;
    }
}
