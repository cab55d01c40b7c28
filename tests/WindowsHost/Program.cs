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
  WindowsHost --service <name> [--hang-on-stop] [--load <dll>]...
      Runs as the Windows service <name> (only when started by the service control manager). With
      --hang-on-stop it answers a stop request with STOP_PENDING and never stops; --load loads a DLL
      (mapi32.dll) when the service starts, as a MAPI service does.
  WindowsHost --impersonate <self|anonymous> <marker-file> [--load <dll>]... [--seconds <n>]
      Loads the DLLs, then one thread impersonates (ImpersonateSelf, or ImpersonateAnonymousToken) and
      stays so; writes '<thread id> ok <mode>' or '<thread id> failed <mode> <error>' to the marker file,
      and lives <n> seconds (default 120).";

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
                var libraries = new List<string>();
                for (int i = 2; i < args.Length; i++)
                {
                    if (args[i] == "--load" && i + 1 < args.Length)
                    {
                        libraries.Add(args[++i]);
                        continue;
                    }
                    if (args[i] != "--hang-on-stop")
                    {
                        throw new UsageException($"Unknown service option '{args[i]}'.");
                    }
                    hangOnStop = true;
                }
                return new TestService(args[1], hangOnStop, libraries.ToArray()).Run();
            }

            if (args.Length >= 3 && args[0] == "--impersonate" && (args[1] == "self" || args[1] == "anonymous"))
            {
                var libraries = new List<string>();
                int seconds = 120;
                for (int i = 3; i < args.Length; i++)
                {
                    if (args[i] == "--load" && i + 1 < args.Length)
                    {
                        libraries.Add(args[++i]);
                    }
                    else if (args[i] == "--seconds" && i + 1 < args.Length && int.TryParse(args[i + 1], out seconds))
                    {
                        i++;
                    }
                    else
                    {
                        throw new UsageException($"Unknown impersonation option '{args[i]}'.");
                    }
                }
                return Impersonator.Run(args[1], Path.GetFullPath(args[2]), libraries.ToArray(), seconds);
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
