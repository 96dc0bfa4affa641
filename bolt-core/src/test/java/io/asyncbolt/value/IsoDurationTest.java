package io.asyncbolt.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Period;
import org.junit.jupiter.api.Test;

class IsoDurationTest {

    @Test
    void fromJavaTime() {
        assertThat(IsoDuration.of(Period.of(1, 2, 3))).isEqualTo(new IsoDuration(14, 3, 0, 0));
        assertThat(IsoDuration.of(Duration.ofMillis(-1500))).isEqualTo(new IsoDuration(0, 0, -2, 500_000_000));
        assertThat(new IsoDuration(1, 2, 3, 4)).hasToString("P1M2DT3.000000004S");
        assertThat(IsoDuration.of(Duration.ofMillis(-1500))).hasToString("P0M0DT-1.5S");
    }

    @Test
    void nanosecondsAreNormalised() {
        assertThatThrownBy(() -> new IsoDuration(0, 0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IsoDuration(0, 0, 0, 1_000_000_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pointsAndConstants() {
        assertThat(Point.CARTESIAN).isEqualTo(7203);
        assertThat(Point.WGS_84).isEqualTo(4326);
        assertThat(Point.CARTESIAN_3D).isEqualTo(9157);
        assertThat(Point.WGS_84_3D).isEqualTo(4979);
        Point p = new Point2D(Point.WGS_84, 12.5, 55.7);
        assertThat(p.srid()).isEqualTo(4326);
        assertThat(new Point3D(9157, 1, 2, Double.NaN)).isEqualTo(new Point3D(9157, 1, 2, Double.NaN));
    }
}
