using System;
using System.Collections.Generic;
using System.Linq;

namespace MapiProfileTools.HelpWriter;

// The parsed form of one docs/en-US file. The reader fills it from markdown, the writers read it;
// neither writer sees markdown, so the markdown rules live in one place.

internal enum TextBlockKind
{
    Paragraph,
    ListItem,
    Code,
    Heading,

    /// <summary>A pipe table, kept as its markdown lines: re-flowed as a paragraph it would be unreadable.</summary>
    Table,
}

/// <summary>
/// One block of help text with the markdown syntax already taken out. <see cref="Marker"/> is the
/// list bullet ("-" or "1.") of a list item; <see cref="Depth"/> is its nesting (0 = top level).
/// </summary>
internal sealed record TextBlock(TextBlockKind Kind, string Text, string Marker = "", int Depth = 0);

internal sealed record SyntaxSet(string Name, bool IsDefault, IReadOnlyList<string> ParameterNames);

internal sealed record ExampleHelp(string Title, string Code, IReadOnlyList<TextBlock> Remarks);

/// <summary>One ```yaml block under a parameter: its attributes in the sets named by <see cref="ParameterSets"/>.</summary>
internal sealed record ParameterMetadata(
    string Type,
    IReadOnlyList<string> ParameterSets,
    IReadOnlyList<string> Aliases,
    bool Required,
    string Position,
    string DefaultValue,
    string PipelineInput,
    bool Globbing,
    IReadOnlyList<string> AcceptedValues)
{
    public const string AllSets = "(All)";

    public bool IsSwitch => Type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase);

    public bool AppliesTo(string setName) =>
        ParameterSets.Any(s => s.Equals(AllSets, StringComparison.OrdinalIgnoreCase)
                               || s.Equals(setName, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// A parameter with its description and one metadata block per distinct set of attributes
/// (PlatyPS writes a second yaml block when a parameter is, say, mandatory in one set only).
/// </summary>
internal sealed record ParameterHelp(string Name, IReadOnlyList<TextBlock> Description, IReadOnlyList<ParameterMetadata> Metadata)
{
    public ParameterMetadata? MetadataFor(string setName) => Metadata.FirstOrDefault(m => m.AppliesTo(setName));
}

internal sealed record TypeHelp(string TypeName, IReadOnlyList<TextBlock> Description);

/// <summary>A related link; <see cref="Uri"/> is empty for a link to another help topic.</summary>
internal sealed record RelatedLink(string Text, string Uri);

internal sealed record CommandHelpDocument(
    string Name,
    string ExternalHelpFile,
    string OnlineVersion,
    IReadOnlyList<TextBlock> Synopsis,
    IReadOnlyList<SyntaxSet> Syntax,
    IReadOnlyList<TextBlock> Description,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<TextBlock> Notes,
    IReadOnlyList<RelatedLink> RelatedLinks)
{
    public string Verb => Name.Substring(0, Name.IndexOf('-'));

    public string Noun => Name.Substring(Name.IndexOf('-') + 1);
}

internal sealed record AboutSection(string Title, IReadOnlyList<TextBlock> Blocks);

/// <summary>An about_ topic: the two fixed sections first, then the topic's own sections in file order.</summary>
internal sealed record AboutTopicDocument(
    string Name,
    IReadOnlyList<TextBlock> ShortDescription,
    IReadOnlyList<TextBlock> LongDescription,
    IReadOnlyList<AboutSection> Sections);

/// <summary>A doc file that cannot be turned into help; the message names the file and the section.</summary>
internal sealed class HelpFormatException : Exception
{
    public HelpFormatException(string file, string section, string problem)
        : base($"{file}: {section}: {problem}")
    {
        File = file;
        Section = section;
    }

    public string File { get; }

    public string Section { get; }
}
