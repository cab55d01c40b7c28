using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace MapiProfileTools.HelpWriter;

/// <summary>
/// Reads one PlatyPS 0.14 markdown file (schema 2.0.0) into a <see cref="CommandHelpDocument"/> or an
/// <see cref="AboutTopicDocument"/>. Anything the writers would have to guess about is an error that
/// names the file and the section, so a doc mistake fails the build instead of shipping blank help.
/// </summary>
internal sealed class MarkdownHelpReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    private static readonly string[] CommandSections =
        { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

    // "-Name" where a parameter starts in a syntax line: after a space or "[", never inside "Verb-Noun".
    private static readonly Regex SyntaxParameter = new(@"(?<=^|[\s\[])-(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant);

    private static readonly Regex SyntaxSetTitle = new(@"^(?<name>\S+)(?:\s+\((?<default>Default)\))?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private readonly string _file;
    private readonly string _source;
    private readonly MarkdownDocument _document;

    private MarkdownHelpReader(string path)
    {
        _file = path;
        _source = File.ReadAllText(path);
        _document = Markdown.Parse(_source, Pipeline);
    }

    public static bool IsAboutTopic(string path) =>
        Path.GetFileName(path).StartsWith("about_", StringComparison.OrdinalIgnoreCase);

    public static CommandHelpDocument ReadCommand(string path) => new MarkdownHelpReader(path).ReadCommand();

    public static AboutTopicDocument ReadAboutTopic(string path) => new MarkdownHelpReader(path).ReadAboutTopic();

    private CommandHelpDocument ReadCommand()
    {
        Dictionary<string, string> frontMatter = ReadFrontMatter();
        string helpFile = frontMatter.GetValueOrDefault("external help file", "");
        if (helpFile.Length == 0 || Path.GetFileName(helpFile) != helpFile || !helpFile.EndsWith("-Help.xml", StringComparison.OrdinalIgnoreCase))
        {
            throw Error("front matter", "'external help file' must name the MAML file, e.g. 'MapiProfileTools.dll-Help.xml'");
        }

        if (frontMatter.TryGetValue("schema", out string? schema) && schema != "2.0.0")
        {
            throw Error("front matter", $"schema '{schema}' is not the PlatyPS schema 2.0.0");
        }

        (string name, List<Block> body) = ReadTitle();
        int dash = name.IndexOf('-');
        if (dash <= 0 || dash == name.Length - 1)
        {
            throw Error("# title", $"'{name}' is not a Verb-Noun command name");
        }

        Dictionary<string, Section> sections = ReadSections(body, CommandSections);

        List<TextBlock> synopsis = RequireText(sections, "SYNOPSIS");
        List<SyntaxSet> syntax = ReadSyntax(Require(sections, "SYNTAX"));
        List<TextBlock> description = RequireText(sections, "DESCRIPTION");
        List<ExampleHelp> examples = ReadExamples(Require(sections, "EXAMPLES"));
        List<ParameterHelp> parameters = sections.TryGetValue("PARAMETERS", out Section? p) ? ReadParameters(p) : new();
        CheckSyntaxAgainstParameters(syntax, parameters);

        var links = new List<RelatedLink>();
        string online = frontMatter.GetValueOrDefault("online version", "");
        if (online.Length > 0)
        {
            // Get-Help -Online opens the first related link, so the online version goes first.
            links.Add(new RelatedLink("Online Version:", online));
        }

        if (sections.TryGetValue("RELATED LINKS", out Section? related))
        {
            links.AddRange(ReadRelatedLinks(related));
        }

        return new CommandHelpDocument(
            name,
            helpFile,
            online,
            synopsis,
            syntax,
            description,
            examples,
            parameters,
            sections.TryGetValue("INPUTS", out Section? inputs) ? ReadTypes(inputs) : new(),
            sections.TryGetValue("OUTPUTS", out Section? outputs) ? ReadTypes(outputs) : new(),
            sections.TryGetValue("NOTES", out Section? notes) ? ToTextBlocks(notes.Body, notes.Title) : new(),
            links);
    }

    private AboutTopicDocument ReadAboutTopic()
    {
        (string name, List<Block> body) = ReadTitle();
        List<Section> sections = SplitByHeading(body, 2, "# " + name);

        var shortDescription = new List<TextBlock>();
        var longDescription = new List<TextBlock>();
        var others = new List<AboutSection>();
        foreach (Section section in sections)
        {
            List<TextBlock> blocks = ToTextBlocks(section.Body, section.Title, allowHeadings: true);
            switch (section.Title.ToUpperInvariant())
            {
                case "SHORT DESCRIPTION":
                    shortDescription = blocks;
                    break;
                case "LONG DESCRIPTION":
                    longDescription = blocks;
                    break;
                default:
                    // Older PlatyPS templates repeat the topic name as an empty "## about_Name" heading.
                    if (!(section.Title.Equals(name, StringComparison.OrdinalIgnoreCase) && blocks.Count == 0))
                    {
                        others.Add(new AboutSection(section.Title, blocks));
                    }

                    break;
            }
        }

        if (!shortDescription.Any(IsText))
        {
            throw Error("SHORT DESCRIPTION", "section is missing or has no text");
        }

        if (!longDescription.Any(IsText))
        {
            throw Error("LONG DESCRIPTION", "section is missing or has no text");
        }

        return new AboutTopicDocument(name, shortDescription, longDescription, others);
    }

    // ---- Document structure ------------------------------------------------------------------

    private sealed record Section(string Title, List<Block> Body);

    /// <summary>Returns the "# Title" text, checked against the file name, and the blocks under it.</summary>
    private (string Name, List<Block> Body) ReadTitle()
    {
        List<Section> titled = SplitByHeading(_document.Where(b => b is not YamlFrontMatterBlock), 1, "top of file");
        if (titled.Count != 1)
        {
            throw Error("# title", titled.Count == 0 ? "no '# Name' title line" : "more than one '# ' title line");
        }

        string expected = Path.GetFileNameWithoutExtension(_file);
        if (!titled[0].Title.Equals(expected, StringComparison.OrdinalIgnoreCase))
        {
            throw Error("# title", $"'{titled[0].Title}' does not match the file name '{expected}'");
        }

        return (titled[0].Title, titled[0].Body);
    }

    /// <summary>
    /// Splits blocks at headings of <paramref name="level"/>. Text before the first such heading is an
    /// error (it would belong to no section); comments and rules there are allowed.
    /// </summary>
    private List<Section> SplitByHeading(IEnumerable<Block> blocks, int level, string parent)
    {
        var sections = new List<Section>();
        foreach (Block block in blocks)
        {
            if (block is HeadingBlock heading && heading.Level == level)
            {
                sections.Add(new Section(InlineText(heading.Inline), new List<Block>()));
            }
            else if (sections.Count > 0)
            {
                sections[^1].Body.Add(block);
            }
            else if (!IsIgnorable(block))
            {
                throw Error(parent, $"line {block.Line + 1}: text before the first '{new string('#', level)} ' heading");
            }
        }

        return sections;
    }

    private Dictionary<string, Section> ReadSections(List<Block> body, string[] known)
    {
        var sections = new Dictionary<string, Section>(StringComparer.OrdinalIgnoreCase);
        foreach (Section section in SplitByHeading(body, 2, "# title"))
        {
            if (!known.Contains(section.Title, StringComparer.OrdinalIgnoreCase))
            {
                throw Error("## " + section.Title, "unknown section; expected one of " + string.Join(", ", known));
            }

            if (!sections.TryAdd(section.Title, section))
            {
                throw Error("## " + section.Title, "section appears twice");
            }
        }

        return sections;
    }

    private Section Require(Dictionary<string, Section> sections, string title) =>
        sections.TryGetValue(title, out Section? section) ? section : throw Error(title, "section is missing");

    private List<TextBlock> RequireText(Dictionary<string, Section> sections, string title)
    {
        List<TextBlock> text = ToTextBlocks(Require(sections, title).Body, title);
        return text.Any(IsText) ? text : throw Error(title, "section has no text");
    }

    // ---- Sections of a command doc -----------------------------------------------------------

    private List<SyntaxSet> ReadSyntax(Section section)
    {
        var sets = new List<SyntaxSet>();
        foreach (Section set in SplitByHeading(section.Body, 3, "SYNTAX"))
        {
            Match title = SyntaxSetTitle.Match(set.Title);
            if (!title.Success)
            {
                throw Error("SYNTAX " + set.Title, "expected '### SetName' or '### SetName (Default)'");
            }

            CodeBlock code = set.Body.OfType<CodeBlock>().FirstOrDefault()
                ?? throw Error("SYNTAX " + set.Title, "no fenced code block with the syntax line");
            List<string> names = SyntaxParameter.Matches(CodeText(code)).Select(m => m.Groups["name"].Value).ToList();
            sets.Add(new SyntaxSet(title.Groups["name"].Value, title.Groups["default"].Success, names));
        }

        return sets.Count > 0 ? sets : throw Error("SYNTAX", "no parameter set ('### SetName' and a code block)");
    }

    private List<ExampleHelp> ReadExamples(Section section)
    {
        var examples = new List<ExampleHelp>();
        foreach (Section example in SplitByHeading(section.Body, 3, "EXAMPLES"))
        {
            string where = "EXAMPLES " + example.Title;
            var code = new List<string>();
            var remarks = new List<TextBlock>();
            foreach (Block block in example.Body)
            {
                if (block is CodeBlock codeBlock)
                {
                    code.Add(CodeText(codeBlock));
                }
                else
                {
                    remarks.AddRange(ToTextBlocks(new[] { block }, where));
                }
            }

            if (code.Count == 0)
            {
                throw Error(where, "no code block");
            }

            examples.Add(new ExampleHelp(example.Title, string.Join("\n\n", code), remarks));
        }

        return examples.Count > 0 ? examples : throw Error("EXAMPLES", "no example ('### Example 1: ...' with a code block)");
    }

    private List<ParameterHelp> ReadParameters(Section section)
    {
        var parameters = new List<ParameterHelp>();
        foreach (Section parameter in SplitByHeading(section.Body, 3, "PARAMETERS"))
        {
            if (parameter.Title.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase))
            {
                continue; // Get-Help adds the common parameters itself.
            }

            string where = "PARAMETERS " + parameter.Title;
            if (!parameter.Title.StartsWith('-') || parameter.Title.Length < 2 || parameter.Title.Contains(' '))
            {
                throw Error(where, "expected '### -ParameterName'");
            }

            string name = parameter.Title.Substring(1);
            if (parameters.Any(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                throw Error(where, "parameter documented twice");
            }

            var description = new List<TextBlock>();
            var metadata = new List<ParameterMetadata>();
            foreach (Block block in parameter.Body)
            {
                if (block is FencedCodeBlock fenced && string.Equals(fenced.Info, "yaml", StringComparison.OrdinalIgnoreCase))
                {
                    metadata.Add(ReadParameterYaml(CodeText(fenced), where));
                }
                else
                {
                    description.AddRange(ToTextBlocks(new[] { block }, where));
                }
            }

            if (!description.Any(IsText))
            {
                throw Error(where, "no description text");
            }

            if (metadata.Count == 0)
            {
                throw Error(where, "no ```yaml block (Type, Parameter Sets, Aliases, Required, Position, ...)");
            }

            parameters.Add(new ParameterHelp(name, description, metadata));
        }

        return parameters;
    }

    private ParameterMetadata ReadParameterYaml(string yaml, string where)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in yaml.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            (string key, string value) = SplitKeyValue(line) ?? throw Error(where, $"yaml line '{line}' is not 'Key: value'");
            values[key] = value;
        }

        string Get(string key) =>
            values.TryGetValue(key, out string? value) && value.Length > 0 ? value : throw Error(where, $"yaml block has no '{key}'");

        // PlatyPS writes "Aliases:" with nothing after it for a parameter without aliases.
        string[] aliases = values.TryGetValue("Aliases", out string? aliasList)
            ? (aliasList.Equals("None", StringComparison.OrdinalIgnoreCase) ? Array.Empty<string>() : SplitList(aliasList))
            : throw Error(where, "yaml block has no 'Aliases'");

        bool GetBool(string key) => Get(key).ToUpperInvariant() switch
        {
            "TRUE" => true,
            "FALSE" => false,
            string other => throw Error(where, $"yaml '{key}: {other}' is not True or False"),
        };

        return new ParameterMetadata(
            Get("Type"),
            SplitList(Get("Parameter Sets")),
            aliases,
            GetBool("Required"),
            Get("Position"),
            Get("Default value"),
            Get("Accept pipeline input"),
            GetBool("Accept wildcard characters"),
            values.TryGetValue("Accepted values", out string? accepted) ? SplitList(accepted) : Array.Empty<string>());
    }

    /// <summary>The SYNTAX blocks and the yaml "Parameter Sets" lines must tell the same story.</summary>
    private void CheckSyntaxAgainstParameters(List<SyntaxSet> syntax, List<ParameterHelp> parameters)
    {
        foreach (SyntaxSet set in syntax)
        {
            string where = "SYNTAX " + set.Name;
            foreach (string name in set.ParameterNames)
            {
                ParameterHelp parameter = parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                    ?? throw Error(where, $"-{name} is not documented under PARAMETERS");
                if (parameter.MetadataFor(set.Name) is null)
                {
                    throw Error(where, $"-{name} is not in set '{set.Name}' according to its yaml 'Parameter Sets'");
                }
            }

            foreach (ParameterHelp parameter in parameters.Where(p => p.MetadataFor(set.Name) is not null))
            {
                if (!set.ParameterNames.Contains(parameter.Name, StringComparer.OrdinalIgnoreCase))
                {
                    throw Error(where, $"the syntax line lacks -{parameter.Name}, which PARAMETERS puts in this set");
                }
            }
        }

        foreach (ParameterHelp parameter in parameters)
        {
            foreach (string set in parameter.Metadata.SelectMany(m => m.ParameterSets))
            {
                if (set != ParameterMetadata.AllSets && !syntax.Any(s => s.Name.Equals(set, StringComparison.OrdinalIgnoreCase)))
                {
                    throw Error("PARAMETERS -" + parameter.Name, $"parameter set '{set}' has no '### {set}' under SYNTAX");
                }
            }
        }
    }

    private List<TypeHelp> ReadTypes(Section section) =>
        SplitByHeading(section.Body, 3, section.Title)
            .Select(type => new TypeHelp(type.Title, ToTextBlocks(type.Body, section.Title + " " + type.Title)))
            .ToList();

    private List<RelatedLink> ReadRelatedLinks(Section section)
    {
        var links = new List<RelatedLink>();
        foreach (ParagraphBlock paragraph in section.Body.SelectMany(Paragraphs))
        {
            List<LinkInline> inlineLinks = paragraph.Inline?.FindDescendants<LinkInline>().ToList() ?? new();
            if (inlineLinks.Count == 0)
            {
                links.Add(new RelatedLink(InlineText(paragraph.Inline), ""));
            }

            foreach (LinkInline link in inlineLinks)
            {
                // A link to another help topic (about_X.md, Get-Foo.md) keeps only its text: Get-Help
                // shows the name and the user asks for it by name; only web addresses are kept as URIs.
                string url = link.Url ?? "";
                links.Add(new RelatedLink(InlineText(link), IsWebAddress(url) ? url : ""));
            }
        }

        return links;
    }

    // ---- Markdown to text --------------------------------------------------------------------

    private List<TextBlock> ToTextBlocks(IEnumerable<Block> blocks, string where, bool allowHeadings = false)
    {
        var result = new List<TextBlock>();
        foreach (Block block in blocks)
        {
            AddTextBlocks(block, result, where, allowHeadings, depth: 0);
        }

        return result;
    }

    private void AddTextBlocks(Block block, List<TextBlock> into, string where, bool allowHeadings, int depth)
    {
        switch (block)
        {
            case HeadingBlock heading when allowHeadings:
                into.Add(new TextBlock(TextBlockKind.Heading, InlineText(heading.Inline)));
                break;
            case HeadingBlock heading:
                throw Error(where, $"line {block.Line + 1}: unexpected heading '{InlineText(heading.Inline)}'");
            case ParagraphBlock paragraph when TableLines(paragraph) is string table:
                into.Add(new TextBlock(TextBlockKind.Table, table));
                break;
            case ParagraphBlock paragraph:
                into.Add(new TextBlock(TextBlockKind.Paragraph, InlineText(paragraph.Inline)));
                break;
            case CodeBlock code:
                into.Add(new TextBlock(TextBlockKind.Code, CodeText(code)));
                break;
            case ListBlock list:
                foreach (ListItemBlock item in list.OfType<ListItemBlock>())
                {
                    string marker = list.IsOrdered ? $"{item.Order}{list.OrderedDelimiter}" : "-";
                    foreach (Block child in item)
                    {
                        if (child is ParagraphBlock paragraph)
                        {
                            // The item's first paragraph carries the marker; later ones hang under it.
                            into.Add(new TextBlock(TextBlockKind.ListItem, InlineText(paragraph.Inline), marker, depth));
                            marker = "";
                        }
                        else
                        {
                            AddTextBlocks(child, into, where, allowHeadings, depth + 1);
                        }
                    }
                }

                break;
            case QuoteBlock quote:
                foreach (Block child in quote)
                {
                    AddTextBlocks(child, into, where, allowHeadings, depth);
                }

                break;
            case Block ignorable when IsIgnorable(ignorable):
                break;
            default:
                throw Error(where, $"line {block.Line + 1}: unsupported markdown ({block.GetType().Name})");
        }
    }

    /// <summary>
    /// The source lines of a paragraph that is a pipe table (every line starts and ends with '|'; the
    /// pipeline has no table extension, so Markdig reads one as a paragraph), or null.
    /// </summary>
    private string? TableLines(ParagraphBlock paragraph)
    {
        // Markdig lets go of a paragraph's lines once it has parsed its inlines: take them from the source.
        string[] lines = _source.Substring(paragraph.Span.Start, paragraph.Span.Length)
            .Split('\n')
            .Select(line => line.Trim())
            .ToArray();
        bool isTable = lines.Length > 1 && lines.All(line => line.Length > 1 && line[0] == '|' && line[^1] == '|');
        return isTable ? string.Join("\n", lines) : null;
    }

    private static bool IsIgnorable(Block block) =>
        block is HtmlBlock or ThematicBreakBlock or LinkReferenceDefinitionGroup or YamlFrontMatterBlock;

    private static bool IsText(TextBlock block) => block.Kind != TextBlockKind.Heading && block.Text.Trim().Length > 0;

    private static IEnumerable<ParagraphBlock> Paragraphs(Block block) => block switch
    {
        ParagraphBlock paragraph => new[] { paragraph },
        ContainerBlock container => container.SelectMany(Paragraphs),
        _ => Array.Empty<ParagraphBlock>(),
    };

    /// <summary>
    /// Plain text of a paragraph: emphasis marks go, `code` keeps its backticks (help text is read in a
    /// console, where they are the only sign of a literal), soft line breaks become spaces.
    /// </summary>
    private static string InlineText(ContainerInline? container)
    {
        var text = new StringBuilder();
        AppendInlines(container, text);
        return string.Join("\n", text.ToString().Split('\n').Select(line => Regex.Replace(line.Trim(), " {2,}", " ")));
    }

    private static void AppendInlines(ContainerInline? container, StringBuilder text)
    {
        if (container is null)
        {
            return;
        }

        foreach (Inline inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append('`').Append(code.Content).Append('`');
                    break;
                case LineBreakInline lineBreak:
                    text.Append(lineBreak.IsHard ? '\n' : ' ');
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.ToString());
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    break;
                case HtmlInline html:
                    // Keeps a stray <Version> or <br> visible rather than silently dropping it.
                    text.Append(html.Tag);
                    break;
                case LinkInline link:
                    int start = text.Length;
                    AppendInlines(link, text);
                    string url = link.Url ?? "";
                    if (!link.IsImage && IsWebAddress(url) && text.ToString(start, text.Length - start) != url)
                    {
                        text.Append(" (").Append(url).Append(')');
                    }

                    break;
                case ContainerInline other:
                    AppendInlines(other, text);
                    break;
            }
        }
    }

    private static string CodeText(CodeBlock code) =>
        string.Join("\n", code.Lines.Lines.Take(code.Lines.Count).Select(line => line.Slice.ToString().TrimEnd())).TrimEnd();

    private static bool IsWebAddress(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    // ---- Small YAML subset -------------------------------------------------------------------

    /// <summary>
    /// PlatyPS front matter and parameter blocks are flat "Key: value" lines; a YAML library would
    /// be one more dependency for no gain.
    /// </summary>
    private Dictionary<string, string> ReadFrontMatter()
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        YamlFrontMatterBlock? block = _document.OfType<YamlFrontMatterBlock>().FirstOrDefault();
        if (block is null)
        {
            return values;
        }

        foreach (string line in CodeText(block).Split('\n'))
        {
            if (SplitKeyValue(line.Trim()) is (string key, string value))
            {
                values[key] = value;
            }
        }

        return values;
    }

    private static (string Key, string Value)? SplitKeyValue(string line)
    {
        int colon = line.IndexOf(':');
        if (colon <= 0)
        {
            return null;
        }

        string value = line.Substring(colon + 1).Trim();
        if (value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[^1] == value[0])
        {
            value = value.Substring(1, value.Length - 2);
        }

        return (line.Substring(0, colon).Trim(), value);
    }

    private static string[] SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private HelpFormatException Error(string section, string problem) => new(_file, section, problem);
}
