using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace MapiProfileTools.Core.Native
{
    /// <summary>
    /// The Windows Event Log API (wevtapi.dll, Vista and later). Used directly because
    /// System.Diagnostics.EventLog is not part of netstandard2.0, and because EvtQuery runs the XPath
    /// filter inside the event log service instead of reading every entry of the log.
    /// </summary>
    internal static class Wevtapi
    {
        public const int ErrorNoMoreItems = 259;
        public const int ErrorInsufficientBuffer = 122;
        private const int EvtQueryChannelPath = 0x1;
        private const int EvtQueryReverseDirection = 0x200;
        private const int EvtRenderEventXml = 1;
        private const int EvtFormatMessageEvent = 1;

        internal sealed class EventHandle : SafeHandleZeroOrMinusOneIsInvalid
        {
            public EventHandle()
                : base(ownsHandle: true)
            {
            }

            public EventHandle(IntPtr existing)
                : base(ownsHandle: true)
            {
                SetHandle(existing);
            }

            protected override bool ReleaseHandle() => EvtClose(handle);
        }

        [DllImport("wevtapi.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "EvtQuery")]
        private static extern EventHandle EvtQueryNative(IntPtr session, string path, string query, int flags);

        [DllImport("wevtapi.dll", SetLastError = true, EntryPoint = "EvtNext")]
        private static extern bool EvtNextNative(EventHandle resultSet, int eventsSize, [Out] IntPtr[] events, int timeout, int flags, out int returned);

        [DllImport("wevtapi.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "EvtRender")]
        private static extern bool EvtRenderNative(IntPtr context, EventHandle fragment, int flags, int bufferSize, [Out] char[]? buffer, out int bufferUsed, out int propertyCount);

        [DllImport("wevtapi.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "EvtOpenPublisherMetadata")]
        private static extern EventHandle EvtOpenPublisherMetadataNative(IntPtr session, string publisher, string? logFilePath, int locale, int flags);

        [DllImport("wevtapi.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "EvtFormatMessage")]
        private static extern bool EvtFormatMessageNative(EventHandle publisherMetadata, EventHandle @event, int messageId, int valueCount, IntPtr values, int flags, int bufferSize, [Out] char[]? buffer, out int bufferUsed);

        [DllImport("wevtapi.dll", SetLastError = true)]
        private static extern bool EvtClose(IntPtr handle);

        /// <summary>Runs an XPath query over a channel, newest first.</summary>
        public static EventHandle Query(string channel, string xpath)
        {
            EventHandle handle = EvtQueryNative(IntPtr.Zero, channel, xpath, EvtQueryChannelPath | EvtQueryReverseDirection);
            if (handle.IsInvalid)
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }

            return handle;
        }

        /// <summary>The next event of a result set, or null when there are no more.</summary>
        public static EventHandle? Next(EventHandle resultSet)
        {
            var events = new IntPtr[1];
            if (!EvtNextNative(resultSet, 1, events, -1, 0, out int returned) || returned == 0)
            {
                int error = Marshal.GetLastWin32Error();
                if (error == ErrorNoMoreItems || returned == 0 && error == 0)
                {
                    return null;
                }

                throw new Win32Exception(error);
            }

            return new EventHandle(events[0]);
        }

        public static string RenderXml(EventHandle @event)
        {
            EvtRenderNative(IntPtr.Zero, @event, EvtRenderEventXml, 0, null, out int used, out _);
            var buffer = new char[Math.Max(used, 1)];
            if (!EvtRenderNative(IntPtr.Zero, @event, EvtRenderEventXml, buffer.Length * 2, buffer, out used, out _))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }

            return new string(buffer, 0, Math.Max(0, (used / 2) - 1));
        }

        /// <summary>The event's message text from its publisher's resources, or null when it has none here.</summary>
        public static string? FormatMessage(string publisher, EventHandle @event)
        {
            using EventHandle metadata = EvtOpenPublisherMetadataNative(IntPtr.Zero, publisher, null, 0, 0);
            if (metadata.IsInvalid)
            {
                return null;
            }

            EvtFormatMessageNative(metadata, @event, 0, 0, IntPtr.Zero, EvtFormatMessageEvent, 0, null, out int used);
            if (used <= 0)
            {
                return null;
            }

            var buffer = new char[used];
            return EvtFormatMessageNative(metadata, @event, 0, 0, IntPtr.Zero, EvtFormatMessageEvent, buffer.Length, buffer, out used)
                ? new StringBuilder().Append(buffer, 0, Math.Max(0, used - 1)).ToString()
                : null;
        }
    }
}
