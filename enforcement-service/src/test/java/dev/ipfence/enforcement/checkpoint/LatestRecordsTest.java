package dev.ipfence.enforcement.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.model.GeneratedRules;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.enforcement.state.RuleEvent;
import dev.ipfence.web.apikeys.ApiKeyTable;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LatestRecordsTest {

    private final UUID id = UUID.randomUUID();
    private final LatestRecords latest = new LatestRecords();
    private long offset;

    @Test
    void keepsTheNewestVersionWhenAnOlderCopyLandsAfterIt() {
        offer(new RuleEvent.RuleChange(id, 5, null, null));
        offer(new RuleEvent.RuleChange(id, 4, null, null));
        offer(new RuleEvent.RuleChange(id, 5, null, null));
        assertThat(held()).containsExactly(0L);
    }

    @Test
    void keepsARefusedRecordUntilANewerVersionReplacesIt() {
        offer(new RuleEvent.RuleChange(id, 5, null, null));
        offer(new RuleEvent.Rejected(id.toString(), "rule", null, null, "unreadable"));
        offer(new RuleEvent.RuleChange(id, 5, null, null));
        assertThat(held()).as("the rule and its quarantine, as in the store").containsExactly(0L, 1L);
        offer(new RuleEvent.RuleChange(id, 6, null, null));
        assertThat(held()).containsExactly(3L);
    }

    @Test
    void aTombstoneLeavesNothingOfItsKeyAndAnyVersionIsTakenAfterIt() {
        offer(new RuleEvent.RuleChange(id, 5, null, null));
        offer(new RuleEvent.Rejected(id.toString(), "rule", null, null, "unreadable"));
        offer(new RuleEvent.Tombstone(id));
        assertThat(held()).as("the store forgets the key: nothing to replay").isEmpty();
        offer(new RuleEvent.RuleChange(id, 1, null, null));
        assertThat(held()).containsExactly(3L);
    }

    @Test
    void aTombstoneUnderAKeyThatIsNoIdLeavesNothingOfThatKeyOnly() {
        String other = id.toString().toUpperCase(java.util.Locale.ROOT);
        offer(new RuleEvent.RuleChange(id, 5, null, null));
        latest.offer(
                new CheckpointRecord(0, offset++, other, new byte[0]),
                new RuleEvent.Rejected(other, null, null, null, "not an entity id"),
                ApiKeyTable.Change.NONE);
        assertThat(held()).containsExactly(0L, 1L);
        latest.offer(
                new CheckpointRecord(0, offset++, other, null),
                new RuleEvent.KeyTombstone(other),
                ApiKeyTable.Change.NONE);
        assertThat(held()).containsExactly(0L);
    }

    @Test
    void keepsARefusedRecordThatAnUnreadableApiKeyRecordAfterItLeavesQuarantined() {
        offer(new RuleEvent.RuleChange(id, 5, null, null));
        offer(new RuleEvent.Rejected(id.toString(), "rule", null, null, "unreadable"));
        offer(new RuleEvent.ApiKeyChange(id, 0, false, null, "unreadable"), ApiKeyTable.Change.REFUSAL);
        assertThat(held()).containsExactly(0L, 1L, 2L);
        offer(new RuleEvent.RuleChange(id, 6, null, null));
        assertThat(held()).as("the key's refusal stays: the table holds it").containsExactly(2L, 3L);
    }

    @Test
    void keepsTheApiKeysVersionBeforeItsRefusalWhateverRecordsFollow() {
        offer(new RuleEvent.ApiKeyChange(id, 3, false, null, null), ApiKeyTable.Change.VERSION);
        offer(new RuleEvent.ApiKeyChange(id, 0, false, null, "unreadable"), ApiKeyTable.Change.REFUSAL);
        assertThat(held())
                .as("the key's version, so that a stale copy after a restart is refused as before it")
                .containsExactly(0L, 1L);
        // a stale copy: the table ignores it; the store takes it as a record it does not version
        offer(new RuleEvent.ApiKeyChange(id, 2, false, null, null), ApiKeyTable.Change.NONE);
        assertThat(held()).containsExactly(0L, 1L, 2L);
        // a record of another type under the key's id: the store takes it, the key keeps its version
        offer(new RuleEvent.RuleChange(id, 7, null, null), ApiKeyTable.Change.NONE);
        assertThat(held()).containsExactly(0L, 1L, 3L);
        offer(new RuleEvent.ApiKeyChange(id, 4, false, null, null), ApiKeyTable.Change.VERSION);
        assertThat(held()).containsExactly(3L, 4L);
    }

    @Test
    void keepsWhatChangedTheApiKeyEvenWhenTheStoreLeftItOut() {
        offer(new RuleEvent.ApiKeyChange(id, 1, false, null, null), ApiKeyTable.Change.VERSION);
        latest.offer(new CheckpointRecord(0, offset++, id.toString(), new byte[0]), null, ApiKeyTable.Change.REFUSAL);
        assertThat(held()).containsExactly(0L, 1L);
    }

    @Test
    void aRecordWithoutVersionEndsTheQuarantineButKeepsTheVersionBeforeIt() {
        offer(new RuleEvent.RuleChange(id, 5, null, null));
        offer(new RuleEvent.Rejected(id.toString(), "rule", null, null, "unreadable"));
        offer(new RuleEvent.OtherChange(id, "project"));
        assertThat(held()).containsExactly(0L, 2L);
        offer(new RuleEvent.RuleChange(id, 5, null, null));
        assertThat(held()).containsExactly(0L, 2L);
    }

    @Test
    void holdsARuleAndADeletionAsTheStoreAppliedThemAndEveryOtherRecordAsItsBytes() {
        Rule rule = GeneratedRules.rules(new Random(31), Scope.ENVIRONMENT, 1).get(0);
        UUID deleted = UUID.randomUUID();
        UUID env = UUID.randomUUID();
        RuleEvent.RuleChange change = new RuleEvent.RuleChange(rule.id(), 2, UUID.randomUUID(), rule);
        // a record of another shard's organization, applied by a replica of one shard as the
        // deletion of the rule it held: the checkpoint must hold the deletion, not those bytes
        RuleEvent.RuleChange deletion = new RuleEvent.RuleChange(deleted, 2, null, null);
        byte[] bytes = {1, 2, 3};
        latest.offer(new CheckpointRecord(0, 0, rule.id().toString(), bytes), change, ApiKeyTable.Change.NONE);
        latest.offer(new CheckpointRecord(0, 1, deleted.toString(), bytes), deletion, ApiKeyTable.Change.NONE);
        latest.offer(
                new CheckpointRecord(0, 2, env.toString(), bytes),
                new RuleEvent.EnvironmentChange(env, 1, null),
                ApiKeyTable.Change.NONE);
        List<CheckpointRecord> held = LatestRecords.inOrder(latest.records());
        assertThat(held.get(0).parsed()).isSameAs(change);
        assertThat(held.get(0).value()).isNull();
        assertThat(held.get(0).key()).isEqualTo(rule.id().toString());
        assertThat(held.get(1).parsed()).isSameAs(deletion);
        assertThat(held.get(1).value()).isNull();
        assertThat(held.get(2).parsed())
                .as("an environment is kept as on the topic")
                .isNull();
        assertThat(held.get(2).value()).isSameAs(bytes);
    }

    @Test
    void keepsARecordOfEachKindUnderOneIdAsTheStoreHoldsThem() {
        offer(new RuleEvent.RuleChange(id, 1, null, null));
        offer(new RuleEvent.EnvironmentChange(id, 2, null));
        offer(new RuleEvent.PolicyChange(id, 3, null, null));
        assertThat(held()).containsExactly(0L, 1L, 2L);
        // a stale rule record: the store orders every kind by one version
        offer(new RuleEvent.RuleChange(id, 3, null, null));
        assertThat(held()).containsExactly(0L, 1L, 2L);
        offer(new RuleEvent.RuleChange(id, 4, null, null));
        assertThat(held()).containsExactly(1L, 2L, 4L);
    }

    @Test
    void saysWhichTracksHoldEachRecord() {
        // an API key's record the store refused (a rule is held under its id) and the table took
        offer(new RuleEvent.RuleChange(id, 1, null, null));
        offer(
                new RuleEvent.Rejected(id.toString(), "rule", null, null, "an API key under a rule's id"),
                ApiKeyTable.Change.VERSION);
        assertThat(appliedTo()).containsExactly(CheckpointRecord.AppliedTo.STORE, CheckpointRecord.AppliedTo.BOTH);
        // the rule's next version ends the quarantine: the table alone still needs the record
        offer(new RuleEvent.RuleChange(id, 2, null, null));
        assertThat(held()).containsExactly(1L, 2L);
        assertThat(appliedTo()).containsExactly(CheckpointRecord.AppliedTo.KEYS, CheckpointRecord.AppliedTo.STORE);
    }

    private List<CheckpointRecord.AppliedTo> appliedTo() {
        return LatestRecords.inOrder(latest.records()).stream()
                .map(CheckpointRecord::appliedTo)
                .toList();
    }

    private void offer(RuleEvent event) {
        offer(event, ApiKeyTable.Change.NONE);
    }

    private void offer(RuleEvent event, ApiKeyTable.Change key) {
        latest.offer(new CheckpointRecord(0, offset++, id.toString(), new byte[0]), event, key);
    }

    /** The offsets of the records held, in order. */
    private List<Long> held() {
        return LatestRecords.inOrder(latest.records()).stream()
                .map(CheckpointRecord::offset)
                .toList();
    }
}
