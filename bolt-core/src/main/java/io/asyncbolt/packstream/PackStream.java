package io.asyncbolt.packstream;

/** PackStream marker bytes and the struct tags of the Bolt value structures. */
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

    public static final byte TAG_NODE = 'N';
    public static final byte TAG_RELATIONSHIP = 'R';
    public static final byte TAG_UNBOUND_RELATIONSHIP = 'r';
    public static final byte TAG_PATH = 'P';
    public static final byte TAG_DATE = 'D';
    public static final byte TAG_TIME = 'T';
    public static final byte TAG_LOCAL_TIME = 't';
    public static final byte TAG_DATE_TIME = 'I';
    public static final byte TAG_DATE_TIME_ZONE_ID = 'i';
    public static final byte TAG_LEGACY_DATE_TIME = 'F';
    public static final byte TAG_LEGACY_DATE_TIME_ZONE_ID = 'f';
    public static final byte TAG_LOCAL_DATE_TIME = 'd';
    public static final byte TAG_DURATION = 'E';
    public static final byte TAG_POINT_2D = 'X';
    public static final byte TAG_POINT_3D = 'Y';
    public static final byte TAG_VECTOR = 'V';
    public static final byte TAG_UNSUPPORTED_TYPE = '?';

    /** The largest field count of a struct (tiny struct form). */
    public static final int MAX_STRUCT_FIELDS = 15;
}
