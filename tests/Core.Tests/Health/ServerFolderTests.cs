using System;
using System.IO;
using MapiProfileTools.Core.Health;
using Xunit;

namespace MapiProfileTools.Core.Tests.Health
{
    public sealed class ServerFolderTests : IDisposable
    {
        private readonly string _drive = Path.Combine(Path.GetTempPath(), "mapi-server-" + Guid.NewGuid().ToString("N"));
        private readonly ServerFolder _server;

        public ServerFolderTests()
        {
            Directory.CreateDirectory(Path.Combine(_drive, "WINNT", "system32", "config"));
            File.WriteAllText(Path.Combine(_drive, "WINNT", "system32", "config", "default"), "hive");
            File.WriteAllText(Path.Combine(_drive, "WINNT", "system32", "Mapi32.dll"), "dll");
            Directory.CreateDirectory(Path.Combine(_drive, "Program Files", "Exchsrvr", "bin"));
            File.WriteAllText(Path.Combine(_drive, "Program Files", "Exchsrvr", "bin", "MAD.EXE"), "exe");
            _server = new ServerFolder(Path.Combine(_drive, "WINNT"));
        }

        public void Dispose() => Directory.Delete(_drive, recursive: true);

        [Fact]
        public void FindsFilesWhateverTheirLetterCase()
        {
            Assert.Equal(Path.Combine(_drive, "WINNT", "system32", "config", "default"), _server.Find(@"SYSTEM32\CONFIG\DEFAULT"));
            Assert.Equal(Path.Combine(_drive, "WINNT", "system32", "Mapi32.dll"), _server.Find(OfflineEvidence.MapiDllRelativePath));
            Assert.Null(_server.Find(@"system32\config\SOFTWARE"));
            Assert.Null(_server.Find(@"..\Program Files\Exchsrvr\bin\mad.exe"));
        }

        [Theory]
        [InlineData("\"C:\\Program Files\\Exchsrvr\\bin\\mad.exe\"")]
        [InlineData("C:\\PROGRAM FILES\\EXCHSRVR\\BIN\\mad.exe -service")]
        [InlineData("%SystemDrive%\\Program Files\\Exchsrvr\\bin\\mad.exe")]
        public void ASystemDrivePathIsLookedUpBesideTheSystemRootFolder(string imagePath)
        {
            Assert.Equal(Path.Combine(_drive, "Program Files", "Exchsrvr", "bin", "MAD.EXE"), _server.MapServerPath(imagePath));
        }

        [Theory]
        [InlineData("%SystemRoot%\\System32\\MAPI32.DLL")]
        [InlineData("%windir%\\system32\\mapi32.dll")]
        [InlineData("\\SystemRoot\\System32\\mapi32.dll")]
        [InlineData("system32\\mapi32.dll")]
        public void ASystemRootPathIsLookedUpInTheFolder(string serverPath)
        {
            Assert.Equal(Path.Combine(_drive, "WINNT", "system32", "Mapi32.dll"), _server.MapServerPath(serverPath));
        }

        [Fact]
        public void AnotherDriveThanTheSystemDriveIsNotThere()
        {
            _server.SystemDrive = "C:";

            Assert.Null(_server.MapServerPath(@"D:\Program Files\Exchsrvr\bin\mad.exe"));
            Assert.NotNull(_server.MapServerPath(@"c:\Program Files\Exchsrvr\bin\mad.exe"));
            Assert.Null(_server.MapServerPath(@"%ProgramFiles%\Exchsrvr\bin\mad.exe"));
        }
    }
}
