using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MapiProfileTools.Core.Registry;
using MapiProfileTools.Core.IO;

namespace MapiProfileTools.Core.Hives
{
    /// <summary>
    /// A registry hive file (regf) opened read-only, on any platform: a copy of a server's DEFAULT hive, an
    /// NTUSER.DAT. Keys are read lazily: opening a key path reads only the key nodes and subkey lists on that
    /// path, through a fixed block cache, so memory stays bounded whatever the file's size. Layout per the
    /// public specification (msuhanov/regf; libyal/libregf's format notes).
    /// </summary>
    /// <remarks>
    /// <para>Damage: a damaged base block, root key, key on a requested path, subkey list or value list ends in
    /// <see cref="RegfFormatException"/>. Damage confined to one entry (a subkey or value whose cell is bad,
    /// a leaf list under an index root) skips that entry and adds a message to <see cref="Warnings"/>, so
    /// what is readable is still returned; a key looked up where an entry was skipped may be reported
    /// missing, and the warning says so.</para>
    /// <para>Dirty hives (sequence numbers differ, or a wrong base block checksum) are recovered in memory from
    /// their transaction logs (.LOG, .LOG1, .LOG2), as Windows would on load (<see cref="HiveLogReplay"/>); the
    /// hive and its logs are never written. Without a usable log the primary file is read as it stands, with
    /// one warning that says which logs were looked for and why each could not be used.</para>
    /// <para>Not thread-safe: use one hive from one thread at a time. Keys stay usable until the hive is disposed.</para>
    /// </remarks>
    public sealed class RegfHive : IDisposable
    {
        internal const int MaxDepth = 512;              // Windows' limit on key nesting.
        internal const int MaxSubKeys = 1 << 20;        // per key; real hives stay far below.
        internal const int MaxValues = 1 << 20;         // per key.
        internal const long MaxValueDataPerKey = 256L * 1024 * 1024;
        private const int MaxWarnings = 100;
        private const int MinKeyNodeCell = 4 + 76;

        private readonly FileBlockReader _file;
        private readonly List<string> _warnings = new List<string>();
        private readonly HashSet<string> _warningSet = new HashSet<string>(StringComparer.Ordinal);
        private readonly RegfKey _root;

        private RegfHive(FileBlockReader file, string path, string rootPath, bool isDirty, HiveLogReplay? replay, List<string> notes)
        {
            _file = file;
            FilePath = path;
            IsDirty = isDirty;
            Notes = notes;
            AppliedLogs = replay?.AppliedLogs ?? new List<string>();
            if (replay?.Warning != null)
            {
                AddWarning(replay.Warning);
            }

            byte[] baseBlock = ReadBaseBlock(file, path);
            long lastWritten = BitConverter.ToInt64(baseBlock, 12);
            MajorVersion = (int)Math.Min(int.MaxValue, BitConverter.ToUInt32(baseBlock, 20));
            MinorVersion = (int)Math.Min(int.MaxValue, BitConverter.ToUInt32(baseBlock, 24));
            uint fileType = BitConverter.ToUInt32(baseBlock, 28);
            uint fileFormat = BitConverter.ToUInt32(baseBlock, 32);
            uint rootOffset = BitConverter.ToUInt32(baseBlock, 36);
            uint binsSize = BitConverter.ToUInt32(baseBlock, 40);

            if (MajorVersion != 1)
            {
                throw new RegfFormatException(RegfProblem.Unsupported, path, 20, $"the format's major version is {MajorVersion}; only version 1 is known");
            }

            if (fileType != 0)
            {
                string kind = fileType == 1 || fileType == 2 || fileType == 6 ? "a transaction log" : "not a primary hive file";
                throw new RegfFormatException(RegfProblem.Unsupported, path, 28, $"its file type is {fileType} ({kind}); open the primary hive file instead");
            }

            if (MinorVersion > 6)
            {
                Warn(20, $"the format's minor version is {MinorVersion}, newer than the known 1.2 to 1.6; reading on as 1.6");
            }

            if (fileFormat != 1)
            {
                Warn(32, $"the file format field is {fileFormat}, not 1 (direct memory load); reading on");
            }

            // A dirty base block (sequence numbers apart, or a wrong checksum) was dealt with before: replayed
            // from the logs, or read as it stands with the one warning the replay wrote.
            if (binsSize == 0 || binsSize % FileBlockReader.BlockSize != 0)
            {
                throw new RegfFormatException(RegfProblem.Corrupt, path, 40, $"the hive bins data size 0x{binsSize:X} is not a positive multiple of 4096");
            }

            long available = (file.Length - HiveCells.BaseBlockSize) / FileBlockReader.BlockSize * FileBlockReader.BlockSize;
            if (binsSize > available)
            {
                Warn(40, $"the file is truncated: the header claims 0x{binsSize:X} bytes of hive bins, the file holds 0x{Math.Max(0, available):X}; keys past the end cannot be read");
                if (available <= 0)
                {
                    throw new RegfFormatException(RegfProblem.Corrupt, path, HiveCells.BaseBlockSize, "the file ends after the base block: it holds no hive bin");
                }

                binsSize = (uint)available;
            }

            Cells = new HiveCells(file, path, binsSize);
            if (!Cells.TryReadBin(0, "the start of the hive bins data", out _))
            {
                throw new RegfFormatException(RegfProblem.Corrupt, path, HiveCells.BaseBlockSize, "the first hive bin has no 'hbin' header at offset 0");
            }

            LastWrittenUtc = KeyNode.ToUtc(lastWritten);
            KeyNode rootNode = KeyNode.Read(Cells, rootOffset, "the root key");
            _root = new RegfKey(this, rootNode, rootPath);
        }

