package dev.ipfence.bench.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Smoke mode of the replay profile: both phases run on a small corpus, and the checkpoint's start holds every rule. */
class ReplayProfileTest {

    @Test
    void aStartFromTheCheckpointPublishesEveryRuleRead() throws Exception {
        assertThat(ReplayProfile.run(3_000)).isEqualTo(3_000);
    }
}
