package dev.ipfence.enforcement.state;

import dev.ipfence.core.events.Topic;
import dev.ipfence.enforcement.checkpoint.CheckpointRecord;
import dev.ipfence.enforcement.checkpoint.LatestRecords;
import dev.ipfence.web.apikeys.ApiKeyTable;
import java.util.List;

/**
 * Applies records of {@code ipfence.rules.v1}, in topic order, to the {@link RuleStore} and the API
 * key table, and keeps the latest record of each entity for a checkpoint when asked to.
 */
final class RuleRecordApplier {

    /** Above this many records, reading them (JSON, addresses) runs on all cores. */
    private static final int PARALLEL_READ_FROM = 256;

    private final RuleStore store;
    private final RuleEventReader reader;
    private final ApiKeyTable apiKeys;
    private final LatestRecords latest;
    private final boolean keepLatest;
    private long applied;

    RuleRecordApplier(
            RuleStore store, RuleEventReader reader, ApiKeyTable apiKeys, LatestRecords latest, boolean keepLatest) {
        this.store = store;
        this.reader = reader;
        this.apiKeys = apiKeys;
        this.latest = latest;
        this.keepLatest = keepLatest;
    }

    /** Forgets all that was applied, for a replay that starts over. */
    void reset() {
        store.reset();
        apiKeys.clear();
        latest.clear();
        applied = 0;
    }

    /** Records applied since the last {@link #reset()}. */
    long applied() {
        return applied;
    }

    /**
     * Reading runs on all cores for a large batch (a rule a checkpoint holds parsed is not read
     * again); applying stays in record order. A record of the topic goes to the store and the key
     * table; one of a checkpoint only to what kept it.
     */
    void apply(List<CheckpointRecord> batch) {
        List<RuleEvent> events = (batch.size() > PARALLEL_READ_FROM ? batch.parallelStream() : batch.stream())
                .map(record -> record.read(reader))
                .toList();
        String topic = Topic.RULES.topicName();
        for (int i = 0; i < events.size(); i++) {
            CheckpointRecord record = batch.get(i);
            RuleEvent event = events.get(i);
            RuleEvent applied = record.appliedTo().store()
                    ? store.apply(event, () -> topic + "-" + record.partition() + "@" + record.offset())
                    : null;
            ApiKeyTable.Change key = record.appliedTo().keys() ? applyApiKey(event) : ApiKeyTable.Change.NONE;
            if (keepLatest && (applied != null || key != ApiKeyTable.Change.NONE)) {
                latest.offer(record, applied, key);
            }
        }
        applied += batch.size();
    }

    /**
     * API keys take effect at once, not with the next snapshot: a revocation counts from this
     * record, and so does any other record under a key's id.
     */
    private ApiKeyTable.Change applyApiKey(RuleEvent event) {
        if (event instanceof RuleEvent.ApiKeyChange change) {
            if (change.problem() != null) {
                return apiKeys.refuse(change.id(), change.problem());
            } else if (change.deleted()) {
                return apiKeys.delete(change.id(), change.version());
            }
            return apiKeys.apply(change.id(), change.version(), change.entity());
        } else if (event instanceof RuleEvent.Tombstone tombstone) {
            apiKeys.forget(tombstone.id());
            return ApiKeyTable.Change.NONE;
        }
        return apiKeys.notAnApiKeyRecord(RuleEvent.entityId(event));
    }
}
