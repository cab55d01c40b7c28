using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace MapiProfileTools.HelpWriter;

/// <summary>
/// Build-time converter from PlatyPS-format markdown (docs/en-US) to the module's external help:
/// &lt;out&gt;/MapiProfileTools.dll-Help.xml (MAML) and &lt;out&gt;/about_*.help.txt.
/// Exit codes: 0 written, 1 a doc file is wrong (nothing is written), 2 bad command line.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: HelpWriter --docs <folder of PlatyPS markdown> --out <folder for the help files>";

    public static int Main(string[] args)
    {
        if (!TryReadArguments(args, out string docs, out string output, out string problem))
        {
            Console.Error.WriteLine($"HelpWriter: {problem}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (!Directory.Exists(docs))
        {
            Console.Error.WriteLine($"HelpWriter: docs folder '{docs}' does not exist");
            return 2;
        }

        string[] files = Directory.GetFiles(docs, "*.md").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            Console.Error.WriteLine($"HelpWriter: error: {docs}: no .md files");
            return 1;
        }

        var commands = new List<CommandHelpDocument>();
        var aboutTopics = new List<AboutTopicDocument>();
        var errors = new List<string>();
        foreach (string file in files)
        {
            try
            {
                if (MarkdownHelpReader.IsAboutTopic(file))
                {
                    aboutTopics.Add(MarkdownHelpReader.ReadAboutTopic(file));
                }
                else
                {
                    commands.Add(MarkdownHelpReader.ReadCommand(file));
                }
            }
            catch (HelpFormatException e)
            {
                errors.Add(e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{file}: cannot read: {e.Message}");
            }
        }

        // Every file is checked before anything is written, so one run reports every broken doc
        // and a failed build never leaves half-updated help behind.
        if (errors.Count > 0)
        {
            foreach (string error in errors)
            {
                Console.Error.WriteLine($"HelpWriter: error: {error}");
            }

            return 1;
        }

        Directory.CreateDirectory(output);
        foreach (IGrouping<string, CommandHelpDocument> helpFile in commands.GroupBy(c => c.ExternalHelpFile, StringComparer.OrdinalIgnoreCase))
        {
            string path = Path.Combine(output, helpFile.Key);
            MamlWriter.Write(helpFile.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase), path);
            Console.WriteLine($"HelpWriter: wrote {path} ({helpFile.Count()} command(s))");
        }

        foreach (AboutTopicDocument topic in aboutTopics)
        {
            string path = Path.Combine(output, topic.Name + ".help.txt");

            // A byte order mark, so Windows PowerShell 5.1 does not read the file in the ANSI code page.
            File.WriteAllText(path, AboutTopicWriter.Render(topic), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            Console.WriteLine($"HelpWriter: wrote {path}");
        }

        return 0;
    }

    private static bool TryReadArguments(string[] args, out string docs, out string output, out string problem)
    {
        docs = "";
        output = "";
        problem = "";
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "--help" or "-h" or "-?")
            {
                problem = "help requested";
                return false;
            }

            if (i + 1 >= args.Length || name is not ("--docs" or "--out"))
            {
                problem = name is "--docs" or "--out" ? $"{name} needs a folder" : $"unknown argument '{name}'";
                return false;
            }

            if (name == "--docs")
            {
                docs = args[++i];
            }
            else
            {
                output = args[++i];
            }
        }

        if (docs.Length == 0 || output.Length == 0)
        {
            problem = "both --docs and --out are required";
            return false;
        }

        return true;
    }
}
