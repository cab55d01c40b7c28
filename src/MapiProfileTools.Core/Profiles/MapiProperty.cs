using System.Globalization;

namespace MapiProfileTools.Core.Profiles
{
    /// <summary>
    /// One property of a profile section: its tag as the registry names it (type first, "001e6602"), the
    /// MAPI type, the well-known name when there is one, the decoded value, and the bytes as stored.
    /// </summary>
    public sealed class MapiProperty
    {
        public MapiProperty(ushort id, ushort type, object? value, byte[] raw)
        {
            Id = id;
            Type = type;
            Value = value;
            Raw = raw;
        }

        public ushort Id { get; }

        public ushort Type { get; }

        /// <summary>The property tag in MAPI's order (id, then type): 0x6602001E.</summary>
        public uint Tag => ((uint)Id << 16) | Type;

        /// <summary>The registry value name: type first, lower-case hex ("001e6602").</summary>
        public string ValueName => Type.ToString("x4", CultureInfo.InvariantCulture) + Id.ToString("x4", CultureInfo.InvariantCulture);

        /// <summary>PT_STRING8, PT_UNICODE, … or the hex type when MAPI defines no name for it.</summary>
        public string TypeName => MapiPropertyNames.TypeName(Type);

        /// <summary>PR_PROFILE_HOME_SERVER and the like, or null for a property without a well-known name.</summary>
        public string? Name => MapiPropertyNames.PropertyName(Id);

        /// <summary>string, int, long, bool, DateTime, Guid, byte[], or an array of those for multi-valued types.</summary>
        public object? Value { get; }

        public byte[] Raw { get; }

        public override string ToString() => $"{Name ?? "0x" + Tag.ToString("X8", CultureInfo.InvariantCulture)} = {MapiValueDecoder.Display(Value)}";
    }
}
