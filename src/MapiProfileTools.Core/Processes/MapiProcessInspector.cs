using System;
using System.Collections.Generic;

namespace MapiProfileTools.Core.Processes
{
    /// <summary>What the culprit check adds to a process that loaded Mapi32.dll.</summary>
    public sealed class ProcessInspection
    {
        public ProcessInspection(bool isExchange, string[]? impersonatedUsers, string? impersonationFailure)
        {
            IsExchange = isExchange;
            ImpersonatedUsers = impersonatedUsers;
            ImpersonationFailure = impersonationFailure;
        }

        public bool IsExchange { get; }

        /// <summary>Accounts other than the process's own that its threads impersonate now; null when not seen (see <see cref="ImpersonationFailure"/>).</summary>
        public string[]? ImpersonatedUsers { get; }

        /// <summary>Why impersonation could not be seen; null when it was read, or when the platform has none to read.</summary>
        public string? ImpersonationFailure { get; }
    }

    /// <summary>
    /// Decides, for a matched process, whether it is Exchange's and whom it impersonates: the two facts
    /// that tell KB 817375's culprit from the System Attendant and the other innocent MAPI programs.
    /// </summary>
    public sealed class MapiProcessInspector
    {
        private readonly ExchangeProcessClassifier _classifier;
        private readonly IImpersonationSource? _impersonation;

        /// <param name="impersonation">The thread-token reader; null where there is none (off Windows): ImpersonatedUsers is then null without a failure.</param>
        public MapiProcessInspector(ExchangeProcessClassifier classifier, IImpersonationSource? impersonation)
        {
            _classifier = classifier ?? throw new ArgumentNullException(nameof(classifier));
            _impersonation = impersonation;
        }

        public ExchangeProcessClassifier Classifier => _classifier;

        public ProcessInspection Inspect(ProcessScanResult matched)
        {
            if (matched == null)
            {
                throw new ArgumentNullException(nameof(matched));
            }

            ProcessDetails? details = matched.Details;
            bool isExchange = _classifier.IsExchange(details?.ImagePath, details?.ServiceNames ?? Array.Empty<string>());
            if (_impersonation == null)
            {
                return new ProcessInspection(isExchange, null, null);
            }

            ImpersonationReading reading = _impersonation.Read(matched.Process.Id);
            string[]? others = reading.OtherAccounts(details?.UserName);
            return new ProcessInspection(isExchange, others, others == null ? reading.Failure : null);
        }
    }
}
