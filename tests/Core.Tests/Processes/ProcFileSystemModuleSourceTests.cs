using System;
using System.IO;
using System.Linq;
using System.Text;
using MapiProfileTools.Core.Processes;
using Xunit;

namespace MapiProfileTools.Core.Tests.Processes
{
    /// <summary>
    /// The /proc reader against a fake /proc tree laid out as proc(5) documents it, through the constructor
    /// that takes the mount point: the cases a live system rarely shows on demand (a deleted mapping, a
    /// command name cut at 15 characters, a name with ") " in it) and that run on any machine.
    /// </summary>
    public sealed class ProcFileSystemModuleSourceTests : IDisposable
    {
        private const long BootTime = 1_700_000_000; // 2023-11-14T22:13:20Z
        // No account has this uid, so the user name falls back to the number on every machine.
        private const int Uid = 2147483646;
        private readonly string _proc = Path.Combine(Path.GetTempPath(), "mapi-fakeproc-" + Guid.NewGuid().ToString("N"));
        private readonly ModuleNamePattern _mapi32 = new ModuleNamePattern(new[] { "mapi32.dll" });

        public ProcFileSystemModuleSourceTests()
        {
            Write("self/maps", string.Empty);
            Write("stat", "cpu  10 0 10 100 0 0 0 0 0 0\nbtime " + BootTime + "\nprocesses 500\n");
            Write("uptime", "100.00 150.00\n");
            Directory.CreateDirectory(Path.Combine(_proc, "sys"));

            // 101: a MAPI program whose name the kernel cut to 15 characters; MAPI32.DLL mapped twice, from a
            // folder with a space, and a file in a folder whose name merely contains "mapi32.dll".
            Process(
                101,
                comm: "backupagent-sch",
                cmdline: "/opt/Backup Agent/bin/backupagent-scheduler\0--service\0",
                stat: "101 (backupagent-sch) " + StatFields(startTicks: 250),
                cgroup: "0::/system.slice/backup-agent.service\n",
                maps:
                    "55d0c0000000-55d0c0001000 r--p 00000000 08:01 4242                       /opt/Backup Agent/bin/backupagent-scheduler\n" +
                    "7f1c2a000000-7f1c2a001000 r--p 00000000 08:01 1234                       /opt/Backup Agent/lib/MAPI32.DLL\n" +
                    "7f1c2a001000-7f1c2a004000 r-xp 00001000 08:01 1234                       /opt/Backup Agent/lib/MAPI32.DLL\n" +
                    "7f1c2b000000-7f1c2b001000 r--p 00000000 08:01 777                        /opt/mapi32.dll.d/helper.so\n" +
                    "7f1c2c000000-7f1c2c021000 rw-p 00000000 00:00 0                          [heap]\n" +
                    "7f1c2d000000-7f1c2d001000 rw-p 00000000 00:00 0 \n",
                machine: 0x3E);

            // 202: a name with ") " and spaces (stat's fields count from the last ')'), and a deleted mapping.
            Process(
                202,
                comm: "x) y z",
                cmdline: string.Empty,
                stat: "202 (x) y z) " + StatFields(startTicks: 98_765),
                cgroup: "0::/user.slice/user-1000.slice/session-3.scope\n",
                maps: "7f00aa000000-7f00aa003000 r-xp 00000000 08:01 99                         /tmp/.agent/MAPI32.DLL (deleted)",
                machine: 0x03);

            // 303: a 15-character name the command line does not extend (an interpreter runs a script).
            Process(
                303,
                comm: "longscriptname.",
                cmdline: "/usr/bin/python3\0/opt/longscriptname.py\0",
                stat: "303 (longscriptname.) " + StatFields(startTicks: 1),
                cgroup: string.Empty,
                maps: "55d0c0000000-55d0c0001000 r--p 00000000 08:01 5 /usr/bin/python3\n",
                machine: 0xB7);

            // 404: listed, but gone before its maps could be read.
            Directory.CreateDirectory(Path.Combine(_proc, "404"));
            Directory.CreateDirectory(Path.Combine(_proc, "net"));
        }

        public void Dispose() => Directory.Delete(_proc, recursive: true);

        [Fact]
        public void ListsNumberedDirectoriesWithTheNamesGetProcessWouldShow()
        {
            var source = new ProcFileSystemModuleSource(_proc);

            var processes = source.ListProcesses().OrderBy(p => p.Id).ToArray();

            Assert.Equal(new[] { 101, 202, 303, 404 }, processes.Select(p => p.Id));
            Assert.Equal("backupagent-scheduler", processes[0].Name);
            Assert.Equal("x) y z", processes[1].Name);
            Assert.Equal("longscriptname.", processes[2].Name);
            Assert.Equal(string.Empty, processes[3].Name);
        }

