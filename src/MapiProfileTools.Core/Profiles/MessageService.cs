namespace MapiProfileTools.Core.Profiles
{
    /// <summary>A message service configured in a profile: MSEMS (Exchange), MSPST MS (personal folders), …</summary>
    public sealed class MessageService
    {
        public MessageService(string uid, string? name, string? displayName)
        {
            Uid = uid;
            Name = name;
            DisplayName = displayName;
        }

        /// <summary>The service's section name (its MAPIUID in hex).</summary>
        public string Uid { get; }

        /// <summary>PR_SERVICE_NAME: MSEMS, MSPST MS, EMABLT, …</summary>
        public string? Name { get; }

        /// <summary>PR_DISPLAY_NAME: "Microsoft Exchange Server", …</summary>
        public string? DisplayName { get; }

        public override string ToString() => DisplayName == null ? Name ?? Uid : $"{Name} ({DisplayName})";
    }
}
