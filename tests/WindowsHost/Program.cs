using System;
using System.Collections.Generic;
using System.IO;

namespace MapiProfileTools.WindowsHost
{
    /// <summary>
    /// Entry point: runs a PowerShell script in a runspace (the Windows test lane, under Wine), or runs
    /// as a Windows service (the service-control specs install this same exe with New-Service).
    /// </summary>
    internal static class Program
    {
        private const string Usage = @"Usage:
  WindowsHost --script <file.ps1> [--arg Name=Value]...
      Runs the script in a PowerShell 7 runspace with the named parameters (a repeated name makes a
      string array; a name without '=' is a switch). Every stream goes to stdout. Exit code 1 when
      the script throws.
  WindowsHost --service <name> [--hang-on-stop]
      Runs as the Windows service <name> (only when started by the service control manager). With
      --hang-on-stop it answers a stop request with STOP_PENDING and never stops.";

        private static int Main(string[] args)
        {
            try
            {
                return Dispatch(args);
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }

        private static int Dispatch(string[] args)
        {
            if (args.Length >= 2 && args[0] == "--script")
            {
                string script = Path.GetFullPath(args[1]);
                if (!File.Exists(script))
                {
                    throw new UsageException($"No script at '{script}'.");
                }
                return ScriptRunner.Run(script, ReadScriptArguments(args, 2));
            }

            if (args.Length >= 2 && args[0] == "--service")
            {
                bool hangOnStop = false;
                for (int i = 2; i < args.Length; i++)
                {
                    if (args[i] != "--hang-on-stop")
                    {
                        throw new UsageException($"Unknown service option '{args[i]}'.");
                    }
                    hangOnStop = true;
                }
                return new TestService(args[1], hangOnStop).Run();
            }

            throw new UsageException(args.Length == 0 ? "No mode given." : $"Unknown arguments: {string.Join(" ", args)}");
        }

        /// <summary>Reads "--arg Name=Value" pairs into parameter name -> value (string, string[] or true).</summary>
        private static Dictionary<string, object> ReadScriptArguments(string[] args, int start)
        {
            var parameters = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            for (int i = start; i < args.Length; i++)
            {
                if (args[i] == "--")
                {
                    continue;
                }
                if (args[i] != "--arg" || i + 1 >= args.Length)
                {
                    throw new UsageException($"Expected '--arg Name=Value' at '{args[i]}'.");
                }

                string pair = args[++i];
                int equals = pair.IndexOf('=');
                if (equals == 0)
                {
                    throw new UsageException($"'--arg {pair}' has no parameter name.");
                }
                if (equals < 0)
                {
                    parameters[pair] = true;
                    continue;
                }

                string name = pair.Substring(0, equals);
                string value = pair.Substring(equals + 1);
                parameters[name] = parameters.TryGetValue(name, out object? earlier)
                    ? Append(earlier, value)
                    : value;
            }
            return parameters;
        }

        private static string[] Append(object earlier, string value)
        {
            var values = new List<string>(earlier is string[] many ? many : new[] { earlier.ToString() ?? string.Empty });
            values.Add(value);
            return values.ToArray();
        }

        private sealed class UsageException : Exception
        {
            public UsageException(string message) : base(message)
            {
            }
        }
    }
}
