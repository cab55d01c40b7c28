using System;

namespace MapiProfileTools.Core.Processes
{
    /// <summary>
    /// A process as the cheap listing sees it: enough to filter by -Id and -Name before scanning. The name
    /// may be read lazily, because a full scan does not need it for processes that match nothing.
    /// </summary>
    public sealed class ProcessEntry
    {
        private readonly Lazy<string> _name;

        public ProcessEntry(int id, string name)
            : this(id, () => name)
        {
        }

        public ProcessEntry(int id, Func<string> readName)
        {
            Id = id;
            _name = new Lazy<string>(readName);
        }

        public int Id { get; }

        /// <summary>The process name as Get-Process shows it (no path, no .exe); empty when it could not be read.</summary>
        public string Name => _name.Value;
    }
}
