using System;
using System.Collections;
using System.Collections.Generic;

namespace MapiProfileTools.Core.PortableExecutable
{
    /// <summary>
    /// One StringFileInfo table, held as a single string of its keys and values back to back: one
    /// allocation instead of a dictionary and two strings per entry. A lookup is a short scan (tables hold
    /// about ten entries) and cuts out only the value asked for; enumerating builds the full dictionary
    /// once. Keys compare ignoring case, and a repeated key keeps its last value, as a dictionary filled
    /// in file order would.
    /// </summary>
    internal sealed class VersionStrings : IReadOnlyDictionary<string, string>
    {
        public static readonly VersionStrings Empty = new VersionStrings(string.Empty, new int[0]);

        private readonly string _text;
        // _ends[2i] is where key i ends in _text, _ends[2i + 1] where its value ends; key i starts where value i - 1 ended.
        private readonly int[] _ends;
        private Dictionary<string, string>? _all;

        public VersionStrings(string text, int[] ends)
        {
            _text = text;
            _ends = ends;
        }

        public int Count => All.Count;

        public IEnumerable<string> Keys => All.Keys;

        public IEnumerable<string> Values => All.Values;

        private Dictionary<string, string> All
        {
            get
            {
                if (_all == null)
                {
                    var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    for (int i = 0; i < _ends.Length / 2; i++)
                    {
                        all[_text.Substring(KeyStart(i), _ends[2 * i] - KeyStart(i))] = Value(i);
                    }

                    _all = all;
                }

                return _all;
            }
        }

        public string this[string key] => TryGetValue(key, out string? value) ? value! : throw new KeyNotFoundException($"The version resource has no string '{key}'.");

        public bool ContainsKey(string key) => Find(key) >= 0;

        public bool TryGetValue(string key, out string value)
        {
            int entry = Find(key);
            value = entry >= 0 ? Value(entry) : null!;
            return entry >= 0;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => All.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private int KeyStart(int entry) => entry == 0 ? 0 : _ends[(2 * entry) - 1];

        private string Value(int entry) => _text.Substring(_ends[2 * entry], _ends[(2 * entry) + 1] - _ends[2 * entry]);

        private int Find(string key)
        {
            if (key == null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            for (int i = (_ends.Length / 2) - 1; i >= 0; i--)
            {
                int start = KeyStart(i);
                int length = _ends[2 * i] - start;
                if (length == key.Length && string.Compare(_text, start, key, 0, length, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
