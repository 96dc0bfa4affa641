package io.asyncbolt.value;

import java.time.Duration;
import java.time.Period;

/**
 * A Cypher duration (PackStream struct {@code E}): months, days, seconds and nanoseconds kept apart,
 * because their lengths in absolute time differ.
 *
 * @param months      months, may be negative
 * @param days        days, may be negative
 * @param seconds     seconds, may be negative
 * @param nanoseconds nanoseconds added to {@code seconds}, 0..999 999 999
 */
public record IsoDuration(long months, long days, long seconds, int nanoseconds) {

    public IsoDuration {
        if (nanoseconds < 0 || nanoseconds > 999_999_999) {
            throw new IllegalArgumentException("nanoseconds must be in 0..999999999: " + nanoseconds);
        }
    }

    /** Months (years × 12 + months) and days of a {@link Period}. */
    public static IsoDuration of(Period period) {
        return new IsoDuration(period.toTotalMonths(), period.getDays(), 0, 0);
    }

    /** Seconds and nanoseconds of a {@link Duration}. */
    public static IsoDuration of(Duration duration) {
        return new IsoDuration(0, 0, duration.getSeconds(), duration.getNano());
    }

    /** ISO-8601 style, e.g. {@code P14M3DT-1.5S}. */
    @Override
    public String toString() {
        String secs = java.math.BigDecimal.valueOf(seconds).add(java.math.BigDecimal.valueOf(nanoseconds, 9))
                .stripTrailingZeros().toPlainString();
        return "P" + months + "M" + days + "DT" + secs + "S";
    }
}
