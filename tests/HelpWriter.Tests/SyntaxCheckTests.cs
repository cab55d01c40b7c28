using System;
using System.IO;
using Xunit;

namespace MapiProfileTools.HelpWriter.Tests
{
    /// <summary>
    /// The SYNTAX blocks and each parameter's yaml 'Parameter Sets' must agree, or the build fails with
    /// the file, the section and what is wrong: Get-Help would otherwise show a syntax that the
    /// parameter list contradicts. Each case breaks the golden Get-Widget.md in one place.
    /// </summary>
    public sealed class SyntaxCheckTests : IDisposable
    {
        private readonly string _file = Path.Combine(Path.GetTempPath(), $"helpwriter-{Guid.NewGuid():N}", "Get-Widget.md");

        public SyntaxCheckTests()
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        }

        public void Dispose() => Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);

        [Fact]
        public void TheGoldenDocPassesTheCheck()
        {
            CommandHelpDocument help = Read(Golden());

            Assert.Equal("Get-Widget", help.Name);
            Assert.Equal(new[] { "Name", "Workshop", "Broken" }, help.Syntax[0].ParameterNames);
            Assert.Equal(new[] { "Id", "Workshop" }, help.Syntax[1].ParameterNames);
        }

        [Fact]
        public void ASyntaxParameterThatIsNotDocumentedFails()
        {
            string doc = Golden().Replace("[-Broken] [<CommonParameters>]", "[-Broken] [-Colour <String>] [<CommonParameters>]", StringComparison.Ordinal);

            Assert.Equal($"{_file}: SYNTAX Name: -Colour is not documented under PARAMETERS", Fails(doc));
        }

        [Fact]
        public void ASyntaxParameterOutsideItsDocumentedSetsFails()
        {
            string doc = Golden().Replace("-Id <Int32[]> [-Workshop <String>]", "-Id <Int32[]> [-Workshop <String>] [-Broken]", StringComparison.Ordinal);

            Assert.Equal($"{_file}: SYNTAX Id: -Broken is not in set 'Id' according to its yaml 'Parameter Sets'", Fails(doc));
        }

        [Fact]
        public void ADocumentedParameterMissingFromItsSetsSyntaxFails()
        {
            string doc = Golden().Replace(" [-Broken] [<CommonParameters>]", " [<CommonParameters>]", StringComparison.Ordinal);

            Assert.Equal($"{_file}: SYNTAX Name: the syntax line lacks -Broken, which PARAMETERS puts in this set", Fails(doc));
        }

        [Fact]
        public void AParameterSetWithoutASyntaxBlockFails()
        {
            string doc = Golden().Replace("Type: SwitchParameter\nParameter Sets: Name\n", "Type: SwitchParameter\nParameter Sets: Name, Colour\n", StringComparison.Ordinal);

            Assert.Equal($"{_file}: PARAMETERS -Broken: parameter set 'Colour' has no '### Colour' under SYNTAX", Fails(doc));
        }

        private static string Golden() =>
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "golden", "docs", "Get-Widget.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

        private CommandHelpDocument Read(string doc)
        {
            File.WriteAllText(_file, doc);
            return MarkdownHelpReader.ReadCommand(_file);
        }

        private string Fails(string doc)
        {
            Assert.NotEqual(Golden(), doc);
            return Assert.Throws<HelpFormatException>(() => Read(doc)).Message;
        }
    }
}
