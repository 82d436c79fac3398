package dev.ipfence.enforcement.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrganizationShardTest {

    @Test
    void anOrganizationsShardIsTheXorOfTheWordsOfItsIdModuloTheCount() {
        // the formula docs/operations.md gives operators, computed from the id's text
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            UUID org = new UUID(random.nextLong(), random.nextLong());
            String hex = org.toString().replace("-", "");
            long xor = 0;
            for (int word = 0; word < 4; word++) {
                xor ^= Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
            }
            int count = 1 + random.nextInt(16);
            assertThat(OrganizationShard.of(org, count))
                    .as("%s among %d", org, count)
                    .isEqualTo((int) (xor % count));
        }
    }

    @Test
    void randomOrganizationsSpreadEvenlyOverThreeShards() {
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) {
            counts[OrganizationShard.of(UUID.randomUUID(), 3)]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(9_500, 10_500);
        }
    }

    @Test
    void eachOrganizationIsServedByExactlyOneShard() {
        for (int i = 0; i < 1_000; i++) {
            UUID org = UUID.randomUUID();
            int serving = 0;
            for (int index = 0; index < 5; index++) {
                serving += new OrganizationShard(index, 5).serves(org) ? 1 : 0;
            }
            assertThat(serving).isEqualTo(1);
            assertThat(OrganizationShard.ALL.serves(org)).isTrue();
        }
    }

    @Test
    void keepsEveryRecordButTheValidRulesAndPoliciesOfOtherShards() {
        UUID mine = organizationOf(0);
        UUID theirs = organizationOf(1);
        OrganizationShard shard = new OrganizationShard(0, 2);
        UUID id = UUID.randomUUID();
        assertThat(shard.holds(new RuleEvent.RuleChange(id, 1, mine, null))).isTrue();
        assertThat(shard.holds(new RuleEvent.RuleChange(id, 1, theirs, null))).isFalse();
        assertThat(shard.holds(new RuleEvent.PolicyChange(id, 1, theirs, null))).isFalse();
        assertThat(shard.holds(new RuleEvent.PolicyGroupChange(id, 1, mine, null)))
                .isTrue();
        assertThat(shard.holds(new RuleEvent.AdmissionRuleChange(id, 1, theirs, null)))
                .isFalse();
        // a record refused is kept whatever organization it names: that may be what is wrong with it
        assertThat(shard.holds(new RuleEvent.Rejected(id.toString(), "rule", theirs, theirs, "bad")))
                .isTrue();
        // what names no organization is kept: the store fails closed for it, or it is not a rule
        assertThat(shard.holds(new RuleEvent.Rejected(id.toString(), "rule", null, null, "unreadable")))
                .isTrue();
        assertThat(shard.holds(new RuleEvent.RuleChange(id, 2, null, null))).isTrue();
        assertThat(shard.holds(new RuleEvent.EnvironmentChange(id, 1, null))).isTrue();
        assertThat(shard.holds(new RuleEvent.Tombstone(id))).isTrue();
        JsonNode none = NullNode.getInstance();
        assertThat(shard.holds(new RuleEvent.ApiKeyChange(id, 1, false, none, null)))
                .isTrue();
    }

    @Test
    void aShardOutsideItsCountIsRefusedWithTheKeyToFix() {
        assertThatThrownBy(() -> new OrganizationShard(2, 2))
                .hasMessage("ipfence.enforcement.shard.index must be from 0 to 1 (shard.count 2), not 2");
        assertThatThrownBy(() -> new OrganizationShard(-1, 2)).hasMessageContaining("not -1");
        assertThatThrownBy(() -> new OrganizationShard(0, 0))
                .hasMessage("ipfence.enforcement.shard.count must be at least 1, not 0");
        assertThat(new OrganizationShard(1, 2)).hasToString("1/2");
    }

    private static UUID organizationOf(int shard) {
        while (true) {
            UUID org = UUID.randomUUID();
            if (OrganizationShard.of(org, 2) == shard) {
                return org;
            }
        }
    }
}
