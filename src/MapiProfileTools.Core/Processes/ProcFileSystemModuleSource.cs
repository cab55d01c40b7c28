using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace MapiProfileTools.Core.Processes
{
    /// <summary>
    /// Linux and other /proc systems: every file mapping in /proc/&lt;pid&gt;/maps, read-only ones included
    /// (.NET's Process.Modules lists only executable mappings there). A maps file is searched as bytes for
    /// the pattern's literal text first, so most processes are dismissed without parsing a line.
    /// </summary>
    public sealed class ProcFileSystemModuleSource : IProcessModuleSource
    {
        private const int ClockTicksPerSecond = 100; // USER_HZ, fixed by the kernel ABI on mainstream architectures
        private readonly string _proc;
        private readonly Lazy<Dictionary<int, string>> _userNames;
        private readonly Lazy<long?> _bootTime;

        [ThreadStatic]
        private static byte[]? _buffer;

        public ProcFileSystemModuleSource()
            : this("/proc")
        {
        }

        /// <param name="procRoot">The procfs mount point (tests and containers may use another).</param>
        public ProcFileSystemModuleSource(string procRoot)
        {
            if (!File.Exists(Path.Combine(procRoot, "self", "maps")))
            {
                throw new PlatformNotSupportedException($"Listing loaded modules needs a Linux-style {procRoot} file system (with {procRoot}/self/maps); none is mounted here.");
            }

            _proc = procRoot;
            _userNames = new Lazy<Dictionary<int, string>>(ReadPasswd);
            _bootTime = new Lazy<long?>(ReadBootTime);
        }

        public IReadOnlyList<ProcessEntry> ListProcesses()
        {
            var result = new List<ProcessEntry>();
            foreach (string directory in Directory.EnumerateDirectories(_proc))
            {
                string name = Path.GetFileName(directory);
                if (name.Length > 0 && name[0] >= '0' && name[0] <= '9' && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                {
                    result.Add(new ProcessEntry(pid, () => ReadProcessName(pid)));
                }
            }

            return result;
        }

        public ProcessScanResult Scan(ProcessEntry process, ModuleNamePattern pattern)
        {
            int length;
            byte[] maps;
            try
            {
                length = ReadAll(Path.Combine(_proc, process.Id.ToString(CultureInfo.InvariantCulture), "maps"), out maps);
            }
            catch (UnauthorizedAccessException)
            {
                const int EAccess = 13;
                return ProcessScanResult.AccessDenied(process, $"Cannot read the modules of process {process.Id}: access is denied. Run as root (sudo) or as the process's owner.", EAccess);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException || ex is IOException)
            {
                // The process exited between the listing and the read (ESRCH surfaces as an IOException).
                return ProcessScanResult.Exited(process, $"Process {process.Id} exited before its modules were read.");
            }

            List<LoadedModule>? found = FindModules(maps, length, pattern);
            if (found == null)
            {
                return ProcessScanResult.NoMatch(process);
            }

            return ProcessScanResult.Matched(process, found, ReadDetails(process.Id));
        }

        private static List<LoadedModule>? FindModules(byte[] maps, int length, ModuleNamePattern pattern)
        {
            List<LoadedModule>? found = null;
            HashSet<string>? seen = null;
            foreach (byte[] literal in pattern.Literals)
            {
                int position = 0;
                while (position < length)
                {
                    int lineStart;
                    if (literal.Length == 0)
                    {
                        lineStart = position;
                    }
                    else
                    {
                        int hit = IndexOfAsciiIgnoreCase(maps, position, length, literal);
                        if (hit < 0)
                        {
                            break;
                        }

                        lineStart = hit;
                        while (lineStart > 0 && maps[lineStart - 1] != (byte)'\n')
                        {
                            lineStart--;
                        }
                    }

                    int lineEnd = Array.IndexOf(maps, (byte)'\n', lineStart, length - lineStart);
                    if (lineEnd < 0)
                    {
                        lineEnd = length;
                    }

                    string? path = MappedPath(maps, lineStart, lineEnd);
                    if (path != null && (seen == null || !seen.Contains(path)))
                    {
                        string name = FileName(path);
                        if (pattern.IsMatch(name))
                        {
                            (found ??= new List<LoadedModule>()).Add(new LoadedModule(name, path));
                            (seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(path);
                        }
                    }

                    position = lineEnd + 1;
                }
            }

            return found;
        }

        // "start-end perms offset dev inode   path": the path is whatever follows the fifth field.
        private static string? MappedPath(byte[] line, int start, int end)
        {
            int i = start;
            for (int field = 0; field < 5; field++)
            {
                while (i < end && line[i] != (byte)' ')
                {
                    i++;
                }

                while (i < end && line[i] == (byte)' ')
                {
                    i++;
                }
            }

            if (i >= end || line[i] != (byte)'/')
            {
                return null; // anonymous, [heap], [stack], [vdso]
            }

            string path = Encoding.UTF8.GetString(line, i, end - i);
            const string Deleted = " (deleted)";
            return path.EndsWith(Deleted, StringComparison.Ordinal) ? path.Substring(0, path.Length - Deleted.Length) : path;
        }

        private static string FileName(string path) => path.Substring(path.LastIndexOf('/') + 1);

        private static int IndexOfAsciiIgnoreCase(byte[] data, int from, int length, byte[] lowerLiteral)
        {
            byte first = lowerLiteral[0];
            byte firstUpper = first >= (byte)'a' && first <= (byte)'z' ? (byte)(first - 32) : first;
            int last = length - lowerLiteral.Length;
            for (int i = from; i <= last; i++)
            {
                byte b = data[i];
                if (b != first && b != firstUpper)
                {
                    continue;
                }

                int k = 1;
                while (k < lowerLiteral.Length)
                {
                    byte c = data[i + k];
                    if (c >= (byte)'A' && c <= (byte)'Z')
                    {
                        c += 32;
                    }

                    if (c != lowerLiteral[k])
                    {
                        break;
                    }

                    k++;
                }

                if (k == lowerLiteral.Length)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Reads a /proc file whole (their Length is 0, so read until the end) into a per-thread buffer.</summary>
        private static int ReadAll(string path, out byte[] buffer)
        {
            buffer = _buffer ??= new byte[64 * 1024];
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            int total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                    _buffer = buffer;
                }

                int read = stream.Read(buffer, total, buffer.Length - total);
                if (read == 0)
                {
                    return total;
                }

                total += read;
            }
        }

        private string? ReadText(int pid, string file)
        {
            try
            {
                return File.ReadAllText(Path.Combine(_proc, pid.ToString(CultureInfo.InvariantCulture), file));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private string ReadProcessName(int pid)
        {
            string comm = (ReadText(pid, "comm") ?? string.Empty).TrimEnd('\n');
            // The kernel cuts comm at 15 characters; the command line's first word has the whole name.
            if (comm.Length == 15)
            {
                string? argv0 = ReadText(pid, "cmdline")?.Split('\0')[0];
                string candidate = argv0 == null ? string.Empty : FileName(argv0);
                if (candidate.StartsWith(comm, StringComparison.Ordinal))
                {
                    return candidate;
                }
            }

            return comm;
        }

        private ProcessDetails ReadDetails(int pid)
        {
            string? commandLine = ReadText(pid, "cmdline")?.TrimEnd('\0').Replace('\0', ' ');
            return new ProcessDetails(
                ReadArchitecture(pid),
                ReadUserName(pid),
                ReadStartTime(pid),
                string.IsNullOrEmpty(commandLine) ? null : commandLine,
                ReadSystemdUnit(pid),
                ReadImagePath(pid));
        }

        /// <summary>The program the process runs (/proc/&lt;pid&gt;/exe), without the kernel's " (deleted)" for a replaced file.</summary>
        private string? ReadImagePath(int pid)
        {
            string? target = Native.Libc.ReadLink(Path.Combine(_proc, pid.ToString(CultureInfo.InvariantCulture), "exe"));
            const string Deleted = " (deleted)";
            return target != null && target.EndsWith(Deleted, StringComparison.Ordinal) ? target.Substring(0, target.Length - Deleted.Length) : target;
        }

        private string? ReadArchitecture(int pid)
        {
            try
            {
                using var exe = new FileStream(Path.Combine(_proc, pid.ToString(CultureInfo.InvariantCulture), "exe"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
                var header = new byte[20];
                if (exe.Read(header, 0, 20) < 20 || header[0] != 0x7F || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
                {
                    return null;
                }

                switch (header[18] | (header[19] << 8))
                {
                    case 0x03: return "x86";
                    case 0x3E: return "x64";
                    case 0x28: return "ARM";
                    case 0xB7: return "ARM64";
                    default: return null;
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private string? ReadUserName(int pid)
        {
            string? status = ReadText(pid, "status");
            if (status == null)
            {
                return null;
            }

            foreach (string line in status.Split('\n'))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    string[] ids = line.Substring(4).Split(new[] { '\t', ' ' }, StringSplitOptions.RemoveEmptyEntries);
                    if (ids.Length > 0 && int.TryParse(ids[0], NumberStyles.None, CultureInfo.InvariantCulture, out int uid))
                    {
                        return _userNames.Value.TryGetValue(uid, out string? user) ? user : uid.ToString(CultureInfo.InvariantCulture);
                    }
                }
            }

            return null;
        }

        private DateTime? ReadStartTime(int pid)
        {
            string? stat = ReadText(pid, "stat");
            long? boot = _bootTime.Value;
            if (stat == null || boot == null)
            {
                return null;
            }

            // The command name in parentheses may hold spaces; fields are counted after its closing ')'.
            string[] fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            const int StartTimeField = 19; // field 22 of proc(5), counted from field 3
            if (fields.Length <= StartTimeField || !long.TryParse(fields[StartTimeField], NumberStyles.None, CultureInfo.InvariantCulture, out long ticks))
            {
                return null;
            }

            // Whole .NET ticks: seconds as a double would turn 98,765 clock ticks into 987.6499999 s.
            return DateTimeOffset.FromUnixTimeSeconds(boot.Value).AddTicks(ticks * (TimeSpan.TicksPerSecond / ClockTicksPerSecond)).LocalDateTime;
        }

        private IReadOnlyList<string> ReadSystemdUnit(int pid)
        {
            string? cgroup = ReadText(pid, "cgroup");
            if (cgroup != null)
            {
                foreach (string line in cgroup.Split('\n'))
                {
                    string unit = line.Substring(line.LastIndexOf('/') + 1);
                    if (unit.EndsWith(".service", StringComparison.Ordinal))
                    {
                        return new[] { unit };
                    }
                }
            }

            return Array.Empty<string>();
        }

        private long? ReadBootTime()
        {
            try
            {
                foreach (string line in File.ReadAllLines(Path.Combine(_proc, "stat")))
                {
                    if (line.StartsWith("btime ", StringComparison.Ordinal))
                    {
                        return long.Parse(line.Substring(6), CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is FormatException)
            {
            }

            return null;
        }

        private static Dictionary<int, string> ReadPasswd()
        {
            var users = new Dictionary<int, string>();
            try
            {
                foreach (string line in File.ReadAllLines("/etc/passwd"))
                {
                    string[] parts = line.Split(':');
                    if (parts.Length > 2 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int uid) && !users.ContainsKey(uid))
                    {
                        users[uid] = parts[0];
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
            }

            return users;
        }
    }
}
