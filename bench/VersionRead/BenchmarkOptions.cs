using System;
using System.Collections.Generic;
using System.Globalization;

namespace MapiProfileTools.Bench.VersionRead
{
    /// <summary>Command-line settings. Defaults give the run described in README.md.</summary>
    internal sealed class BenchmarkOptions
    {
        public List<string> Folders { get; } = new List<string>();

        public string Pattern { get; private set; } = "*.dll";

        /// <summary>Cap on the input set after sorting; 0 means no cap.</summary>
        public int MaxFiles { get; private set; } = 2000;

        public int Repetitions { get; private set; } = 7;

        /// <summary>Pin the process to one CPU so "single-threaded" also means "one core".</summary>
        public bool PinToOneCpu { get; private set; } = true;

        public bool RunBaseline { get; private set; } = true;

        /// <summary>Where to write the JSON report; "-" is standard output; null for none.</summary>
        public string? JsonPath { get; private set; }

        public bool ShowHelp { get; private set; }

        public const string Usage =
@"VersionRead - version-read throughput of MapiProfileTools.Core

usage: dotnet run -c Release --project bench/VersionRead -- [options]

  --folder <path>     read *.dll under this folder (recursive) instead of the .NET
                      installation; repeatable
  --pattern <glob>    file name pattern for the input set (default *.dll)
  --max-files <n>     use the first n files in sorted order (default 2000; 0 = all)
  --reps <n>          timed repetitions per method (default 7)
  --no-pin            do not pin the process to a single CPU
  --no-baseline       skip the FileVersionInfo reference pass
  --json <file|->     also write the numbers as JSON to a file or '-' for stdout
  -h, --help          this text";

        public static BenchmarkOptions Parse(string[] args)
        {
            var options = new BenchmarkOptions();
            for (int i = 0; i < args.Length; i++)
            {
                string arg = args[i];
                switch (arg)
                {
                    case "--folder":
                        options.Folders.Add(Value(args, ref i));
                        break;
                    case "--pattern":
                        options.Pattern = Value(args, ref i);
                        break;
                    case "--max-files":
                        options.MaxFiles = Number(args, ref i, minimum: 0);
                        break;
                    case "--reps":
                        options.Repetitions = Number(args, ref i, minimum: 1);
                        break;
                    case "--no-pin":
                        options.PinToOneCpu = false;
                        break;
                    case "--no-baseline":
                        options.RunBaseline = false;
                        break;
                    case "--json":
                        options.JsonPath = Value(args, ref i);
                        break;
                    case "-h":
                    case "--help":
                        options.ShowHelp = true;
                        break;
                    default:
                        throw new ArgumentException($"unknown argument '{arg}'");
                }
            }

            return options;
        }

        private static string Value(string[] args, ref int i)
        {
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{args[i]} needs a value");
            }

            return args[++i];
        }

        private static int Number(string[] args, ref int i, int minimum)
        {
            string name = args[i];
            string text = Value(args, ref i);
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < minimum)
            {
                throw new ArgumentException($"{name} needs a whole number of at least {minimum}, not '{text}'");
            }

            return value;
        }
    }
}
