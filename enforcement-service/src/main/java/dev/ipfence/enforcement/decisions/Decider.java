package dev.ipfence.enforcement.decisions;

import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.matcher.ChainMatcher;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Scope;
import dev.ipfence.enforcement.state.ChainTables;
import dev.ipfence.enforcement.state.Snapshot;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one decision path of the service, from a snapshot: an unknown environment and a chain the
 * snapshot cannot vouch for are DENY; otherwise the chain's table answers when it is current, and
 * the chain's compiled scopes when it is not (same answer). The property tests drive this class.
 */
@ApplicationScoped
public class Decider {

    public static final Decision UNKNOWN_ENVIRONMENT =
            Decision.without(Action.DENY, Decision.Reason.UNKNOWN_ENVIRONMENT);
    public static final Decision RULES_UNAVAILABLE = Decision.without(Action.DENY, Decision.Reason.RULES_UNAVAILABLE);

    private final ChainTables tables;

    public Decider(ChainTables tables) {
        this.tables = tables;
    }

    /** The decision for {@code client} in {@code environment} (null: unknown) at {@code nowMicros}. */
    public Decision decide(
            Snapshot snapshot, EnvironmentState environment, IpAddress client, String trafficScope, long nowMicros) {
        if (environment == null) {
            return UNKNOWN_ENVIRONMENT;
        }
        if (!snapshot.vouchesFor(environment)) {
            return RULES_UNAVAILABLE;
        }
        CompiledScope env = snapshot.compiled(Scope.ENVIRONMENT, environment.id());
        CompiledScope project = snapshot.compiled(Scope.PROJECT, environment.projectId());
        CompiledScope org = snapshot.compiled(Scope.ORG, environment.orgId());
        Decision decision = tables.decide(environment.id(), env, project, org, client, trafficScope, nowMicros);
        return decision != null ? decision : ChainMatcher.decide(env, project, org, client, trafficScope, nowMicros);
    }
}
