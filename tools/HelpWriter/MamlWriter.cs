using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace MapiProfileTools.HelpWriter;

/// <summary>
/// Writes commands as a MAML help file (helpItems schema="maml"), the layout Get-Help reads from a
/// module's &lt;culture&gt;/&lt;Assembly&gt;.dll-Help.xml.
/// </summary>
internal static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

    public static void Write(IEnumerable<CommandHelpDocument> commands, string path)
    {
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        using XmlWriter writer = XmlWriter.Create(path, settings);
        Build(commands).Save(writer);
    }

    public static XDocument Build(IEnumerable<CommandHelpDocument> commands) =>
        new(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(
                Msh + "helpItems",
                new XAttribute("schema", "maml"),
                commands.Select(CommandElement)));

    private static XElement CommandElement(CommandHelpDocument help)
    {
        var command = new XElement(
            Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp),
            new XElement(
                Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", help.Verb),
                new XElement(Command + "noun", help.Noun),
                Description(help.Synopsis)),
            Description(help.Description),
            new XElement(Command + "syntax", help.Syntax.Select(set => SyntaxItem(help, set))),
            new XElement(
                Command + "parameters",
                help.Parameters.Select(p => Parameter(p, p.Metadata[0], inSyntax: false))),
            new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeElement("inputType", t))),
            new XElement(Command + "returnValues", help.Outputs.Select(t => TypeElement("returnValue", t))));

        if (help.Notes.Count > 0)
        {
            command.Add(new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(help.Notes))));
        }

        command.Add(
            new XElement(Command + "examples", help.Examples.Select(Example)),
            new XElement(
                Command + "relatedLinks",
                help.RelatedLinks.Select(link => new XElement(
                    Maml + "navigationLink",
                    new XElement(Maml + "linkText", link.Text),
                    new XElement(Maml + "uri", link.Uri)))));
        return command;
    }

    private static XElement SyntaxItem(CommandHelpDocument help, SyntaxSet set) =>
        new(
            Command + "syntaxItem",
            new XElement(Maml + "name", help.Name),
            set.ParameterNames.Select(name =>
            {
                // The reader has checked that every name is documented and belongs to this set.
                ParameterHelp parameter = help.Parameters.First(p => p.Name.Equals(name, System.StringComparison.OrdinalIgnoreCase));
                return Parameter(parameter, parameter.MetadataFor(set.Name)!, inSyntax: true);
            }));

    private static XElement Parameter(ParameterHelp parameter, ParameterMetadata metadata, bool inSyntax)
    {
        var element = new XElement(
            Command + "parameter",
            new XAttribute("required", Bool(metadata.Required)),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", Bool(metadata.Globbing)),
            new XAttribute("pipelineInput", metadata.PipelineInput),
            new XAttribute("position", metadata.Position.Equals("Named", System.StringComparison.OrdinalIgnoreCase) ? "named" : metadata.Position),
            new XAttribute("aliases", metadata.Aliases.Count == 0 ? "none" : string.Join(", ", metadata.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(parameter.Description));

        if (metadata.AcceptedValues.Count > 0)
        {
            element.Add(new XElement(
                Command + "parameterValueGroup",
                metadata.AcceptedValues.Select(value => ParameterValue(value, required: false))));
        }

        // A switch takes no value: in a syntax line it is just [-Quiet].
        if (!(inSyntax && metadata.IsSwitch))
        {
            element.Add(ParameterValue(metadata.Type, required: !metadata.IsSwitch));
        }

        element.Add(
            new XElement(Dev + "type", new XElement(Maml + "name", metadata.Type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", metadata.DefaultValue));
        return element;
    }

    private static XElement ParameterValue(string value, bool required) =>
        new(
            Command + "parameterValue",
            new XAttribute("required", Bool(required)),
            new XAttribute("variableLength", "false"),
            value);

    private static XElement TypeElement(string elementName, TypeHelp type) =>
        new(
            Command + elementName,
            new XElement(Dev + "type", new XElement(Maml + "name", type.TypeName)),
            Description(type.Description));

    private static XElement Example(ExampleHelp example) =>
        new(
            Command + "example",
            new XElement(Maml + "title", $"---------- {example.Title} ----------"),
            new XElement(Dev + "code", example.Code),
            // The empty para leaves a blank line before the next example's title, as in PowerShell's own help.
            new XElement(Dev + "remarks", Paras(example.Remarks), new XElement(Maml + "para")));

    private static XElement Description(IEnumerable<TextBlock> blocks) => new(Maml + "description", Paras(blocks));

    /// <summary>
    /// One maml:para per block, except that the items of a list share one para, one item a line:
    /// Get-Help keeps line breaks inside a para but sets every para off with a blank line.
    /// </summary>
    private static IEnumerable<XElement> Paras(IEnumerable<TextBlock> blocks)
    {
        var paras = new List<XElement>();
        TextBlock? previous = null;
        foreach (TextBlock block in blocks)
        {
            string text = block.Kind switch
            {
                TextBlockKind.ListItem => new string(' ', 2 * block.Depth) + (block.Marker.Length > 0 ? block.Marker + " " : "  ") + block.Text,
                TextBlockKind.Code => string.Join("\n", block.Text.Split('\n').Select(line => line.Length > 0 ? "    " + line : line)),
                _ => block.Text,
            };

            if (block.Kind == TextBlockKind.ListItem && previous?.Kind == TextBlockKind.ListItem)
            {
                paras[^1].Value += "\n" + text;
            }
            else
            {
                paras.Add(new XElement(Maml + "para", text));
            }

            previous = block;
        }

        return paras;
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
