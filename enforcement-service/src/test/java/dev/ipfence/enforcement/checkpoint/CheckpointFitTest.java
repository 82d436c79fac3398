package dev.ipfence.enforcement.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.events.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointFitTest {

    private static final String ID = "dG9waWMtaWQtb25l";

    private static final Checkpoint AT_100_AND_50 = new Checkpoint(
            "ipfence.rules.v1", ID, "0/2", Instant.parse("2026-12-03T06:00:00Z"), Map.of(0, 100L, 1, 50L), List.of());

    @Test
    void fitsWhenEveryOffsetLiesWithinItsLog() {
        assertThat(CheckpointFit.misfit(
                        AT_100_AND_50, "ipfence.rules.v1", ID, "0/2", Map.of(0, 0L, 1, 50L), Map.of(0, 100L, 1, 90L)))
                .isNull();
    }

    @Test
    void doesNotFitAnotherTopic() {
        assertThat(CheckpointFit.misfit(
                        AT_100_AND_50, "ipfence.rules.v2", ID, "0/2", Map.of(0, 0L, 1, 0L), Map.of(0, 100L, 1, 90L)))
                .contains("ipfence.rules.v2");
    }

    @Test
    void doesNotFitATopicOfTheSameNameRecreatedOrOnAnotherCluster() {
        // its offsets lie within the new log, but they are other records: the tail from there would
        // skip the new topic's first records, deny rules among them
        assertThat(CheckpointFit.misfit(
                        AT_100_AND_50,
                        "ipfence.rules.v1",
                        "b3RoZXItdG9waWMtaWQ",
                        "0/2",
                        Map.of(0, 0L, 1, 0L),
                        Map.of(0, 900L, 1, 900L)))
                .contains("topic id " + ID)
                .contains("now has id b3RoZXItdG9waWMtaWQ");
    }

    @Test
    void doesNotFitWhenKafkaDidNotGiveTheTopicsId() {
        assertThat(CheckpointFit.misfit(
                        AT_100_AND_50, "ipfence.rules.v1", null, "0/2", Map.of(0, 0L, 1, 50L), Map.of(0, 100L, 1, 90L)))
                .contains("did not give the id");
    }

    @Test
    void doesNotFitAReplicaOfAnotherShard() {
        // a checkpoint of shard 0 lacks the rules of shard 1's organizations: starting from it would
        // answer for them without their deny rules
        assertThat(CheckpointFit.misfit(
                        AT_100_AND_50, "ipfence.rules.v1", ID, "1/2", Map.of(0, 0L, 1, 50L), Map.of(0, 100L, 1, 90L)))
                .isEqualTo("it holds the organizations of shard 0/2, this replica serves shard 1/2");
        assertThat(CheckpointFit.misfit(
                        AT_100_AND_50, "ipfence.rules.v1", ID, "0/1", Map.of(0, 0L, 1, 50L), Map.of(0, 100L, 1, 90L)))
                .contains("shard 0/2");
    }

    @Test
    void doesNotFitAnotherPartitionCount() {
        assertThat(CheckpointFit.misfit(
                        AT_100_AND_50,
                        "ipfence.rules.v1",
                        ID,
                        "0/2",
                        Map.of(0, 0L, 1, 0L, 2, 0L),
                        Map.of(0, 100L, 1, 90L, 2, 5L)))
                .contains("partitions");
    }

    @Test
    void doesNotFitAnOffsetPastTheLogEnd() {
        assertThat(CheckpointFit.misfit(
                        AT_100_AND_50, "ipfence.rules.v1", ID, "0/2", Map.of(0, 0L, 1, 0L), Map.of(0, 99L, 1, 90L)))
                .contains("past the log end 99");
    }

    @Test
    void doesNotFitAnOffsetBeforeTheLogStart() {
        assertThat(CheckpointFit.misfit(
                        AT_100_AND_50, "ipfence.rules.v1", ID, "0/2", Map.of(0, 0L, 1, 51L), Map.of(0, 100L, 1, 90L)))
                .contains("before the log start 51");
    }

    @Test
    void aCheckpointOlderThanItsMaximumAgeIsNotUsed() {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        Duration day = Duration.ofHours(24);
        assertThat(CheckpointFit.tooOld(now.minus(Duration.ofHours(23)), now, day))
                .isNull();
        assertThat(CheckpointFit.tooOld(now.minus(Duration.ofHours(25)), now, day))
                .contains("more than PT24H");
    }

    @Test
    void aCheckpointCurrentAtATimeAheadOfTheClockIsNotUsed() {
        // its age cannot be known: a wrong clock, or a time set by hand
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        Duration day = Duration.ofHours(24);
        assertThat(CheckpointFit.tooOld(now.plusSeconds(30), now, day)).isNull();
        assertThat(CheckpointFit.tooOld(now.plus(CheckpointFit.CLOCK_SKEW).plusSeconds(1), now, day))
                .contains("a clock is wrong");
    }

    @Test
    void noMaximumAgeReachesTheTopicsCompactionLag() {
        // past the lag, a compacted deletion would leave its rule alive: a half of it at most
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        Duration configured = Topic.RULES_HISTORY.multipliedBy(2);
        assertThat(CheckpointFit.tooOld(
                        now.minus(Topic.RULES_HISTORY.dividedBy(2)).plusSeconds(1), now, configured))
                .isNull();
        assertThat(CheckpointFit.tooOld(
                        now.minus(Topic.RULES_HISTORY.dividedBy(2)).minusSeconds(1), now, configured))
                .isNotNull();
    }
}
