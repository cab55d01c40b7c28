using System;
using System.Text;

namespace MapiProfileTools.Bench.HiveRead
{
    /// <summary>The keys the compact benchmark hives hold: MAPI profiles on the real path, a CLSID-like key with tens of thousands of subkeys, and filler.</summary>
    internal static class Corpus
    {
        public const string ProfilesPath = @"Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem\Profiles";
        public const string WideKeyPath = @"Software\Classes\CLSID";

        public static KeySpec Build(int wideKeys, int fillerGroups, int keysPerGroup)
        {
            var root = new KeySpec("CsiTool-CreateHive-{00000000-0000-0000-0000-000000000000}");
            AddProfiles(root.At(ProfilesPath));
            var random = new Random(817375);
            KeySpec clsid = root.At(WideKeyPath);
            var guid = new byte[16];
            for (int i = 0; i < wideKeys; i++)
            {
                random.NextBytes(guid);
                var key = new KeySpec(new Guid(guid).ToString("B").ToUpperInvariant());
                key.Values.Add((string.Empty, 1, Wide($"Fixture class {i}")));
                var server = new KeySpec("InprocServer32");
                server.Values.Add((string.Empty, 2, Wide($"%SystemRoot%\\system32\\fixture{i % 97}.dll")));
                server.Values.Add(("ThreadingModel", 1, Wide("Apartment")));
                key.SubKeys.Add(server);
                clsid.SubKeys.Add(key);
            }

            KeySpec filler = root.At(@"Software\Filler");
            for (int g = 0; g < fillerGroups; g++)
            {
                var group = new KeySpec($"Group {g:0000}");
                for (int k = 0; k < keysPerGroup; k++)
                {
                    var key = new KeySpec($"Key {k:00000}");
                    key.Values.Add(("Index", 4, BitConverter.GetBytes(k)));
                    group.SubKeys.Add(key);
                }

                filler.SubKeys.Add(group);
            }

            return root;
        }

        private static void AddProfiles(KeySpec profiles)
        {
            profiles.Values.Add(("DefaultProfile", 1, Wide("MS Exchange Settings")));
            string[] names = { "MS Exchange Settings", "Backup Agent", "Outlook", "Journal Archive", "SA Probe" };
            for (int p = 0; p < names.Length; p++)
            {
                KeySpec profile = profiles.At(names[p]);
                string server = $"EX0{p + 1}";
                KeySpec global = profile.At("13dbb0c8aa05101a9bb000aa002fc45a");
                global.Values.Add(("001e6602", 3, Ansi(server)));
                global.Values.Add(("001e6603", 3, Ansi($"/o=Contoso/ou=First Administrative Group/cn=Recipients/cn=User{p}")));
                global.Values.Add(("001e6612", 3, Ansi($"/o=Contoso/ou=First Administrative Group/cn=Configuration/cn=Servers/cn={server}")));
                global.Values.Add(("00036601", 3, BitConverter.GetBytes(4)));
                global.Values.Add(("0003660a", 3, BitConverter.GetBytes(1)));
                global.Values.Add(("001f3001", 3, Wide("Microsoft Exchange Server")));
                if (p == 1)
                {
                    // More than one big-data segment.
                    var blob = new byte[20000];
                    new Random(p).NextBytes(blob);
                    global.Values.Add(("01028001", 3, blob));
                }

                profile.At("9207f3e0a3b11019908b08002b2a56c2").Values.Add(("01023d0e", 3, new byte[32]));
                KeySpec service = profile.At("3a1b2c4d5e6f70819203a4b5c6d7e8f9");
                service.Values.Add(("001e3d09", 3, Ansi("MSEMS")));
                service.Values.Add(("001e3d0a", 3, Ansi("emsui.dll")));
                service.Values.Add(("001f3001", 3, Wide("Microsoft Exchange Server")));
                profile.At("dca740c8c042101ab4b908002b2fe182").Values.Add(("001f3001", 3, Wide("Microsoft Exchange Address Book")));
            }
        }

        private static byte[] Ansi(string text) => Encoding.ASCII.GetBytes(text + "\0");

        private static byte[] Wide(string text) => Encoding.Unicode.GetBytes(text + "\0");
    }
}
