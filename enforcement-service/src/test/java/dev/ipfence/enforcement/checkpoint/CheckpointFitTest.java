package dev.ipfence.enforcement.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointFitTest {

    private static final Checkpoint AT_100_AND_50 =
            new Checkpoint("ipfence.rules.v1", Map.of(0, 100L, 1, 50L), List.of());

    @Test
    void fitsWhenEveryOffsetLiesWithinItsLog() {
        assertThat(CheckpointFit.misfit(
                        AT_100_AND_50, "ipfence.rules.v1", Map.of(0, 0L, 1, 50L), Map.of(0, 100L, 1, 90L)))
                .isNull();
    }

    @Test
    void doesNotFitAnotherTopic() {
        assertThat(CheckpointFit.misfit(
                        AT_100_AND_50, "ipfence.rules.v2", Map.of(0, 0L, 1, 0L), Map.of(0, 100L, 1, 90L)))
                .contains("ipfence.rules.v2");
    }

    @Test
    void doesNotFitAnotherPartitionCount() {
        assertThat(CheckpointFit.misfit(
                        AT_100_AND_50, "ipfence.rules.v1", Map.of(0, 0L, 1, 0L, 2, 0L), Map.of(0, 100L, 1, 90L, 2, 5L)))
                .contains("partitions");
    }

    @Test
    void doesNotFitAnOffsetPastTheLogEnd() {
        assertThat(CheckpointFit.misfit(
                        AT_100_AND_50, "ipfence.rules.v1", Map.of(0, 0L, 1, 0L), Map.of(0, 99L, 1, 90L)))
                .contains("past the log end 99");
    }

    @Test
    void doesNotFitAnOffsetBeforeTheLogStart() {
        assertThat(CheckpointFit.misfit(
                        AT_100_AND_50, "ipfence.rules.v1", Map.of(0, 0L, 1, 51L), Map.of(0, 100L, 1, 90L)))
                .contains("before the log start 51");
    }
}
