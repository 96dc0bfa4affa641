package io.asyncbolt.value;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense vector of one primitive element type (PackStream struct {@code V}, Bolt 6.0+). Immutable:
 * factories and array accessors copy.
 *
 * <p>Wire form: two byte-array fields, the element type marker (1 byte) and the big-endian elements.
 */
public final class Vector {

    /** Element types, with the PackStream marker that names them on the wire and their width in bytes. */
    public enum ElementType {
        INT8(0xC8, 1), INT16(0xC9, 2), INT32(0xCA, 4), INT64(0xCB, 8), FLOAT32(0xC6, 4), FLOAT64(0xC1, 8);

        private final byte marker;
        private final int width;

        ElementType(int marker, int width) {
            this.marker = (byte) marker;
            this.width = width;
        }

        /** The type byte on the wire. */
        public byte marker() {
            return marker;
        }

        /** Bytes per element. */
        public int width() {
            return width;
        }

        /** True for FLOAT32 and FLOAT64. */
        public boolean isFloatingPoint() {
            return this == FLOAT32 || this == FLOAT64;
        }

        /** The type for a wire marker, or {@code null} when the marker names no element type. */
        public static ElementType fromMarker(byte marker) {
            for (ElementType t : values()) {
                if (t.marker == marker) {
                    return t;
                }
            }
            return null;
        }
    }

    private final ElementType type;
    /** One of byte[], short[], int[], long[], float[], double[] matching {@link #type}; never exposed. */
    private final Object data;
    private final int size;

    private Vector(ElementType type, Object data, int size) {
        this.type = type;
        this.data = data;
        this.size = size;
    }

    public static Vector of(byte[] values) {
        return new Vector(ElementType.INT8, values.clone(), values.length);
    }

    public static Vector of(short[] values) {
        return new Vector(ElementType.INT16, values.clone(), values.length);
    }

    public static Vector of(int[] values) {
        return new Vector(ElementType.INT32, values.clone(), values.length);
    }

    public static Vector of(long[] values) {
        return new Vector(ElementType.INT64, values.clone(), values.length);
    }

    public static Vector of(float[] values) {
        return new Vector(ElementType.FLOAT32, values.clone(), values.length);
    }

    public static Vector of(double[] values) {
        return new Vector(ElementType.FLOAT64, values.clone(), values.length);
    }

    /**
     * Decodes the wire data: concatenated big-endian elements of {@code type}.
     *
     * @throws IllegalArgumentException when the length is not a multiple of the element width
     */
    public static Vector fromBigEndian(ElementType type, byte[] bytes) {
        Objects.requireNonNull(type, "type");
        if (bytes.length % type.width() != 0) {
            throw new IllegalArgumentException("vector data of " + bytes.length
                    + " bytes is not a multiple of the " + type + " width " + type.width());
        }
        int n = bytes.length / type.width();
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        Object data = switch (type) {
            case INT8 -> bytes.clone();
            case INT16 -> { short[] a = new short[n]; bb.asShortBuffer().get(a); yield a; }
            case INT32 -> { int[] a = new int[n]; bb.asIntBuffer().get(a); yield a; }
            case INT64 -> { long[] a = new long[n]; bb.asLongBuffer().get(a); yield a; }
            case FLOAT32 -> { float[] a = new float[n]; bb.asFloatBuffer().get(a); yield a; }
            case FLOAT64 -> { double[] a = new double[n]; bb.asDoubleBuffer().get(a); yield a; }
        };
        return new Vector(type, data, n);
    }

    /** The wire data: concatenated big-endian elements. */
    public byte[] toBigEndian() {
        ByteBuffer bb = ByteBuffer.allocate(size * type.width());
        switch (type) {
            case INT8 -> bb.put((byte[]) data);
            case INT16 -> bb.asShortBuffer().put((short[]) data);
            case INT32 -> bb.asIntBuffer().put((int[]) data);
            case INT64 -> bb.asLongBuffer().put((long[]) data);
            case FLOAT32 -> bb.asFloatBuffer().put((float[]) data);
            case FLOAT64 -> bb.asDoubleBuffer().put((double[]) data);
        }
        return bb.array();
    }

    public ElementType elementType() {
        return type;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Element {@code i} of an integer vector, widened to long. */
    public long longAt(int i) {
        return switch (type) {
            case INT8 -> ((byte[]) data)[i];
            case INT16 -> ((short[]) data)[i];
            case INT32 -> ((int[]) data)[i];
            case INT64 -> ((long[]) data)[i];
            default -> throw new IllegalStateException("not an integer vector: " + type);
        };
    }

    /** Element {@code i} of a FLOAT32 vector. */
    public float floatAt(int i) {
        return ((float[]) checkType(ElementType.FLOAT32))[i];
    }

    /** Element {@code i} as a double (exact for every type except large INT64 values). */
    public double doubleAt(int i) {
        return switch (type) {
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
            default -> longAt(i);
        };
    }

    public byte[] toByteArray() {
        return ((byte[]) checkType(ElementType.INT8)).clone();
    }

    public short[] toShortArray() {
        return ((short[]) checkType(ElementType.INT16)).clone();
    }

    public int[] toIntArray() {
        return ((int[]) checkType(ElementType.INT32)).clone();
    }

    public long[] toLongArray() {
        return ((long[]) checkType(ElementType.INT64)).clone();
    }

    public float[] toFloatArray() {
        return ((float[]) checkType(ElementType.FLOAT32)).clone();
    }

    public double[] toDoubleArray() {
        return ((double[]) checkType(ElementType.FLOAT64)).clone();
    }

    private Object checkType(ElementType expected) {
        if (type != expected) {
            throw new IllegalStateException("vector holds " + type + ", not " + expected);
        }
        return data;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Vector v) || v.type != type) {
            return false;
        }
        return switch (type) {
            case INT8 -> Arrays.equals((byte[]) data, (byte[]) v.data);
            case INT16 -> Arrays.equals((short[]) data, (short[]) v.data);
            case INT32 -> Arrays.equals((int[]) data, (int[]) v.data);
            case INT64 -> Arrays.equals((long[]) data, (long[]) v.data);
            case FLOAT32 -> Arrays.equals((float[]) data, (float[]) v.data);
            case FLOAT64 -> Arrays.equals((double[]) data, (double[]) v.data);
        };
    }

    @Override
    public int hashCode() {
        int h = switch (type) {
            case INT8 -> Arrays.hashCode((byte[]) data);
            case INT16 -> Arrays.hashCode((short[]) data);
            case INT32 -> Arrays.hashCode((int[]) data);
            case INT64 -> Arrays.hashCode((long[]) data);
            case FLOAT32 -> Arrays.hashCode((float[]) data);
            case FLOAT64 -> Arrays.hashCode((double[]) data);
        };
        return 31 * type.hashCode() + h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Vector[").append(type).append(" x ").append(size).append(": ");
        int shown = Math.min(size, 16);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (type.isFloatingPoint()) {
                sb.append(type == ElementType.FLOAT32 ? Float.toString(((float[]) data)[i])
                        : Double.toString(((double[]) data)[i]));
            } else {
                sb.append(longAt(i));
            }
        }
        if (shown < size) {
            sb.append(", ...");
        }
        return sb.append(']').toString();
    }
}
