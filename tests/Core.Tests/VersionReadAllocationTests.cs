using System;
using MapiProfileTools.Core.PortableExecutable;
using Xunit;

namespace MapiProfileTools.Core.Tests
{
    /// <summary>
    /// What one version read costs in memory, on the committed sample DLLs: a scan of every DLL a
    /// server's processes load reads thousands of files, so a read should allocate little more than the
    /// file handle and what it returns. bench/VersionRead measures the same over 2,000 real DLLs.
    /// </summary>
    public class VersionReadAllocationTests
    {
        private const int Reads = 200;
        private const long BytesPerRead = 2_000;

        [Theory]
        [InlineData("dll/before-fix/MAPI32.DLL")]
        [InlineData("dll/with-fix/MAPI32.DLL")]
        public void AReadAllocatesUnderTwoKilobytes(string sample)
        {
            string path = TestData.Sample(sample);
            long sink = 0;
            // First reads pay for type initialisation and the thread's reusable buffers.
            for (int i = 0; i < 20; i++)
            {
                sink += Use(VersionResourceReader.Read(path));
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Reads; i++)
            {
                sink += Use(VersionResourceReader.Read(path));
            }

            long perRead = (GC.GetAllocatedBytesForCurrentThread() - before) / Reads;
            Assert.True(sink > 0);
            Assert.True(perRead < BytesPerRead, $"a read of {sample} allocated {perRead} bytes; the limit is {BytesPerRead}");
        }

        // What Test-MapiDllVersion takes from a file.
        private static long Use(PeVersionInfo info) =>
            info.FileVersion.Major + (info.GetString("FileVersion")?.Length ?? 0) +
            (info.GetString("CompanyName")?.Length ?? 0) + (info.GetString("FileDescription")?.Length ?? 0);
    }
}
