package dev.ipfence.enforcement.state;

import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.policy.CompiledPolicies;
import dev.ipfence.core.policy.PolicySet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The current state rebuilt from {@code ipfence.rules.v1}, and the {@link Snapshot} decisions read.
 *
 * <p>One writer (the topic consumer) {@link #apply applies} the events of a batch, then {@link
 * #publish() publishes}: the scopes the batch touched are compiled, each once, and one new
 * snapshot makes all of them visible together. Events may come in any order across entities (a
 * rule before its environment); per entity, the highest version wins and older or repeated ones
 * are ignored.
 *
 * <p>Fail closed, for the affected scope only: a record that cannot be applied is quarantined and
 * a scope that cannot be compiled is marked; every chain through either answers {@code
 * RULES_UNAVAILABLE} until a later record of that entity (or a later change of that scope) mends
 * it. Nothing a record holds can make another scope or organization fail.
 */
public class RuleStore {

    private static final Logger LOG = Logger.getLogger(RuleStore.class);

    private final Clock clock;
    private final OrganizationShard shard;
    private volatile Snapshot snapshot;

    // writer-only state
    private final Map<UUID, Map<UUID, Rule>> rulesByScope = new HashMap<>();
    private final Map<UUID, Scope> scopeKinds = new HashMap<>();
    private final Map<UUID, UUID> ruleScopes = new HashMap<>();
    private final Map<UUID, Long> versions = new HashMap<>();
    private final Map<UUID, EnvironmentState> environments = new HashMap<>();
    private final Set<UUID> dirtyScopes = new HashSet<>();
    private final Set<UUID> dirtyEnvironments = new HashSet<>();
    private final Map<String, QuarantinedRecord> quarantine = new LinkedHashMap<>();
    private final Map<UUID, String> uncompilable = new HashMap<>();
    private final Map<UUID, OrgPolicies> policiesByOrg = new HashMap<>();
    private final Map<UUID, PolicyEntity> policyEntities = new HashMap<>();
    private final Set<UUID> dirtyOrgs = new HashSet<>();
    private final Map<UUID, String> uncompilablePolicies = new HashMap<>();
    private boolean quarantineChanged;
    private long ruleCount;
    private long otherShardRecords;

    /** A store of every organization's rules. */
    public RuleStore(Clock clock) {
        this(clock, OrganizationShard.ALL);
    }

    /** A store of the rules of {@code shard}'s organizations only. */
    public RuleStore(Clock clock, OrganizationShard shard) {
        this.clock = clock;
        this.shard = shard;
        this.snapshot = Snapshot.empty(shard);
    }

    public OrganizationShard shard() {
        return shard;
    }

    /** Records left out so far because their organization belongs to another shard. */
    public long otherShardRecords() {
        return otherShardRecords;
    }

    /** What decisions read: the state as of the last {@link #publish()}. */
    public Snapshot snapshot() {
        return snapshot;
    }

    /**
     * Forgets everything applied since the last publish and before: for a replay from offset 0,
     * which must see each record once, in order (a quarantine is lifted only by a later record).
     * The published snapshot stays until the next {@link #publish()}.
     */
    public void reset() {
        rulesByScope.clear();
        scopeKinds.clear();
        ruleScopes.clear();
        versions.clear();
        environments.clear();
        quarantine.clear();
        uncompilable.clear();
        policiesByOrg.clear();
        policyEntities.clear();
        uncompilablePolicies.clear();
        dirtyOrgs.clear();
        dirtyOrgs.addAll(snapshot.policies().keySet().toJavaSet());
        dirtyScopes.clear();
        dirtyScopes.addAll(snapshot.scopes().keySet().toJavaSet());
        dirtyEnvironments.clear();
        dirtyEnvironments.addAll(snapshot.environments().keySet().toJavaSet());
        quarantineChanged = true;
        ruleCount = 0;
    }

    /**
     * Applies one record read by {@link RuleEventReader}; {@code source} says where it came from.
     * Returns false, and changes nothing, for a record of another shard's organization.
     */
    public boolean apply(RuleEvent event, String source) {
        if (!shard.holds(event)) {
            otherShardRecords++;
            return false;
        }
        if (event instanceof RuleEvent.RuleChange change) {
            if (newer(change.id(), change.version())) {
                removeRule(change.id());
                if (change.rule() != null) {
                    putRule(change.rule());
                }
                release(change.key());
            }
        } else if (event instanceof RuleEvent.EnvironmentChange change) {
            if (newer(change.id(), change.version())) {
                putEnvironment(change.id(), change.state());
                release(change.key());
            }
        } else if (event instanceof RuleEvent.PolicyEntityChange change) {
            if (newer(change.id(), change.version())) {
                removePolicyEntity(change.id());
                if (change.state() != null) {
                    putPolicyEntity(change);
                }
                release(change.key());
            }
        } else if (event instanceof RuleEvent.Tombstone tombstone) {
            forget(tombstone.id());
            release(tombstone.key());
        } else if (event instanceof RuleEvent.Rejected rejected) {
            quarantine(rejected, source);
        } else {
            release(event.key());
        }
        return true;
    }

    /**
     * Compiles every scope changed since the last call, side by side, and publishes one snapshot
     * with all of them; returns how many scopes were compiled. A scope that fails to compile keeps
     * failing closed until it changes again.
     */
    public int publish() {
        List<UUID> changed = new ArrayList<>(dirtyScopes);
        dirtyScopes.clear();
        List<Compiled> results = (changed.size() > 1 ? changed.parallelStream() : changed.stream())
                .map(this::compile)
                .toList();
        Snapshot old = snapshot;
        io.vavr.collection.HashMap<UUID, CompiledScope> scopes = old.scopes();
        for (Compiled result : results) {
            if (result.problem() != null) {
                LOG.errorf(
                        "Scope %s could not be compiled; its chains answer RULES_UNAVAILABLE until it changes: %s",
                        result.scopeId(), result.problem());
                uncompilable.put(result.scopeId(), result.problem());
            } else {
                uncompilable.remove(result.scopeId());
                scopes = result.scope() == null
                        ? scopes.remove(result.scopeId())
                        : scopes.put(result.scopeId(), result.scope());
            }
        }
        List<UUID> orgs = new ArrayList<>(dirtyOrgs);
        dirtyOrgs.clear();
        List<CompiledOrg> compiledOrgs = (orgs.size() > 1 ? orgs.parallelStream() : orgs.stream())
                .map(this::compilePolicies)
                .toList();
        io.vavr.collection.HashMap<UUID, CompiledPolicies> policies = old.policies();
        for (CompiledOrg result : compiledOrgs) {
            if (result.problem() != null) {
                LOG.errorf(
                        "The policies of organization %s could not be compiled; its requests with an identity answer"
                                + " RULES_UNAVAILABLE until they change: %s",
                        result.orgId(), result.problem());
                uncompilablePolicies.put(result.orgId(), result.problem());
            } else {
                uncompilablePolicies.remove(result.orgId());
                policies = result.policies() == null
                        ? policies.remove(result.orgId())
                        : policies.put(result.orgId(), result.policies());
            }
        }
        io.vavr.collection.HashMap<UUID, EnvironmentState> envs = old.environments();
        for (UUID id : dirtyEnvironments) {
            EnvironmentState env = environments.get(id);
            envs = env == null ? envs.remove(id) : envs.put(id, env);
        }
        dirtyEnvironments.clear();
        Set<UUID> unavailable = old.unavailable();
        List<QuarantinedRecord> quarantined = old.quarantined();
        Set<UUID> policiesUnavailable = old.policiesUnavailable();
        if (quarantineChanged || !results.isEmpty() || !compiledOrgs.isEmpty()) {
            Set<UUID> failing = new HashSet<>(uncompilable.keySet());
            Set<UUID> failingPolicies = new HashSet<>(uncompilablePolicies.keySet());
            for (QuarantinedRecord record : quarantine.values()) {
                if (record.failsClosed() != null) {
                    (isPolicyEntity(record.entityType()) ? failingPolicies : failing).add(record.failsClosed());
                }
            }
            unavailable = Set.copyOf(failing);
            policiesUnavailable = Set.copyOf(failingPolicies);
            quarantined = List.copyOf(quarantine.values());
            quarantineChanged = false;
        }
        snapshot =
                new Snapshot(envs, scopes, unavailable, quarantined, ruleCount, policies, policiesUnavailable, shard);
        return changed.size() + orgs.size();
    }

    /** An organization's compiled policies (null: it holds none), or why they could not be compiled. */
    private record CompiledOrg(UUID orgId, CompiledPolicies policies, String problem) {}

    private CompiledOrg compilePolicies(UUID orgId) {
        OrgPolicies held = policiesByOrg.get(orgId);
        if (held == null || held.isEmpty()) {
            return new CompiledOrg(orgId, null, null);
        }
        try {
            return new CompiledOrg(orgId, compilePolicies(held.toSet()), null);
        } catch (RuntimeException e) {
            return new CompiledOrg(orgId, null, e.toString());
        }
    }

    /** The compilation of one organization's policies; a seam for tests of a compiler failure. */
    protected CompiledPolicies compilePolicies(PolicySet set) {
        return CompiledPolicies.compile(set);
    }

    /** The policies, groups and admission rules one organization holds, in id order. */
    private static final class OrgPolicies {
        final Map<UUID, PolicyState> policies = new java.util.TreeMap<>();
        final Map<UUID, PolicyGroupState> groups = new java.util.TreeMap<>();
        final Map<UUID, AdmissionRuleState> admissionRules = new java.util.TreeMap<>();

        boolean isEmpty() {
            return policies.isEmpty() && groups.isEmpty() && admissionRules.isEmpty();
        }

        PolicySet toSet() {
            return new PolicySet(
                    List.copyOf(policies.values()), List.copyOf(groups.values()), List.copyOf(admissionRules.values()));
        }
    }

    /** Where a held policy entity is: its organization and entity type. */
    private record PolicyEntity(UUID orgId, String entityType) {}

    static boolean isPolicyEntity(String entityType) {
        return "admissionRule".equals(entityType) || "policyGroup".equals(entityType) || "policy".equals(entityType);
    }

    private void putPolicyEntity(RuleEvent.PolicyEntityChange change) {
        UUID orgId = change.orgId();
        OrgPolicies held = policiesByOrg.computeIfAbsent(orgId, k -> new OrgPolicies());
        String type;
        if (change instanceof RuleEvent.AdmissionRuleChange rule) {
            held.admissionRules.put(rule.id(), rule.state());
            type = "admissionRule";
        } else if (change instanceof RuleEvent.PolicyGroupChange group) {
            held.groups.put(group.id(), group.state());
            type = "policyGroup";
        } else {
            RuleEvent.PolicyChange policy = (RuleEvent.PolicyChange) change;
            held.policies.put(policy.id(), policy.state());
            type = "policy";
        }
        policyEntities.put(change.id(), new PolicyEntity(orgId, type));
        dirtyOrgs.add(orgId);
    }

    private void removePolicyEntity(UUID id) {
        PolicyEntity entity = policyEntities.remove(id);
        if (entity == null) {
            return;
        }
        OrgPolicies held = policiesByOrg.get(entity.orgId());
        if (held != null) {
            held.policies.remove(id);
            held.groups.remove(id);
            held.admissionRules.remove(id);
            if (held.isEmpty()) {
                policiesByOrg.remove(entity.orgId());
            }
        }
        dirtyOrgs.add(entity.orgId());
    }

    /** A compiled scope (null: it has no rules left), or why it could not be compiled. */
    private record Compiled(UUID scopeId, CompiledScope scope, String problem) {}

    private Compiled compile(UUID scopeId) {
        Map<UUID, Rule> rules = rulesByScope.get(scopeId);
        if (rules == null || rules.isEmpty()) {
            return new Compiled(scopeId, null, null);
        }
        try {
            return new Compiled(scopeId, compile(scopeKinds.get(scopeId), rules.values()), null);
        } catch (RuntimeException e) {
            return new Compiled(scopeId, null, e.toString());
        }
    }

    /** The matcher's compilation of one scope; a seam for tests of a compiler failure. */
    protected CompiledScope compile(Scope scope, Collection<Rule> rules) {
        return CompiledScope.compile(scope, rules);
    }

    private boolean newer(UUID id, long version) {
        Long seen = versions.get(id);
        if (seen != null && seen >= version) {
            return false;
        }
        versions.put(id, version);
        return true;
    }

    private void putEnvironment(UUID id, EnvironmentState state) {
        if (state == null) {
            environments.remove(id);
        } else {
            environments.put(id, state);
        }
        dirtyEnvironments.add(id);
    }

    private void putRule(Rule rule) {
        UUID scopeId = rule.scopeId();
        rulesByScope.computeIfAbsent(scopeId, k -> new HashMap<>()).put(rule.id(), rule);
        scopeKinds.put(scopeId, rule.scope());
        ruleScopes.put(rule.id(), scopeId);
        dirtyScopes.add(scopeId);
        ruleCount++;
    }

    private void removeRule(UUID id) {
        UUID scopeId = ruleScopes.remove(id);
        if (scopeId != null) {
            Map<UUID, Rule> rules = rulesByScope.get(scopeId);
            rules.remove(id);
            if (rules.isEmpty()) {
                rulesByScope.remove(scopeId);
            }
            dirtyScopes.add(scopeId);
            ruleCount--;
        }
    }

    private void forget(UUID id) {
        versions.remove(id);
        if (environments.containsKey(id)) {
            putEnvironment(id, null);
        }
        removeRule(id);
        removePolicyEntity(id);
    }

    private void quarantine(RuleEvent.Rejected refused, String source) {
        UUID refusedId = parseUuid(refused.key());
        PolicyEntity known = refusedId == null ? null : policyEntities.get(refusedId);
        RuleEvent.Rejected rejected = refused.entityType() == null && known != null
                ? new RuleEvent.Rejected(
                        refused.key(),
                        known.entityType(),
                        refused.orgId() != null ? refused.orgId() : known.orgId(),
                        refused.scopeId(),
                        refused.reason())
                : refused;
        UUID failsClosed = failsClosed(rejected);
        QuarantinedRecord record = new QuarantinedRecord(
                rejected.key(),
                rejected.entityType(),
                rejected.orgId(),
                failsClosed,
                source,
                rejected.reason(),
                clock.instant());
        quarantine.put(rejected.key(), record);
        quarantineChanged = true;
        String type = rejected.entityType() == null ? "entity type unreadable" : rejected.entityType();
        if (failsClosed == null) {
            LOG.errorf(
                    "Quarantined record %s at %s (%s): %s; its organization cannot be read, so no chain is closed for it",
                    rejected.key(), source, type, rejected.reason());
        } else if (isPolicyEntity(rejected.entityType())) {
            LOG.errorf(
                    "Quarantined record %s at %s (%s, organization %s): %s; requests with an identity in the"
                            + " organization answer RULES_UNAVAILABLE until a valid record replaces it",
                    rejected.key(), source, type, failsClosed, rejected.reason());
        } else {
            LOG.errorf(
                    "Quarantined record %s at %s (%s, organization %s): %s; chains through %s answer RULES_UNAVAILABLE"
                            + " until a valid record replaces it",
                    rejected.key(),
                    source,
                    type,
                    rejected.orgId() == null ? "unreadable" : rejected.orgId(),
                    rejected.reason(),
                    failsClosed);
        }
    }

    /**
     * The narrowest scope a refused record can affect: a rule's scope (as it says, or as the store
     * knows it), an environment or project itself, else its whole organization.
     */
    private UUID failsClosed(RuleEvent.Rejected rejected) {
        UUID id = parseUuid(rejected.key());
        if (isPolicyEntity(rejected.entityType())) {
            // identity requests of the organization only (see Snapshot#vouchesForPolicies)
            PolicyEntity held = id == null ? null : policyEntities.get(id);
            return rejected.orgId() != null ? rejected.orgId() : held == null ? null : held.orgId();
        }
        if ("rule".equals(rejected.entityType())) {
            if (rejected.scopeId() != null) {
                return rejected.scopeId();
            }
            if (id != null && ruleScopes.containsKey(id)) {
                return ruleScopes.get(id);
            }
        }
        if (id != null && ("environment".equals(rejected.entityType()) || "project".equals(rejected.entityType()))) {
            return id;
        }
        if (rejected.orgId() != null) {
            return rejected.orgId();
        }
        if (id != null && ruleScopes.containsKey(id)) {
            return ruleScopes.get(id);
        }
        return id != null && environments.containsKey(id) ? id : null;
    }

    private void release(String key) {
        if (quarantine.remove(key) != null) {
            quarantineChanged = true;
            LOG.infof("Record %s is no longer quarantined: a later record of it was applied", key);
        }
    }

    private static UUID parseUuid(String key) {
        try {
            return UUID.fromString(key);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
