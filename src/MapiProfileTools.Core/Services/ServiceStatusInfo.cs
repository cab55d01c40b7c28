namespace MapiProfileTools.Core.Services
{
    /// <summary>What the service control manager says of one service at one moment.</summary>
    public sealed class ServiceStatusInfo
    {
        public ServiceStatusInfo(string name, string displayName, ServiceState state, int processId)
        {
            Name = name;
            DisplayName = displayName;
            State = state;
            ProcessId = processId;
        }

        public string Name { get; }

        public string DisplayName { get; }

        public ServiceState State { get; }

        /// <summary>The hosting process while the service runs; 0 when stopped or not reported.</summary>
        public int ProcessId { get; }

        /// <summary>"Display Name (Name)", the way Windows' own tools name a service to a person.</summary>
        public override string ToString() => DisplayName == Name || DisplayName.Length == 0 ? Name : $"{DisplayName} ({Name})";
    }
}