        /// <summary>The file's path (or the name given for a stream), as used in messages.</summary>
        public string FilePath { get; }

        /// <summary>The root key; its path is the root path given to <see cref="Open(string, string)"/>.</summary>
        public RegfKey Root
        {
            get
            {
                ThrowIfDisposed();
                return _root;
            }
        }

        /// <summary>
        /// True when Windows did not finish writing the primary file (sequence numbers differ) or its base
        /// block checksum is wrong. <see cref="AppliedLogs"/> says whether logs brought it up to date; when
        /// none could, <see cref="Warnings"/> says why.
        /// </summary>
        public bool IsDirty { get; }

        /// <summary>The transaction logs replayed into the dirty hive (paths, or the names given with streams), in the order applied.</summary>
        public IReadOnlyList<string> AppliedLogs { get; }

        /// <summary>What was done on open, for a verbose stream: which logs were replayed, and how much of them.</summary>
        public IReadOnlyList<string> Notes { get; }

        public int MajorVersion { get; }

        public int MinorVersion { get; }

        /// <summary>The base block's last-written time; null when it is not set.</summary>
        public DateTime? LastWrittenUtc { get; }

        /// <summary>
        /// Non-fatal findings so far, each naming the file and offset: a dirty hive, a bad checksum, entries
        /// skipped as damaged. Grows as keys are read; at most 100 are kept.
        /// </summary>
        public IReadOnlyList<string> Warnings => _warnings;

        internal HiveCells Cells { get; }

        internal bool IsDisposed { get; private set; }

        /// <summary>
        /// Opens a hive file read-only. Other processes may go on reading, writing or deleting it (a hive
        /// copied off a server may still be open in the copying tool). A dirty hive is recovered in memory
        /// from its transaction logs.
        /// </summary>
        /// <param name="path">The hive file.</param>
        /// <param name="rootPath">
        /// The path the root key shows in <see cref="IRegistryKey.Path"/>, e.g. "HKEY_USERS\.DEFAULT" for a DEFAULT
        /// hive; by default the file's path. Empty: paths relative to the hive's root ("Software\Microsoft").
        /// </param>
        /// <param name="logPaths">
        /// The transaction logs to replay if the hive is dirty. Null: the hive's own <c>.LOG</c>, <c>.LOG1</c> and
        /// <c>.LOG2</c> beside it, in any letter case. Empty: no log. A log that cannot be opened or used is named,
        /// with the reason, in the warning a dirty hive then gets; it is never an exception.
        /// </param>
        /// <exception cref="RegfFormatException">The file is not a hive, is not a kind this reader handles, or is damaged.</exception>
        /// <exception cref="IOException">The file cannot be opened or read.</exception>
        /// <exception cref="UnauthorizedAccessException">Access to the file is denied.</exception>
        public static RegfHive Open(string path, string? rootPath = null, IReadOnlyList<string>? logPaths = null)
        {
            // No FileStream buffer: FileBlockReader reads whole pages and caches them.
            var stream = OpenShared(path);
            return Open(stream, path, rootPath ?? path, () => HiveLogFinder.Find(path, logPaths), logPaths != null && logPaths.Count > 0);
        }

