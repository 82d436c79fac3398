package dev.ipfence.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicTest {

    @Test
    void topicNamesFollowTheIpfenceWhatVersionPattern() {
        assertThat(Topic.all())
                .allSatisfy(topic -> assertThat(topic.topicName()).matches("ipfence\\.[a-z][a-z0-9-]*\\.v[0-9]+"));
    }

    @Test
    void rulesTopicIsCompactedSoAReplayRebuildsTheCurrentState() {
        assertThat(Topic.RULES.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topic.RULES.partitions()).isEqualTo(3);
    }

    @Test
    void blockedAttemptsAreKeptSevenDaysOnSixPartitions() {
        assertThat(Topic.BLOCKED_ATTEMPTS.configs()).containsEntry("retention.ms", "604800000");
        assertThat(Topic.BLOCKED_ATTEMPTS.partitions()).isEqualTo(6);
    }
}
