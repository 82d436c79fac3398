package dev.ipfence.core.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Lookups read the clock in microseconds; policies read it as an instant: one is the other's inverse. */
class LivenessTest {

    @Test
    void instantIsTheInverseOfMicrosOnGeneratedInstants() {
        Random random = new Random(19);
        for (int i = 0; i < 10_000; i++) {
            // from 1900 to 2200, to the microsecond, before the epoch too
            long micros = -2_208_988_800_000_000L + (long) (random.nextDouble() * 9_467_280_000_000_000L);
            assertThat(Liveness.micros(Liveness.instant(micros))).isEqualTo(micros);
        }
    }

    @Test
    void microsDropsNanosecondsAndCountsBeforeTheEpochDownwards() {
        assertThat(Liveness.micros(Instant.parse("2026-06-01T00:00:00.000001999Z")))
                .isEqualTo(Liveness.micros(Instant.parse("2026-06-01T00:00:00.000001Z")));
        assertThat(Liveness.instant(-1)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(Liveness.micros(Instant.parse("1969-12-31T23:59:59.999999Z")))
                .isEqualTo(-1);
    }
}