        /// <summary>Reads a hive from a seekable stream, which the hive then owns; <paramref name="name"/> is used in messages.</summary>
        /// <param name="stream">The hive's bytes; disposed with the hive (also when the open fails).</param>
        /// <param name="name">The name messages give the hive, e.g. its file name.</param>
        /// <param name="rootPath">As for <see cref="Open(string, string, IReadOnlyList{string})"/>; by default <paramref name="name"/>.</param>
        /// <param name="logs">The transaction logs to replay if the hive is dirty (null or empty: none); all are disposed before this returns.</param>
        /// <exception cref="RegfFormatException">The data is not a hive, is not a kind this reader handles, or is damaged.</exception>
        public static RegfHive Open(Stream stream, string name, string? rootPath = null, IReadOnlyList<HiveLogStream>? logs = null)
        {
            if (!stream.CanSeek || !stream.CanRead)
            {
                stream.Dispose();
                DisposeAll(logs?.Select(l => l.Stream));
                throw new ArgumentException("The stream must be readable and seekable.", nameof(stream));
            }

            return Open(stream, name, rootPath ?? name, () => HiveLogFinder.FromStreams(logs), logs != null && logs.Count > 0);
        }

        internal static FileStream OpenShared(string path) =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.RandomAccess);

        private static RegfHive Open(Stream stream, string name, string rootPath, Func<(List<HiveLogCandidate> Logs, string LookedFor)> findLogs, bool logsNamed)
        {
            HiveLogReplay? replay = null;
            var notes = new List<string>();
            bool dirty = false;
            try
            {
                // Only a dirty primary needs its logs: a clean hive opens no other file. A base block that is not
                // a hive's is left to the constructor, which says what is wrong with it.
                var baseBlock = new byte[HiveCells.BaseBlockSize];
                if (HiveLogReplay.ReadAt(stream, 0, baseBlock, baseBlock.Length) && HiveLogReplay.HasSignature(baseBlock, 0, "regf")
                    && BitConverter.ToUInt32(baseBlock, 28) == 0)
                {
                    dirty = HiveLogReplay.IsDirty(baseBlock);
                    if (dirty)
                    {
                        var (logs, lookedFor) = findLogs();
                        try
                        {
                            replay = HiveLogReplay.Run(stream, name, baseBlock, logs, lookedFor);
                        }
                        finally
                        {
                            DisposeAll(logs.Select(l => l.Stream));
                        }

                        notes.AddRange(replay.Notes);
                        if (replay.Replayed)
                        {
                            stream = new ReplayedHiveStream(stream, replay.Sectors, replay.Length);
                        }
                    }
                    else if (logsNamed)
                    {
                        DisposeAll(findLogs().Logs.Select(l => l.Stream));
                        notes.Add($"'{name}' is not dirty: its transaction logs are not needed, and were not read.");
                    }
                }
            }
            catch
            {
                stream.Dispose();
                throw;
            }

            // 64 blocks (256 KiB): the lists and nodes of one path walk, small beside any hive worth reading.
            var file = new FileBlockReader(stream, 64, "The hive file");
            try
            {
                return new RegfHive(file, name, rootPath, dirty, replay, notes);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        private static void DisposeAll(IEnumerable<Stream?>? streams)
        {
            foreach (Stream? stream in streams ?? Enumerable.Empty<Stream?>())
            {
                stream?.Dispose();
            }
        }

        public void Dispose()
        {
            IsDisposed = true;
            _file.Dispose();
        }

        internal void ThrowIfDisposed()
        {
            if (IsDisposed)
            {
                throw new ObjectDisposedException(nameof(RegfHive), $"The hive '{FilePath}' has been closed.");
            }
        }

        /// <summary>Records damage that was stepped over, with what was done about it.</summary>
        internal void Warn(RegfFormatException damage, string consequence) => AddWarning($"{damage.Message} {consequence}");

        private void Warn(long fileOffset, string detail) => AddWarning($"'{FilePath}'{RegfFormatException.Where(fileOffset)}: {detail}.");

        private void AddWarning(string message)
        {
            if (_warnings.Count > MaxWarnings || !_warningSet.Add(message))
            {
                return;
            }

            _warnings.Add(_warnings.Count < MaxWarnings ? message : $"'{FilePath}': more than {MaxWarnings} warnings; the rest are not kept.");
        }

        private static byte[] ReadBaseBlock(FileBlockReader file, string path)
        {
            byte[]? signature = file.ReadBytes(0, 4);
            if (signature == null || signature[0] != (byte)'r' || signature[1] != (byte)'e' || signature[2] != (byte)'g' || signature[3] != (byte)'f')
            {
                throw new RegfFormatException(RegfProblem.NotARegistryHive, path, 0, "it does not start with the 'regf' signature");
            }

            return file.ReadBytes(0, HiveCells.BaseBlockSize)
                ?? throw new RegfFormatException(RegfProblem.Corrupt, path, 0, $"the file is {file.Length} bytes long, shorter than the 4096-byte base block");
        }

        // ---- Key operations, called by RegfKey ----

        internal List<RegfKey> ListSubKeys(RegfKey key)
        {
            var keys = new List<RegfKey>();
            VisitChildren(key, (kind, offset, hint) => true, child =>
            {
                keys.Add(Child(key, child));
                return true;
            });
            return keys;
        }

        internal RegfKey? FindSubKey(RegfKey key, string name)
        {
            // The hash and the name hint narrow the search for ASCII names, as Windows does. For other names
            // every entry is compared: writers disagree on upper-casing beyond ASCII (hivex's hashes of
            // non-ASCII names differ from Windows'), and a filter must never hide a key that is there.
            bool ascii = HiveText.IsAscii(name);
            uint hash = ascii ? HiveText.NameHash(name) : 0;
            KeyNode? found = null;
            VisitChildren(
                key,
                (kind, offset, hint) => !ascii || kind == SubKeyListKind.IndexLeaf
                    || (kind == SubKeyListKind.HashLeaf ? hint == hash : HintMatches(hint, name)),
                child =>
                {
                    if (string.Equals(child.Name, name, StringComparison.OrdinalIgnoreCase))
                    {
                        found = child;
                        return false;
                    }

                    return true;
                });
            return found == null ? null : Child(key, found);
        }

        internal List<RegistryValue> ReadValues(RegfKey key)
        {
            KeyNode node = key.Node;
            var values = new List<RegistryValue>();
            if (node.ValueCount == 0)
            {
                return values;
            }

            string owner = key.Description;
            if (node.ValueCount > MaxValues)
            {
                throw Cells.Corrupt(node.Offset, $"{owner} claims {node.ValueCount} values");
            }

            string what = $"the value list of {owner}";
            HiveCell list = Cells.Locate(node.ValueList, what);
            int count = (int)node.ValueCount;
            byte[] offsets = Cells.Read(list, 0, count * 4, $"{what} ({count} values)");
            var seen = new HashSet<uint>();
            long total = 0;
            for (int i = 0; i < count; i++)
            {
                uint offset = BitConverter.ToUInt32(offsets, i * 4);
                RegistryValue value;
                try
                {
                    if (!seen.Add(offset))
                    {
                        throw Cells.Corrupt(list.Offset, $"entry {i + 1} of {what} repeats an earlier value (offset 0x{offset:X})");
                    }

                    value = KeyValueReader.Read(Cells, offset, owner);
                }
                catch (RegfFormatException damage)
                {
                    Warn(damage, $"Value {i + 1} of {count} of {owner} is skipped.");
                    continue;
                }

                total += value.Data.Length;
                if (total > MaxValueDataPerKey)
                {
                    throw new RegfFormatException(RegfProblem.Unsupported, FilePath, HiveCells.FileOffset(node.Offset),
                        $"the values of {owner} hold more than {MaxValueDataPerKey / (1024 * 1024)} MiB of data");
                }

                values.Add(value);
            }

            return values;
        }

        /// <summary>
        /// Visits the subkeys of <paramref name="key"/> whose list entry passes <paramref name="filter"/>, each
        /// checked: its cell sound, listed once, never the root, its parent field naming this key (which
        /// breaks every cycle: a loop would have to pass through the root). A damaged entry is skipped with
        /// a warning. At most the key's own subkey count of entries is visited.
        /// </summary>
        private void VisitChildren(RegfKey key, SubKeyListReader.EntryVisitor filter, Func<KeyNode, bool> visit)
        {
            KeyNode node = key.Node;
            string owner = key.Description;
            if (node.SubKeyCount == 0)
            {
                return;
            }

            if (key.Depth >= MaxDepth)
            {
                Warn(Cells.Corrupt(node.Offset, $"{owner} is nested {key.Depth} levels deep, deeper than Windows allows"), "Its subkeys are not read.");
                return;
            }

            if (node.SubKeyCount > MaxSubKeys || node.SubKeyCount > Cells.BinsSize / MinKeyNodeCell)
            {
                throw Cells.Corrupt(node.Offset, $"{owner} claims {node.SubKeyCount} subkeys");
            }

            uint rootOffset = _root.Node.Offset;
            string childWhat = $"a subkey of {owner}";
            var seen = new HashSet<uint>();
            long visited = 0;
            bool overflow = false;
            SubKeyListReader.Visit(Cells, node.SubKeyList, owner, Warn, (kind, offset, hint) =>
            {
                if (visited == node.SubKeyCount)
                {
                    overflow = true;
                    return false;
                }

                visited++;
                if (!filter(kind, offset, hint))
                {
                    return true;
                }

                KeyNode child;
                try
                {
                    if (!seen.Add(offset))
                    {
                        throw Cells.Corrupt(node.SubKeyList, $"the subkey list of {owner} names the key node at 0x{offset:X} twice");
                    }

                    if (offset == rootOffset)
                    {
                        throw Cells.Corrupt(node.SubKeyList, $"the subkey list of {owner} points back at the root key");
                    }

                    child = KeyNode.Read(Cells, offset, childWhat);
                    if (child.Parent != node.Offset)
                    {
                        throw Cells.Corrupt(offset, $"subkey '{child.Name}' listed under {owner} names another parent (0x{child.Parent:X}, not 0x{node.Offset:X})");
                    }

                    if (child.Name.Length == 0)
                    {
                        throw Cells.Corrupt(offset, $"a subkey of {owner} has an empty name");
                    }
                }
                catch (RegfFormatException damage)
                {
                    Warn(damage, "That subkey is skipped; a key looked up there may be reported missing.");
                    return true;
                }

                return visit(child);
            });

            if (overflow)
            {
                Warn(Cells.Corrupt(node.SubKeyList, $"the subkey list of {owner} holds more entries than the {node.SubKeyCount} subkeys the key claims"), "The extra entries are ignored.");
            }
        }

        private static bool HintMatches(uint hint, string name)
        {
            // 'lf' hints hold the first four characters of the name; shorter names leave the rest zero.
            for (int i = 0; i < 4 && i < name.Length; i++)
            {
                char stored = (char)((hint >> (8 * i)) & 0xFF);
                if (HiveText.UpperAscii(stored) != HiveText.UpperAscii(name[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private RegfKey Child(RegfKey parent, KeyNode node) =>
            new RegfKey(this, node, parent.Path, parent.RelativePath, parent.Depth + 1);
    }
}
