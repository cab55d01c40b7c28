using System;
using System.IO;

namespace MapiProfileTools.Core.Hives
{
    /// <summary>
    /// A transaction log given as a stream, for <see cref="RegfHive.Open(Stream, string, string, System.Collections.Generic.IReadOnlyList{HiveLogStream})"/>:
    /// the bytes of a <c>.LOG</c>, <c>.LOG1</c> or <c>.LOG2</c> file and the name messages give it. The name's
    /// extension, when it is one of those, says which log it is (the order the logs are tried in).
    /// </summary>
    public sealed class HiveLogStream
    {
        /// <param name="stream">The log's bytes, readable and seekable; read while the hive opens, then disposed by it.</param>
        /// <param name="name">The name used in notes and warnings, e.g. "DEFAULT.LOG".</param>
        public HiveLogStream(Stream stream, string name)
        {
            Stream = stream ?? throw new ArgumentNullException(nameof(stream));
            Name = name ?? throw new ArgumentNullException(nameof(name));
        }

        public Stream Stream { get; }

        public string Name { get; }
    }
}
