using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MapiProfileTools.Core.Profiles;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Core.RegFiles
{
    /// <summary>
    /// Lays MAPI profiles out as one .reg file: every key from the hive's Software key down to each
    /// Profiles key (so the file also imports into a hive that lacks them; importing an existing key
    /// changes nothing), the store's DefaultProfile value when an exported profile is its default, then
    /// every key and value of each profile exactly as read.
    /// </summary>
    public static class ProfileRegFile
    {
        /// <summary>Why a profile cannot be exported byte for byte, or null when it can.</summary>
        public static string? Problem(MessagingProfileData profile)
        {
            if (profile.Keys == null)
            {
                return $"The profile '{profile.Name}' was not read from a registry key, so its keys and values are not known.";
            }

            foreach (var (path, key) in profile.Keys.Walk(profile.KeyPath))
            {
                string? problem = RegFileWriter.KeyNameProblem(path) ?? key.Values.Select(RegFileWriter.ValueProblem).FirstOrDefault(p => p != null);
                if (problem != null)
                {
                    return $"The profile '{profile.Name}' cannot be exported: {problem}";
                }
            }

            return null;
        }

        /// <param name="hiveRoot">Where the keys go when the file is imported: HKEY_USERS\.DEFAULT, HKEY_USERS\S-1-5-18, …</param>
        public static void Write(TextWriter output, string hiveRoot, IReadOnlyList<MessagingProfileData> profiles)
        {
            var writer = new RegFileWriter(output);
            writer.WriteHeader();

            // The parent keys, each once, in the order the profiles need them; a DefaultProfile value on the
            // key that holds it for a store (the Profiles key, or Outlook's key for Outlook 2013 and later).
            var parents = new List<string>();
            var defaults = new Dictionary<string, RegistryValue>(StringComparer.OrdinalIgnoreCase);
            foreach (MessagingProfileData profile in profiles)
            {
                string profilesKey = profile.KeyPath.Substring(0, profile.KeyPath.LastIndexOf('\\'));
                AddWithParents(parents, profilesKey);
                if (profile.DefaultProfileValue != null && profile.DefaultProfileKeyPath != null)
                {
                    AddWithParents(parents, profile.DefaultProfileKeyPath);
                    defaults[profile.DefaultProfileKeyPath] = profile.DefaultProfileValue;
                }
            }

            foreach (string key in parents)
            {
                writer.WriteKey(hiveRoot + "\\" + key, defaults.TryGetValue(key, out RegistryValue? value) ? new[] { value } : Array.Empty<RegistryValue>());
            }

            foreach (MessagingProfileData profile in profiles)
            {
                RegistryKeySnapshot keys = profile.Keys ?? throw new ArgumentException(Problem(profile), nameof(profiles));
                foreach (var (path, key) in keys.Walk(hiveRoot + "\\" + profile.KeyPath))
                {
                    writer.WriteKey(path, key.Values);
                }
            }
        }

        private static void AddWithParents(List<string> keys, string path)
        {
            string[] parts = path.Split('\\');
            for (int i = 1; i <= parts.Length; i++)
            {
                string key = string.Join("\\", parts, 0, i);
                if (!keys.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    keys.Add(key);
                }
            }
        }
    }
}
