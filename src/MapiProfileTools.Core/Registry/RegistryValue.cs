namespace MapiProfileTools.Core.Registry
{
    /// <summary>
    /// One registry value as raw bytes and type. MAPI keeps its properties as REG_BINARY whatever the
    /// MAPI type is, so decoding belongs to the profile decoder, not here; the live registry and an
    /// offline hive both hand over exactly this.
    /// </summary>
    public sealed class RegistryValue
    {
        public RegistryValue(string name, RegistryValueType type, byte[] data)
        {
            Name = name;
            Type = type;
            Data = data;
        }

        /// <summary>The value name; empty for the key's default value.</summary>
        public string Name { get; }

        /// <summary>The stored type; may be a number outside the enum's names (kept as stored).</summary>
        public RegistryValueType Type { get; }

        public byte[] Data { get; }
    }
}
