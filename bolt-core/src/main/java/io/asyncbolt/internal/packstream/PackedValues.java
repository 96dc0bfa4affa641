package io.asyncbolt.internal.packstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The values of a RECORD kept as the PackStream bytes they came in (the list header included), checked
 * when read (see {@link Unpacker#unpackPackedRecordValues}): written on unchanged to a peer whose value
 * format carries them ({@link #carriedBy}), decoded only when an element is first asked for. Immutable;
 * safe to read from any thread.
 */
public final class PackedValues extends AbstractList<Object> implements RandomAccess {

    private final byte[] bytes;
    private final int size;
    private final ValueFormat format;
    private final int maxDepth;
    private volatile List<Object> decoded;

    PackedValues(byte[] bytes, int size, ValueFormat format, int maxDepth) {
        this.bytes = bytes;
        this.size = size;
        this.format = format;
        this.maxDepth = maxDepth;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Object get(int index) {
        return values().get(index);
    }

    /**
     * Whether these bytes mean the same to a peer that reads {@code target}: the same date-time and
     * element-id forms, and no structure or marker that {@code target} lacks could be among them.
     */
    public boolean carriedBy(ValueFormat target) {
        return format.elementIds() == target.elementIds()
                && format.utcDateTime() == target.utcDateTime()
                && (!format.vectors() || target.vectors())
                && (!format.uuid() || target.uuid());
    }

    /** Writes the values' bytes, list header first, as they came. */
    public void writeTo(ByteBuf out) {
        out.writeBytes(bytes);
    }

    /** How many bytes {@link #writeTo} writes. */
    public int packedSize() {
        return bytes.length;
    }

    private List<Object> values() {
        List<Object> values = decoded;
        if (values == null) {
            Unpacker unpacker = new Unpacker(format, maxDepth);
            values = unpacker.unpackRecordValues(Unpooled.wrappedBuffer(bytes));
            String unreadable = unpacker.takeUnreadable();
            if (unreadable != null) {
                throw new PackStreamException(unreadable);
            }
            decoded = values;
        }
        return values;
    }
}
