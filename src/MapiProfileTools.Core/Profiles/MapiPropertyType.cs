namespace MapiProfileTools.Core.Profiles
{
    /// <summary>MAPI property types (mapidefs.h PT_*) that profiles hold; the multi-valued flag is 0x1000.</summary>
    public enum MapiPropertyType : ushort
    {
        Unspecified = 0x0000,
        Null = 0x0001,
        Short = 0x0002,
        Long = 0x0003,
        Boolean = 0x000B,
        LongLong = 0x0014,
        String8 = 0x001E,
        Unicode = 0x001F,
        SystemTime = 0x0040,
        ClassId = 0x0048,
        Binary = 0x0102,
        MultiLong = 0x1003,
        MultiString8 = 0x101E,
        MultiUnicode = 0x101F,
        MultiBinary = 0x1102,
    }
}
