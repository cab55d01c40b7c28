using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using MapiProfileTools.Core.Hives;

namespace MapiProfileTools.Fuzz.Targets
{
    /// <summary>
    /// The regf reader with transaction-log replay, as Get-MessagingProfile -Path opens a dirty hive with its
    /// .LOG/.LOG1/.LOG2 beside it: the input holds the hive and its logs (<see cref="Split"/>), the hive is
    /// opened with them, then walked like <see cref="HiveTarget"/>'s.
    /// </summary>
    internal sealed class HiveLogTarget : FuzzTarget
    {
        /// <summary>Each log starts after a marker naming its extension: <c>&lt;&lt;.LOG1&gt;&gt;</c>, <c>&lt;&lt;.LOG&gt;&gt;</c>...</summary>
        public static readonly byte[] MarkerStart = Encoding.ASCII.GetBytes("<<.LOG");

        public override string Name => "hivelog";

        public override string Description => "RegfHive.Open on a dirty hive with its transaction logs, replayed, then walked";

        /// <summary>
        /// The hive (the bytes before the first marker) and its logs. A marker, not a length prefix, so that
        /// afl-fuzz's insertions and deletions inside one file leave the others where they were.
        /// </summary>
        public static (byte[] Hive, List<(string Name, byte[] Data)> Logs) Split(byte[] data)
        {
            var parts = new List<(int Start, int End, string Extension)>();
            int partStart = 0;
            string extension = string.Empty;
            int i = 0;
            while (i < data.Length)
            {
                int markerLength = MarkerLength(data, i, out string found);
                if (markerLength == 0)
                {
                    i++;
                    continue;
                }

                parts.Add((partStart, i, extension));
                extension = found;
                i += markerLength;
                partStart = i;
            }

            parts.Add((partStart, data.Length, extension));
            byte[] hive = Slice(data, parts[0].Start, parts[0].End);
            var logs = new List<(string, byte[])>();
            for (int p = 1; p < parts.Count; p++)
            {
                logs.Add(("fuzz" + parts[p].Extension, Slice(data, parts[p].Start, parts[p].End)));
            }

            return (hive, logs);
        }

        protected override void Run(byte[] data)
        {
            var (hiveBytes, logBytes) = Split(data);
            var logs = new List<HiveLogStream>();
            foreach (var (name, bytes) in logBytes)
            {
                // Inputs of even length are resealed; odd ones keep the checks' own failure paths in play.
                if (data.Length % 2 == 0)
                {
                    Reseal(bytes);
                }

                logs.Add(new HiveLogStream(new MemoryStream(bytes, writable: false), name));
            }

            using RegfHive hive = RegfHive.Open(new MemoryStream(hiveBytes, writable: false), "fuzz", @"HKEY_USERS\.DEFAULT", logs);
            GC.KeepAlive(hive.AppliedLogs.Count + hive.Notes.Count);
            HiveWalker.Walk(hive);
        }

        protected override bool IsDocumented(Exception exception) => exception is RegfFormatException;

        /// <summary>
        /// Rewrites a log's integrity checks to fit its (mutated) bytes, as an attacker who crafts a log would:
        /// each HvLE entry's two Marvin32 hashes, then the base block copy's checksum. Without this almost every
        /// mutation stops at a check, and the replay behind the checks is never fuzzed.
        /// </summary>
        internal static void Reseal(byte[] log)
        {
            const int header = 512;
            const int entryHeader = 40;
            if (log.Length < header)
            {
                return;
            }

            if (BitConverter.ToUInt32(log, 28) == 6)
            {
                int position = header;
                while (position <= log.Length - entryHeader && log[position] == (byte)'H' && log[position + 1] == (byte)'v'
                    && log[position + 2] == (byte)'L' && log[position + 3] == (byte)'E')
                {
                    uint size = BitConverter.ToUInt32(log, position + 4);
                    if (size < entryHeader || size > log.Length - position)
                    {
                        break;
                    }

                    // The second hash covers the first 32 bytes, which hold the first: that one first.
                    WriteUInt64(log, position + 24, Marvin32.Hash(log, position + entryHeader, (int)size - entryHeader, Marvin32.LogEntrySeed));
                    WriteUInt64(log, position + 32, Marvin32.Hash(log, position, 32, Marvin32.LogEntrySeed));
                    position += (int)size;
                }
            }

            var baseBlock = new byte[header];
            Buffer.BlockCopy(log, 0, baseBlock, 0, header);
            WriteUInt32(log, 508, HiveLogReplay.Checksum(baseBlock));
        }

        private static void WriteUInt64(byte[] data, int offset, ulong value)
        {
            WriteUInt32(data, offset, (uint)value);
            WriteUInt32(data, offset + 4, (uint)(value >> 32));
        }

        private static void WriteUInt32(byte[] data, int offset, uint value)
        {
            data[offset] = (byte)value;
            data[offset + 1] = (byte)(value >> 8);
            data[offset + 2] = (byte)(value >> 16);
            data[offset + 3] = (byte)(value >> 24);
        }

        /// <summary>The length of the marker at <paramref name="at"/> ("&lt;&lt;.LOG" + optional 1 or 2 + "&gt;&gt;"), or 0.</summary>
        private static int MarkerLength(byte[] data, int at, out string extension)
        {
            extension = string.Empty;
            if (at + MarkerStart.Length + 2 > data.Length)
            {
                return 0;
            }

            for (int i = 0; i < MarkerStart.Length; i++)
            {
                if (data[at + i] != MarkerStart[i])
                {
                    return 0;
                }
            }

            int next = at + MarkerStart.Length;
            string digit = data[next] == (byte)'1' || data[next] == (byte)'2' ? ((char)data[next]).ToString() : string.Empty;
            next += digit.Length;
            if (next + 2 > data.Length || data[next] != (byte)'>' || data[next + 1] != (byte)'>')
            {
                return 0;
            }

            extension = ".LOG" + digit;
            return next + 2 - at;
        }

        private static byte[] Slice(byte[] data, int start, int end)
        {
            var slice = new byte[end - start];
            Buffer.BlockCopy(data, start, slice, 0, slice.Length);
            return slice;
        }
    }
}