        [Fact]
        public void FindsEachMappedFileOnceByItsFileNameAndReadsTheDetails()
        {
            var source = new ProcFileSystemModuleSource(_proc);

            ProcessScanResult result = source.Scan(Entry(source, 101), _mapi32);

            Assert.Equal(ProcessScanOutcome.Matched, result.Outcome);
            LoadedModule module = Assert.Single(result.Modules);
            Assert.Equal("MAPI32.DLL", module.Name);
            Assert.Equal("/opt/Backup Agent/lib/MAPI32.DLL", module.Path);
            ProcessDetails details = result.Details!;
            Assert.Equal("x64", details.Architecture);
            Assert.Equal(Uid.ToString(System.Globalization.CultureInfo.InvariantCulture), details.UserName);
            Assert.Equal("/opt/Backup Agent/bin/backupagent-scheduler --service", details.CommandLine);
            Assert.Equal(new[] { "backup-agent.service" }, details.ServiceNames);
            // Field 22 of stat is 250 clock ticks (1/100 s) after boot.
            Assert.Equal(new DateTime(2023, 11, 14, 22, 13, 22, 500, DateTimeKind.Utc), details.StartTime!.Value.ToUniversalTime());
        }

        [Fact]
        public void ADeletedMappingIsFoundUnderItsPathWithoutTheDeletedMark()
        {
            var source = new ProcFileSystemModuleSource(_proc);

            ProcessScanResult result = source.Scan(Entry(source, 202), _mapi32);

            Assert.Equal(ProcessScanOutcome.Matched, result.Outcome);
            LoadedModule module = Assert.Single(result.Modules);
            Assert.Equal("/tmp/.agent/MAPI32.DLL", module.Path);
            Assert.Equal("MAPI32.DLL", module.Name);
        }

        [Fact]
        public void StatFieldsAreCountedAfterTheLastParenthesisOfTheName()
        {
            var source = new ProcFileSystemModuleSource(_proc);

            ProcessDetails details = source.Scan(Entry(source, 202), _mapi32).Details!;

            // 98,765 ticks = 987.65 s after boot; counting from the first ')' would read another field.
            Assert.Equal(new DateTime(2023, 11, 14, 22, 29, 47, 650, DateTimeKind.Utc), details.StartTime!.Value.ToUniversalTime());
            Assert.Equal("x86", details.Architecture);
            Assert.Null(details.CommandLine);
            Assert.Empty(details.ServiceNames);
        }

        [Fact]
        public void AProcessWithoutTheModuleIsNoMatchAndAVanishedOneHasExited()
        {
            var source = new ProcFileSystemModuleSource(_proc);

            Assert.Equal(ProcessScanOutcome.NoMatch, source.Scan(Entry(source, 303), _mapi32).Outcome);
            ProcessScanResult gone = source.Scan(Entry(source, 404), _mapi32);
            Assert.Equal(ProcessScanOutcome.Exited, gone.Outcome);
            Assert.Contains("404", gone.Message);
        }

        [Fact]
        public void AFolderWithoutSelfMapsIsNotAProcFileSystem()
        {
            var error = Assert.Throws<PlatformNotSupportedException>(() => new ProcFileSystemModuleSource(Path.Combine(_proc, "net")));
            Assert.Contains("self", error.Message);
        }

        private static ProcessEntry Entry(ProcFileSystemModuleSource source, int id) => source.ListProcesses().Single(p => p.Id == id);

        // Fields 3 to 24 of proc(5)'s stat: state, ppid, ..., starttime (22), vsize, rss.
        private static string StatFields(long startTicks) =>
            $"S 1 100 100 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 {startTicks} 12345678 300\n";

        private void Process(int pid, string comm, string cmdline, string stat, string cgroup, string maps, ushort machine)
        {
            string folder = pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Write(folder + "/comm", comm + "\n");
            Write(folder + "/cmdline", cmdline);
            Write(folder + "/stat", stat);
            Write(folder + "/status", $"Name:\t{comm}\nUmask:\t0022\nState:\tS (sleeping)\nPid:\t{pid}\nUid:\t{Uid}\t{Uid}\t{Uid}\t{Uid}\nGid:\t100\t100\t100\t100\n");
            Write(folder + "/cgroup", cgroup);
            Write(folder + "/maps", maps);
            // /proc/<pid>/exe is the program itself: an ELF header is all the reader looks at.
            var elf = new byte[64];
            elf[0] = 0x7F;
            elf[1] = (byte)'E';
            elf[2] = (byte)'L';
            elf[3] = (byte)'F';
            elf[18] = (byte)machine;
            elf[19] = (byte)(machine >> 8);
            File.WriteAllBytes(Path.Combine(_proc, folder, "exe"), elf);
        }

        private void Write(string relative, string text)
        {
            string path = Path.Combine(_proc, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text, new UTF8Encoding(false));
        }
    }
}
