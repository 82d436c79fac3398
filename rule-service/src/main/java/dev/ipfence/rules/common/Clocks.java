package dev.ipfence.rules.common;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Time at PostgreSQL's precision, and the conversions to and from PostgreSQL's microsecond timestamps. */
public final class Clocks {

    private Clocks() {}

    /** Now, at the precision PostgreSQL keeps, so what is returned equals what is read back. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public static OffsetDateTime toDb(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant fromDb(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
