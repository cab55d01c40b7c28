using System;

namespace MapiProfileTools.Core.Events
{
    /// <summary>The event log could not be queried (service stopped, channel missing, access denied).</summary>
    public sealed class EventLogReadException : Exception
    {
        public EventLogReadException(string message, int nativeErrorCode, Exception? inner = null)
            : base(message, inner)
        {
            NativeErrorCode = nativeErrorCode;
        }

        public int NativeErrorCode { get; }

        public bool IsAccessDenied => NativeErrorCode == 5;
    }
}
