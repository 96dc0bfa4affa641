package io.asyncbolt.testkit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock every client (and bearer auth token manager) of one testkit connection measures time with:
 * the system's UTC time until FakeTimeInstall freezes it; then it moves only by FakeTimeTick, until
 * FakeTimeUninstall.
 */
final class FakeClock extends Clock {

    private final Clock system = Clock.systemUTC();
    /** The frozen time, or null while the system's time runs. */
    private volatile Instant frozen;

    synchronized void install() {
        frozen = system.instant();
    }

    synchronized void tick(long millis) {
        if (frozen == null) {
            throw new Errors.BadRequestException("FakeTimeTick without FakeTimeInstall");
        }
        frozen = frozen.plusMillis(millis);
    }

    synchronized void uninstall() {
        frozen = null;
    }

    @Override
    public Instant instant() {
        Instant now = frozen;
        return now != null ? now : system.instant();
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Always UTC: the client only measures durations with it. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
