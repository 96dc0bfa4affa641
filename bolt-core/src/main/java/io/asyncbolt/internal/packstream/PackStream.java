package io.asyncbolt.internal.packstream;

/** PackStream marker bytes; the tags of Bolt's value structures are in {@link StructTag}. */
public final class PackStream {

    private PackStream() {
    }

    public static final int TINY_STRING = 0x80;
    public static final int TINY_LIST = 0x90;
    public static final int TINY_MAP = 0xA0;
    public static final int TINY_STRUCT = 0xB0;
    public static final int NULL = 0xC0;
    public static final int FLOAT_64 = 0xC1;
    public static final int FALSE = 0xC2;
    public static final int TRUE = 0xC3;
    public static final int INT_8 = 0xC8;
    public static final int INT_16 = 0xC9;
    public static final int INT_32 = 0xCA;
    public static final int INT_64 = 0xCB;
    public static final int BYTES_8 = 0xCC;
    public static final int BYTES_16 = 0xCD;
    public static final int BYTES_32 = 0xCE;
    public static final int STRING_8 = 0xD0;
    public static final int STRING_16 = 0xD1;
    public static final int STRING_32 = 0xD2;
    public static final int LIST_8 = 0xD4;
    public static final int LIST_16 = 0xD5;
    public static final int LIST_32 = 0xD6;
    public static final int MAP_8 = 0xD8;
    public static final int MAP_16 = 0xD9;
    public static final int MAP_32 = 0xDA;
    /** Legacy struct header with a u8 field count. */
    public static final int STRUCT_8 = 0xDC;
    /** Legacy struct header with a u16 field count. */
    public static final int STRUCT_16 = 0xDD;
    /** Bolt 6.1+: UUID, 16 bytes follow. */
    public static final int UUID = 0xE0;

    /** The largest field count of a struct (tiny struct form). */
    public static final int MAX_STRUCT_FIELDS = 15;
}
