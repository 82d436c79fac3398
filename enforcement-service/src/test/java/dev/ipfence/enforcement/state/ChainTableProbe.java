package dev.ipfence.enforcement.state;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.matcher.Liveness;
import dev.ipfence.core.model.Scope;
import java.time.Instant;
import java.util.UUID;

/** What tests observe of {@link ChainTables}: whether a current chain table answers a request. */
public final class ChainTableProbe {

    private ChainTableProbe() {}

    /**
     * Whether a current table of the environment's chain decides {@code address} for {@code
     * trafficScope} now. Like a decision, asking may start a build in the background.
     */
    public static boolean answers(
            ChainTables tables, Snapshot snapshot, UUID environmentId, String address, String trafficScope) {
        EnvironmentState env = snapshot.environment(environmentId);
        return env != null
                && tables.decide(
                                environmentId,
                                snapshot.compiled(Scope.ENVIRONMENT, env.id()),
                                snapshot.compiled(Scope.PROJECT, env.projectId()),
                                snapshot.compiled(Scope.ORG, env.orgId()),
                                Addresses.parseAddress(address),
                                trafficScope,
                                Liveness.micros(Instant.now()))
                        != null;
    }
}
