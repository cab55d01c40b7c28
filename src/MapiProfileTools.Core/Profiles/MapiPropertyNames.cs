using System.Collections.Generic;
using System.Globalization;

namespace MapiProfileTools.Core.Profiles
{
    /// <summary>
    /// Names of the MAPI property types and of the properties an admin meets in Exchange profiles
    /// (mapidefs.h, mapitags.h and the Exchange EdkMdb.h), and of the well-known profile sections.
    /// </summary>
    public static class MapiPropertyNames
    {
        public const string GlobalSectionUid = "13dbb0c8aa05101a9bb000aa002fc45a";
        public const string ServiceListSectionUid = "9207f3e0a3b11019908b08002b2a56c2";

        public const ushort ProfileConfigFlags = 0x6601;
        public const ushort ProfileHomeServer = 0x6602;
        public const ushort ProfileUser = 0x6603;
        public const ushort ProfileType = 0x660A;
        public const ushort ProfileMailbox = 0x660B;
        public const ushort ProfileServer = 0x660C;
        public const ushort ProfileHomeServerDn = 0x6612;
        public const ushort ProfileServerDn = 0x6614;
        public const ushort DisplayName = 0x3001;
        public const ushort ServiceName = 0x3D09;
        public const ushort ServiceDllName = 0x3D0A;
        public const ushort ServiceUid = 0x3D0C;
        public const ushort Services = 0x3D0E;
        public const ushort EmsmdbSectionUid = 0x3D15;

        private static readonly Dictionary<ushort, string> Properties = new Dictionary<ushort, string>
        {
            [0x0E34] = "PR_REPLICA_VERSION",
            [0x3001] = "PR_DISPLAY_NAME",
            [0x3006] = "PR_PROVIDER_DISPLAY",
            [0x3009] = "PR_RESOURCE_FLAGS",
            [0x300A] = "PR_PROVIDER_DLL_NAME",
            [0x3D00] = "PR_STORE_PROVIDERS",
            [0x3D01] = "PR_AB_PROVIDERS",
            [0x3D02] = "PR_TRANSPORT_PROVIDERS",
            [0x3D04] = "PR_DEFAULT_PROFILE",
            [0x3D09] = "PR_SERVICE_NAME",
            [0x3D0A] = "PR_SERVICE_DLL_NAME",
            [0x3D0B] = "PR_SERVICE_ENTRY_NAME",
            [0x3D0C] = "PR_SERVICE_UID",
            [0x3D0D] = "PR_SERVICE_EXTRA_UIDS",
            [0x3D0E] = "PR_SERVICES",
            [0x3D10] = "PR_SERVICE_SUPPORT_FILES",
            [0x3D11] = "PR_SERVICE_DELETE_FILES",
            [0x3D12] = "PR_AB_SEARCH_PATH",
            [0x3D13] = "PR_PROFILE_NAME",
            [0x3D15] = "PR_EMSMDB_SECTION_UID",
            [0x6600] = "PR_PROFILE_VERSION",
            [0x6601] = "PR_PROFILE_CONFIG_FLAGS",
            [0x6602] = "PR_PROFILE_HOME_SERVER",
            [0x6603] = "PR_PROFILE_USER",
            [0x6604] = "PR_PROFILE_CONNECT_FLAGS",
            [0x6605] = "PR_PROFILE_TRANSPORT_FLAGS",
            [0x6606] = "PR_PROFILE_UI_STATE",
            [0x6607] = "PR_PROFILE_UNRESOLVED_NAME",
            [0x6608] = "PR_PROFILE_UNRESOLVED_SERVER",
            [0x6609] = "PR_PROFILE_BINDING_ORDER",
            [0x660A] = "PR_PROFILE_TYPE",
            [0x660B] = "PR_PROFILE_MAILBOX",
            [0x660C] = "PR_PROFILE_SERVER",
            [0x660D] = "PR_PROFILE_MAX_RESTRICT",
            [0x660E] = "PR_PROFILE_AB_FILES_PATH",
            [0x6610] = "PR_PROFILE_OFFLINE_STORE_PATH",
            [0x6611] = "PR_PROFILE_OFFLINE_INFO",
            [0x6612] = "PR_PROFILE_HOME_SERVER_DN",
            [0x6613] = "PR_PROFILE_HOME_SERVER_ADDRS",
            [0x6614] = "PR_PROFILE_SERVER_DN",
            [0x6618] = "PR_PROFILE_OPEN_FLAGS",
            [0x6619] = "PR_PROFILE_TYPE_FLAGS",
        };

        private static readonly Dictionary<string, string> Sections = new Dictionary<string, string>
        {
            [GlobalSectionUid] = "Exchange global section",
            [ServiceListSectionUid] = "Message service list",
            ["8503020000000000c000000000000046"] = "Outlook profile settings",
            ["dca740c8c042101ab4b908002b2fe182"] = "Exchange address book",
            ["9375cff0413111d3b88a00104b2a6676"] = "Accounts (Outlook 2002 and later)",
        };

        public static string? PropertyName(ushort id) => Properties.TryGetValue(id, out string? name) ? name : null;

        public static string? SectionName(string uid) => Sections.TryGetValue(uid.ToLowerInvariant(), out string? name) ? name : null;

        public static string TypeName(ushort type)
        {
            switch ((MapiPropertyType)type)
            {
                case MapiPropertyType.Short: return "PT_SHORT";
                case MapiPropertyType.Long: return "PT_LONG";
                case MapiPropertyType.Boolean: return "PT_BOOLEAN";
                case MapiPropertyType.LongLong: return "PT_I8";
                case MapiPropertyType.String8: return "PT_STRING8";
                case MapiPropertyType.Unicode: return "PT_UNICODE";
                case MapiPropertyType.SystemTime: return "PT_SYSTIME";
                case MapiPropertyType.ClassId: return "PT_CLSID";
                case MapiPropertyType.Binary: return "PT_BINARY";
                case MapiPropertyType.MultiLong: return "PT_MV_LONG";
                case MapiPropertyType.MultiString8: return "PT_MV_STRING8";
                case MapiPropertyType.MultiUnicode: return "PT_MV_UNICODE";
                case MapiPropertyType.MultiBinary: return "PT_MV_BINARY";
                default: return "0x" + type.ToString("X4", CultureInfo.InvariantCulture);
            }
        }
    }
}
