// The export rule for output types (this folder). Admins send results to Export-Csv and ConvertTo-Json,
// from this session and through Invoke-Command, and both must read as a person would write them:
// - a list property is a ReadableList<T> (never T[]): PowerShell still enumerates, indexes and binds its
//   typed items, and Export-Csv writes "a; b" instead of "System.Object[]" (Deserialized. form included;
//   bytes as hex, "1D 01");
// - a value that ConvertTo-Json would write as an object of its parts (System.Version: six numbers,
//   TimeSpan: fifteen) is stored as its invariant text ("6.0.6448.0"); keep the typed value internal for
//   the module's own comparisons, and give users a typed answer instead (IsAffected). Strings, numbers,
//   bools, enums-as-strings and DateTime are written as they are (DateTime stays typed for filtering,
//   though Windows PowerShell 5.1's ConvertTo-Json writes it as "\/Date(ms)\/").
// - the item type of a list has a ToString() that says what the item is in one line.
// tests/Pester/Export.Tests.ps1 checks every output type against this rule; add new types and properties there.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace MapiProfileTools
{
    /// <summary>
    /// A list property of an output object. PowerShell enumerates it, indexes it and binds its items like an
    /// array, but where an array would leave PowerShell as "System.Object[]" (Export-Csv) this one writes its
    /// items' text joined by "; " (bytes as hex pairs). The types file gives the Deserialized. form
    /// (Invoke-Command) the same text by this non-generic base type's name, so remote CSV reads the same.
    /// </summary>
    public abstract class ReadableList : IEnumerable
    {
        /// <summary>What joins the items' text.</summary>
        public const string Separator = "; ";

        public abstract int Count { get; }

        public abstract IEnumerator GetEnumerator();

        public override string ToString() => this is ReadableList<byte> bytes
            ? string.Join(" ", bytes.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)))
            : string.Join(Separator, this.Cast<object?>().Select(item => item?.ToString()));
    }

    /// <summary>
    /// The typed list: see <see cref="ReadableList"/>. It is a read-only IList because PowerShell's parameter
    /// binder takes an IList of strings for a string[] parameter without conversion: a process's ServiceName
    /// then binds to Stop-Service -Name by property name as an array did, before the binder would fall back
    /// to the whole object's text by value.
    /// </summary>
    public sealed class ReadableList<T> : ReadableList, IReadOnlyList<T>, IList
    {
        private readonly T[] _items;

        public ReadableList(IEnumerable<T>? items)
        {
            _items = items?.ToArray() ?? Array.Empty<T>();
        }

        public override int Count => _items.Length;

        bool IList.IsReadOnly => true;

        bool IList.IsFixedSize => true;

        bool ICollection.IsSynchronized => false;

        object ICollection.SyncRoot => _items;

        public T this[int index] => _items[index];

        object? IList.this[int index]
        {
            get => _items[index];
            set => throw new NotSupportedException("The list is read-only.");
        }

        public override IEnumerator GetEnumerator() => _items.GetEnumerator();

        IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

        bool IList.Contains(object? value) => ((IList)_items).Contains(value);

        int IList.IndexOf(object? value) => ((IList)_items).IndexOf(value);

        void ICollection.CopyTo(Array array, int index) => _items.CopyTo(array, index);

        int IList.Add(object? value) => throw new NotSupportedException("The list is read-only.");

        void IList.Clear() => throw new NotSupportedException("The list is read-only.");

        void IList.Insert(int index, object? value) => throw new NotSupportedException("The list is read-only.");

        void IList.Remove(object? value) => throw new NotSupportedException("The list is read-only.");

        void IList.RemoveAt(int index) => throw new NotSupportedException("The list is read-only.");
    }
}
