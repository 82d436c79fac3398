package dev.ipfence.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicTest {

    @Test
    void topicNamesFollowTheIpfenceWhatVersionPatternAndDeadLettersNameTheirSource() {
        assertThat(Topic.all())
                .allSatisfy(topic -> assertThat(topic.topicName())
                        .matches("ipfence\\.[a-z][a-z0-9-]*\\.v[0-9]+(\\.([a-z]+-)?dlq)?"));
        assertThat(Topic.BLOCKED_ATTEMPTS_DLQ.topicName()).isEqualTo(Topic.BLOCKED_ATTEMPTS.topicName() + ".dlq");
        assertThat(Topic.RULES_AUDIT_DLQ.topicName()).isEqualTo(Topic.RULES.topicName() + ".audit-dlq");
    }

    @Test
    void rulesTopicIsCompactedSoAReplayRebuildsTheCurrentState() {
        assertThat(Topic.RULES.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topic.RULES.partitions()).isEqualTo(3);
    }

    @Test
    void rulesTopicKeepsEveryVersionSevenDaysBeforeCompactionMayDropIt() {
        assertThat(Topic.RULES.configs()).containsEntry("min.compaction.lag.ms", "604800000");
        assertThat(Topic.RULES_HISTORY.toDays()).isEqualTo(7);
    }

    @Test
    void blockedAttemptsAreKeptSevenDaysOnSixPartitions() {
        assertThat(Topic.BLOCKED_ATTEMPTS.configs()).containsEntry("retention.ms", "604800000");
        assertThat(Topic.BLOCKED_ATTEMPTS.partitions()).isEqualTo(6);
    }

    @Test
    void deadLetterTopicsAreKeptThirtyDaysAndNeverCompacted() {
        for (Topic topic : new Topic[] {Topic.BLOCKED_ATTEMPTS_DLQ, Topic.RULES_AUDIT_DLQ}) {
            assertThat(topic.configs())
                    .containsEntry("cleanup.policy", "delete")
                    .containsEntry("retention.ms", "2592000000");
            assertThat(topic.partitions()).isEqualTo(1);
        }
    }
}
