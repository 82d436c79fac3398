package dev.ipfence.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.bench.system.ShardFootprint;
import dev.ipfence.enforcement.state.OrganizationShard;
import org.junit.jupiter.api.Test;

/** Smoke mode of {@link ShardFootprint}: two shard replicas of a small stream. */
class ShardFootprintTest {

    @Test
    void twoShardReplicasHoldEveryRuleOnceBetweenThem() throws Exception {
        ShardFootprint.Replica first = ShardFootprint.measure(4_000, 40, new OrganizationShard(0, 2), 10_000);
        ShardFootprint.Replica second = ShardFootprint.measure(4_000, 40, new OrganizationShard(1, 2), 10_000);
        ShardFootprint.Replica whole = ShardFootprint.measure(4_000, 40, OrganizationShard.ALL, 10_000);
        assertThat(whole.rulesHeld()).isEqualTo(4_000);
        assertThat(whole.recordsLeftOut()).isZero();
        assertThat(first.rulesHeld() + second.rulesHeld()).isEqualTo(4_000);
        assertThat(first.recordsLeftOut()).isEqualTo(second.rulesHeld());
        assertThat(second.recordsLeftOut()).isEqualTo(first.rulesHeld());
        // the probes ask for the replica's own organizations, which it must answer itself
        assertThat(first.otherShardAnswers()).isZero();
        assertThat(second.otherShardAnswers()).isZero();
    }
}
