package dev.ipfence.enforcement.state;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.matcher.Liveness;
import dev.ipfence.core.model.Decision;
import dev.ipfence.enforcement.decisions.Decider;
import java.time.Instant;
import java.util.UUID;

/** The decision a store's published snapshot gives for an address, as the decision endpoints ask it. */
final class StoreDecisions {

    /** The time every decision is made at. */
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private StoreDecisions() {}

    static Decision decide(RuleStore store, UUID environment, String ip) {
        Snapshot snapshot = store.snapshot();
        return new Decider(new ChainTables(store::snapshot, 1, 1_000_000, Runnable::run))
                .decide(
                        snapshot,
                        snapshot.environment(environment),
                        Addresses.parseAddress(ip),
                        null,
                        Liveness.micros(NOW));
    }
}
