package dev.ipfence.enforcement.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.enforcement.state.RuleEvent;
import java.util.List;
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
    void takesAnyVersionAfterATombstone() {
        offer(new RuleEvent.RuleChange(id, 5, null, null));
        offer(new RuleEvent.Tombstone(id));
        assertThat(held()).containsExactly(1L);
        offer(new RuleEvent.RuleChange(id, 1, null, null));
        assertThat(held()).containsExactly(2L);
    }

    @Test
    void takesAnUnreadableApiKeyRecordWhateverTheVersionBefore() {
        offer(new RuleEvent.ApiKeyChange(id, 3, false, null, null));
        offer(new RuleEvent.ApiKeyChange(id, 0, false, null, "unreadable"));
        assertThat(held()).containsExactly(1L);
    }

    private void offer(RuleEvent event) {
        latest.offer(new CheckpointRecord(0, offset++, id.toString(), new byte[0]), event);
    }

    /** The offsets of the records held, in order. */
    private List<Long> held() {
        return LatestRecords.inOrder(latest.records()).stream()
                .map(CheckpointRecord::offset)
                .toList();
    }
}
