using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace MapiProfileTools.WindowsHost
{
    /// <summary>
    /// Runs one script file in a fresh runspace and prints every stream to stdout as it arrives, so the
    /// build sees the Pester run live through Wine's pipe. There is no PSHost: Write-Host (all of Pester's
    /// output) arrives on the Information stream.
    /// </summary>
    internal static class ScriptRunner
    {
        private static readonly object ConsoleLock = new object();

        public static int Run(string scriptPath, IReadOnlyDictionary<string, object> parameters)
        {
            TryUseUtf8Output();
            // Specs that install a test service point it at this same exe (see TestService).
            Environment.SetEnvironmentVariable("MAPI_WINDOWS_HOST", Environment.ProcessPath);

            // CreateDefault, not CreateDefault2: in a published host the latter leaves out the
            // Microsoft.PowerShell.Management snap-in commands (Get-Process, Get-Service, ...).
            InitialSessionState state = InitialSessionState.CreateDefault();
            // The scripts are the checkout's own files, reached through Wine's Z: drive.
            state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;

            using Runspace runspace = RunspaceFactory.CreateRunspace(state);
            runspace.Open();
            using PowerShell shell = PowerShell.Create(runspace);

            shell.AddScript("$PSStyle.OutputRendering = 'PlainText'").Invoke();
            shell.Commands.Clear();
            AttachStreams(shell.Streams);

            shell.AddCommand(scriptPath);
            foreach (KeyValuePair<string, object> parameter in parameters)
            {
                shell.AddParameter(parameter.Key, parameter.Value);
            }
            shell.AddCommand("Out-String").AddParameter("Stream").AddParameter("Width", 160);

            var output = new PSDataCollection<PSObject>();
            output.DataAdded += (sender, e) => WriteLine(output[e.Index]?.ToString());
            try
            {
                shell.Invoke<PSObject>(null, output);
            }
            catch (RuntimeException e)
            {
                WriteError("Script failed", e.ErrorRecord);
                return 1;
            }

            if (shell.InvocationStateInfo.State == PSInvocationState.Failed)
            {
                WriteLine($"Script failed: {shell.InvocationStateInfo.Reason?.Message}");
                return 1;
            }
            return 0;
        }

        private static void AttachStreams(PSDataStreams streams)
        {
            streams.Information.DataAdded += (sender, e) => WriteInformation(streams.Information[e.Index]);
            streams.Error.DataAdded += (sender, e) => WriteError("ERROR", streams.Error[e.Index]);
            streams.Warning.DataAdded += (sender, e) => WriteLine("WARNING: " + streams.Warning[e.Index].Message);
            streams.Verbose.DataAdded += (sender, e) => WriteLine("VERBOSE: " + streams.Verbose[e.Index].Message);
            streams.Debug.DataAdded += (sender, e) => WriteLine("DEBUG: " + streams.Debug[e.Index].Message);
            // Progress is left out: it is a display of work in progress, not a record of it.
        }

        private static void WriteInformation(InformationRecord record)
        {
            // Write-Host -NoNewline (Pester builds its lines from several pieces) keeps the line open.
            if (record.MessageData is HostInformationMessage message)
            {
                lock (ConsoleLock)
                {
                    if (message.NoNewLine == true)
                    {
                        Console.Out.Write(message.Message);
                    }
                    else
                    {
                        Console.Out.WriteLine(message.Message);
                    }
                }
                return;
            }
            WriteLine(record.MessageData?.ToString());
        }

        private static void WriteError(string label, ErrorRecord record)
        {
            var text = new StringBuilder();
            text.Append(label).Append(": ").Append(record).Append(" (").Append(record.FullyQualifiedErrorId).Append(')');
            string? position = record.InvocationInfo?.PositionMessage;
            if (!string.IsNullOrEmpty(position))
            {
                text.AppendLine().Append(position);
            }
            if (!string.IsNullOrEmpty(record.ScriptStackTrace))
            {
                text.AppendLine().Append(record.ScriptStackTrace);
            }
            WriteLine(text.ToString());
        }

        private static void WriteLine(string? line)
        {
            lock (ConsoleLock)
            {
                Console.Out.WriteLine(line);
            }
        }

        private static void TryUseUtf8Output()
        {
            try
            {
                Console.OutputEncoding = new UTF8Encoding(false);
            }
            catch (System.IO.IOException)
            {
                // No console to set a code page on: the default encoding will do.
            }
        }
    }
}
