package dev.ipfence.enforcement.decisions;

import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.matcher.ChainMatcher;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.matcher.Liveness;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.policy.IdentityRequest;
import dev.ipfence.enforcement.state.ChainTables;
import dev.ipfence.enforcement.state.Snapshot;
import jakarta.inject.Singleton;

/**
 * The one decision path of the service, from a snapshot: an unknown environment, an environment of
 * an organization in another shard and a chain the snapshot cannot vouch for are DENY; otherwise the chain's table answers when it is current, and
 * the chain's compiled scopes when it is not (same answer). A request with an identity then goes
 * to the organization's compiled policies (an IP DENY is final). The property tests drive this
 * class.
 */
@Singleton
public class Decider {

    public static final Decision UNKNOWN_ENVIRONMENT =
            Decision.without(Action.DENY, Decision.Reason.UNKNOWN_ENVIRONMENT);
    public static final Decision RULES_UNAVAILABLE = Decision.without(Action.DENY, Decision.Reason.RULES_UNAVAILABLE);
    public static final Decision OTHER_SHARD = Decision.without(Action.DENY, Decision.Reason.OTHER_SHARD);

    private final ChainTables tables;

    public Decider(ChainTables tables) {
        this.tables = tables;
    }

    /**
     * The decision for {@code client} in {@code environment} (null: unknown) at {@code nowMicros},
     * for a request with {@code identity} (null: none, the IP decision alone): docs/access-model.md,
     * "The decision with an identity".
     */
    public Decision decide(
            Snapshot snapshot,
            EnvironmentState environment,
            IpAddress client,
            String trafficScope,
            long nowMicros,
            IdentityRequest identity) {
        Decision ip = decide(snapshot, environment, client, trafficScope, nowMicros);
        if (identity == null || ip.action() == Action.DENY) {
            return ip;
        }
        if (!snapshot.vouchesForPolicies(environment.orgId())) {
            return RULES_UNAVAILABLE;
        }
        Decision byPolicies =
                snapshot.policies(environment.orgId()).decide(identity.at(client, Liveness.instant(nowMicros)));
        return byPolicies != null ? byPolicies : ip;
    }

    /** The decision for {@code client} in {@code environment} (null: unknown) at {@code nowMicros}. */
    public Decision decide(
            Snapshot snapshot, EnvironmentState environment, IpAddress client, String trafficScope, long nowMicros) {
        if (environment == null) {
            return UNKNOWN_ENVIRONMENT;
        }
        if (!snapshot.serves(environment.orgId())) {
            return OTHER_SHARD;
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
