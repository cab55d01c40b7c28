namespace MapiProfileTools.Core.Services
{
    /// <summary>Why a service is part of a restart.</summary>
    public enum ServiceRestartRole
    {
        /// <summary>The service the restart was asked for.</summary>
        Target,

        /// <summary>A service that depends on the target, directly or through other dependents.</summary>
        Dependent,
    }

    public enum ServiceRestartAction
    {
        Stop,
        Start,
    }

    /// <summary>One step of a <see cref="ServiceRestartPlan"/>: stop or start one service.</summary>
    public sealed class ServiceRestartStep
    {
        internal ServiceRestartStep(int number, ServiceRestartAction action, ServiceStatusInfo service, ServiceRestartRole role, int depth)
        {
            Number = number;
            Action = action;
            Service = service;
            Role = role;
            Depth = depth;
        }

        /// <summary>1-based position in the plan.</summary>
        public int Number { get; }

        public ServiceRestartAction Action { get; }

        /// <summary>The service as it was when the plan was made (its state is the state before the restart).</summary>
        public ServiceStatusInfo Service { get; }

        public ServiceRestartRole Role { get; }

        /// <summary>Dependency distance from the target: 0 for the target, 1 for its direct dependents, and so on (longest path).</summary>
        public int Depth { get; }

        public override string ToString() => $"{Number}. {Action} {Service}";
    }
}
