using System.Collections.Generic;

namespace MapiProfileTools.Core.Profiles
{
    /// <summary>One section of a profile: a subkey named by a 32-hex-digit MAPIUID, holding properties.</summary>
    public sealed class ProfileSection
    {
        public ProfileSection(string uid, IReadOnlyList<MapiProperty> properties)
        {
            Uid = uid;
            Properties = properties;
        }

        public string Uid { get; }

        /// <summary>The well-known role of the section ("Exchange global section"), or null.</summary>
        public string? Name => MapiPropertyNames.SectionName(Uid);

        public IReadOnlyList<MapiProperty> Properties { get; }

        public MapiProperty? Find(ushort id)
        {
            foreach (MapiProperty property in Properties)
            {
                if (property.Id == id)
                {
                    return property;
                }
            }

            return null;
        }

        /// <summary>A string property in either width (PT_STRING8 or PT_UNICODE), or null.</summary>
        public string? FindString(ushort id) => Find(id)?.Value as string;

        public override string ToString() => Name == null ? Uid : $"{Uid} ({Name})";
    }
}
