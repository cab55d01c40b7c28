using System;
using System.Collections.Generic;
using MapiProfileTools.Core.Hives;
using MapiProfileTools.Core.Profiles;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Fuzz.Targets
{
    /// <summary>
    /// Reads an opened hive the way the cmdlets do, then more: every key and value (a damaged key is
    /// stepped over so the rest is still read, as the profile reader does per profile), each value decoded
    /// as a MAPI property of the type its name claims, and the profile reader of Get-MessagingProfile.
    /// </summary>
    internal static class HiveWalker
    {
        private const int LookupsPerKey = 8;

        public static void Walk(RegfHive hive)
        {
            // An explicit stack: the reader bounds nesting at 512 levels, the walk must not add recursion.
            var pending = new Stack<RegfKey>();
            pending.Push(hive.Root);
            while (pending.Count > 0)
            {
                RegfKey key = pending.Pop();
                GC.KeepAlive(key.Path);
                GC.KeepAlive(key.LastWriteTimeUtc);
                try
                {
                    foreach (RegistryValue value in key.GetValues())
                    {
                        Decode(value);
                    }
                }
                catch (RegfFormatException)
                {
                    // The value list is damaged: the keys below can still be read.
                }

                try
                {
                    int looked = 0;
                    foreach (RegfKey child in key.GetSubKeys())
                    {
                        pending.Push(child);

                        // Looked up by name too, as Get-MessagingProfile -Name and every path lookup do: the hash
                        // and name-hint filters. A few per key: each lookup may pass the whole list again.
                        if (looked++ < LookupsPerKey)
                        {
                            GC.KeepAlive(key.OpenSubKey(child.Name));
                        }
                    }
                }
                catch (RegfFormatException)
                {
                }
            }

            // Get-MessagingProfile's own path through the hive: lookups by name, then the decoder.
            foreach (ProfileStore store in MessagingProfileReader.Read(hive.Root, includeOutlook: true, _ => true, ex => ex is RegfFormatException))
            {
                foreach (MessagingProfileData profile in store.Profiles)
                {
                    GC.KeepAlive(profile.Name + profile.ExchangeServer + profile.Mailbox);
                    foreach (MessageService service in profile.Services)
                    {
                        GC.KeepAlive(service.Name + service.DisplayName);
                    }

                    foreach (ProfileSection section in profile.Sections)
                    {
                        foreach (MapiProperty property in section.Properties)
                        {
                            GC.KeepAlive(property.ToString());
                        }
                    }
                }
            }

            GC.KeepAlive(hive.Warnings.Count);
        }

        private static void Decode(RegistryValue value)
        {
            // Profile sections name values by MAPI tag; any other value is decoded as binary and as text.
            if (!MapiValueDecoder.TryParseValueName(value.Name, out _, out ushort type))
            {
                type = (ushort)(value.Data.Length % 2 == 0 ? MapiPropertyType.MultiUnicode : MapiPropertyType.MultiString8);
            }

            GC.KeepAlive(MapiValueDecoder.Display(MapiValueDecoder.Decode(type, value)));
        }
    }
}
