package dev.ipfence.enforcement.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Readiness and the age of the snapshot: ready however old, unless max-staleness is set. */
class ReplayReadinessTest {

    @Test
    void aSnapshotOfAnyAgeIsFreshWithoutMaxStaleness() {
        assertThat(ReplayReadiness.fresh(0, Optional.empty())).isTrue();
        assertThat(ReplayReadiness.fresh(7 * 24 * 3600, Optional.empty())).isTrue();
    }

    @Test
    void maxStalenessTurnsReadinessDownOnceTheSnapshotIsOlder() {
        Optional<Duration> tenMinutes = Optional.of(Duration.ofMinutes(10));
        assertThat(ReplayReadiness.fresh(599.9, tenMinutes)).isTrue();
        assertThat(ReplayReadiness.fresh(600, tenMinutes)).isTrue();
        assertThat(ReplayReadiness.fresh(600.5, tenMinutes)).isFalse();
        assertThat(ReplayReadiness.fresh(3600, tenMinutes)).isFalse();
    }
}
