package io.asyncbolt.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VectorTest {

    @Test
    void factoriesAndAccessorsCopy() {
        float[] data = {1f, 2f};
        Vector v = Vector.of(data);
        data[0] = 9f;
        assertThat(v.toFloatArray()).containsExactly(1f, 2f);
        v.toFloatArray()[1] = 9f;
        assertThat(v.floatAt(1)).isEqualTo(2f);
        assertThat(v.size()).isEqualTo(2);
        assertThat(v.elementType()).isEqualTo(Vector.ElementType.FLOAT32);
        assertThatThrownBy(v::toIntArray).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void elementTypes() {
        assertThat(Vector.of(new byte[1]).elementType().marker()).isEqualTo((byte) 0xC8);
        assertThat(Vector.of(new short[1]).elementType().width()).isEqualTo(2);
        assertThat(Vector.of(new int[1]).elementType()).isEqualTo(Vector.ElementType.INT32);
        assertThat(Vector.of(new long[1]).elementType()).isEqualTo(Vector.ElementType.INT64);
        assertThat(Vector.of(new double[1]).elementType().marker()).isEqualTo((byte) 0xC1);
        assertThat(Vector.ElementType.fromMarker((byte) 0xC6)).isEqualTo(Vector.ElementType.FLOAT32);
        assertThat(Vector.ElementType.fromMarker((byte) 0xC0)).isNull();
    }

    @Test
    void bigEndianRoundTrip() {
        Vector v = Vector.of(new int[] {1, -2, Integer.MAX_VALUE});
        byte[] wire = v.toBigEndian();
        assertThat(wire).hasSize(12);
        assertThat(wire[3]).isEqualTo((byte) 1);
        assertThat(Vector.fromBigEndian(Vector.ElementType.INT32, wire)).isEqualTo(v);
        for (Vector.ElementType t : Vector.ElementType.values()) {
            Vector empty = Vector.fromBigEndian(t, new byte[0]);
            assertThat(empty.size()).isZero();
            assertThat(Vector.fromBigEndian(t, new byte[t.width() * 3]).size()).isEqualTo(3);
        }
        assertThatThrownBy(() -> Vector.fromBigEndian(Vector.ElementType.INT64, new byte[7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple");
    }

    @Test
    void equalsHashCodeToString() {
        assertThat(Vector.of(new double[] {Double.NaN})).isEqualTo(Vector.of(new double[] {Double.NaN}));
        assertThat(Vector.of(new long[] {1, 2})).isEqualTo(Vector.of(new long[] {1, 2}))
                .hasSameHashCodeAs(Vector.of(new long[] {1, 2}))
                .isNotEqualTo(Vector.of(new int[] {1, 2}))
                .isNotEqualTo(Vector.of(new long[] {1, 3}));
        assertThat(Vector.of(new short[] {1, 2})).hasToString("Vector[INT16 x 2: 1, 2]");
        assertThat(Vector.of(new byte[40]).toString()).endsWith(", ...]");
        assertThatThrownBy(() -> Vector.of(new float[] {1.5f}).longAt(0)).isInstanceOf(IllegalStateException.class);
        assertThat(Vector.of(new int[] {3}).doubleAt(0)).isEqualTo(3.0);
        assertThat(Vector.of(new float[] {1.5f}).doubleAt(0)).isEqualTo(1.5);
    }
}
