package dev.ipfence.enforcement.state;

import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.policy.CompiledPolicies;
import io.vavr.collection.HashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One consistent view of the rules that decisions read: the environments, the compiled scopes, and
 * the scopes enforcement cannot vouch for. Immutable; the topic consumer publishes a new one after
 * each batch of events, so a decision never combines a new environment scope with an old
 * organization scope. The maps are persistent: a new snapshot shares everything a batch did not
 * change, so publishing costs what the batch touched, not what the store holds.
 *
 * @param unavailable ids of organizations, projects, environments and scopes with a quarantined
 *     record or a scope that failed to compile: every chain through one of them fails closed
 * @param policies each organization's compiled policies, groups and admission rules
 * @param policiesUnavailable organizations with a quarantined (or uncompilable) policy, group or
 *     admission rule: their requests with an identity fail closed
 * @param shard the organizations whose rules the snapshot holds: every other one is DENY
 */
public record Snapshot(
        HashMap<UUID, EnvironmentState> environments,
        HashMap<UUID, CompiledScope> scopes,
        Set<UUID> unavailable,
        List<QuarantinedRecord> quarantined,
        long ruleCount,
        HashMap<UUID, CompiledPolicies> policies,
        Set<UUID> policiesUnavailable,
        OrganizationShard shard) {

    public static final Snapshot EMPTY = empty(OrganizationShard.ALL);

    /** No rules yet, of {@code shard}. */
    public static Snapshot empty(OrganizationShard shard) {
        return new Snapshot(HashMap.empty(), HashMap.empty(), Set.of(), List.of(), 0, HashMap.empty(), Set.of(), shard);
    }

    /** Whether this snapshot holds the rules of {@code orgId} (it is in the replica's shard). */
    public boolean serves(UUID orgId) {
        return shard.serves(orgId);
    }

    /** The organization's compiled policies; a shared empty set when it has none. */
    public CompiledPolicies policies(UUID orgId) {
        CompiledPolicies found = policies.getOrElse(orgId, null);
        return found != null ? found : CompiledPolicies.EMPTY;
    }

    /** Whether every policy, group and admission rule record of the organization was applied and compiled. */
    public boolean vouchesForPolicies(UUID orgId) {
        return policiesUnavailable.isEmpty() || !policiesUnavailable.contains(orgId);
    }

    /** The environment, or null when no event has named it (yet). */
    public EnvironmentState environment(UUID id) {
        return environments.getOrElse(id, null);
    }

    /** The compiled rules at a scope; a shared empty set when it has none. */
    public CompiledScope compiled(Scope scope, UUID scopeId) {
        CompiledScope found = scopes.getOrElse(scopeId, null);
        return found != null ? found : Empties.of(scope);
    }

    /**
     * Whether every record of the environment's chain (the environment, its project, its
     * organization) was applied and compiled, so that its decisions can be trusted.
     */
    public boolean vouchesFor(EnvironmentState environment) {
        return unavailable.isEmpty()
                || !(unavailable.contains(environment.id())
                        || unavailable.contains(environment.projectId())
                        || unavailable.contains(environment.orgId()));
    }

    /** Shared empty scopes, so that a decision never allocates one. */
    private static final class Empties {
        private static final CompiledScope ORG = CompiledScope.empty(Scope.ORG);
        private static final CompiledScope PROJECT = CompiledScope.empty(Scope.PROJECT);
        private static final CompiledScope ENVIRONMENT = CompiledScope.empty(Scope.ENVIRONMENT);

        static CompiledScope of(Scope scope) {
            return switch (scope) {
                case ORG -> ORG;
                case PROJECT -> PROJECT;
                case ENVIRONMENT -> ENVIRONMENT;
            };
        }
    }
}
