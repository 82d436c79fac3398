package dev.ipfence.enforcement.state;

import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.policy.CompiledPolicies;
import dev.ipfence.core.policy.PolicySet;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
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
    private long otherShardRecords;

    // writer-only state
    private final Map<UUID, Long> versions = new HashMap<>();
    private final Map<UUID, EnvironmentState> environments = new HashMap<>();
    private final Set<UUID> dirtyEnvironments = new HashSet<>();
    private final HeldRules rules = new HeldRules();
    private final HeldPolicies policies = new HeldPolicies();
    private final Quarantine quarantine = new Quarantine();
    private final Quarantine.Holdings holdings = new Quarantine.Holdings() {
        @Override
        public HeldPolicies.Entity policyEntity(UUID id) {
            return policies.entity(id);
        }

        @Override
        public UUID ruleScope(UUID id) {
            return rules.scopeOf(id);
        }

        @Override
        public boolean holdsEnvironment(UUID id) {
            return environments.containsKey(id);
        }
    };

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
        versions.clear();
        environments.clear();
        quarantine.clear();
        rules.clear(snapshot.scopes().keySet().toJavaSet());
        policies.clear(snapshot.policies().keySet().toJavaSet());
        dirtyEnvironments.clear();
        dirtyEnvironments.addAll(snapshot.environments().keySet().toJavaSet());
        otherShardRecords = 0;
    }

    /**
     * Applies one record read by {@link RuleEventReader}; {@code source} says where it came from.
     * Returns the record as applied: {@code event}, or its refusal when it is an API key's record,
     * or one of a type this version ignores, under the key of an entity held here (see {@link
     * #refusedUnderAnotherEntitysKey}). Returns null, and changes nothing, for a record of
     * another shard's organization, unless it names an entity held here (then the entity leaves
     * this shard, as the replica of all moves it) or a key quarantined here (then the quarantine
     * ends).
     */
    public RuleEvent apply(RuleEvent event, String source) {
        return apply(event, () -> source);
    }

    /** As {@link #apply(RuleEvent, String)}, with the source made only for a record refused. */
    public RuleEvent apply(RuleEvent event, Supplier<String> source) {
        event = refusedUnderAnotherEntitysKey(event);
        if (!shard.holds(event)) {
            otherShardRecords++;
            RuleEvent leaving = OrganizationShard.deletionOf(event);
            if (leaving == null || !holdsEntity(leaving)) {
                if (quarantine.holds(event.key())) {
                    // a valid record of another shard's organization after a refused one of its
                    // key: the quarantine ends, whatever its version, as this replica keeps no
                    // versions of other shards' entities. Taken as a record of no entity, so a
                    // checkpoint keeps the end of the quarantine, not a version to order by.
                    release(event);
                    return new RuleEvent.OtherChange(RuleEvent.entityId(event), "another shard's");
                }
                return null;
            }
            event = leaving;
        }
        if (event instanceof RuleEvent.RuleChange change) {
            if (newer(change.id(), change.version())) {
                rules.replace(change.id(), change.rule());
                release(change);
            }
        } else if (event instanceof RuleEvent.EnvironmentChange change) {
            if (newer(change.id(), change.version())) {
                putEnvironment(change.id(), change.state());
                release(change);
            }
        } else if (event instanceof RuleEvent.PolicyEntityChange change) {
            if (newer(change.id(), change.version())) {
                policies.remove(change.id());
                if (change.state() != null) {
                    policies.put(change);
                }
                release(change);
            }
        } else if (event instanceof RuleEvent.Tombstone tombstone) {
            forget(tombstone.id());
            release(tombstone);
        } else if (event instanceof RuleEvent.Rejected rejected) {
            quarantine.add(rejected, source.get(), clock.instant(), holdings);
        } else if (RuleEvent.endsQuarantine(event)) {
            release(event);
        }
        return event;
    }

    /**
     * {@code event}, or its refusal when it is an API key's record, or one of a type this version
     * ignores, under the key of an entity held here (an unreadable API key record under a rule's
     * id, say). Compaction keeps only a key's last record, so the held entity's record will leave
     * the topic: the entity is kept and closes what it belongs to, as after any record of it that
     * cannot be applied, until a valid record of it follows. A rule, environment or policy record
     * under another entity's id is applied as it says (it has a scope of its own to decide for).
     */
    private RuleEvent refusedUnderAnotherEntitysKey(RuleEvent event) {
        if (!(event instanceof RuleEvent.ApiKeyChange || event instanceof RuleEvent.OtherChange)) {
            return event;
        }
        String type = RuleEvent.entityType(event);
        UUID id = RuleEvent.entityId(event);
        String held = id == null ? null : heldEntityType(id);
        if (held == null || held.equals(type)) {
            return event;
        }
        return new RuleEvent.Rejected(
                event.key(),
                held,
                null,
                null,
                "a record of entity type " + type + " under the key of a " + held + " held here");
    }

    /** The type of the entity held under {@code id}, or null. */
    private String heldEntityType(UUID id) {
        if (rules.scopeOf(id) != null) {
            return "rule";
        }
        if (environments.containsKey(id)) {
            return "environment";
        }
        HeldPolicies.Entity entity = policies.entity(id);
        return entity == null ? null : entity.entityType();
    }

    /** Whether the rule, admission rule, policy group or policy a deletion names is held here. */
    private boolean holdsEntity(RuleEvent deletion) {
        return deletion instanceof RuleEvent.RuleChange change
                ? rules.scopeOf(change.id()) != null
                : policies.entity(((RuleEvent.PolicyEntityChange) deletion).id()) != null;
    }

    /**
     * Compiles every scope changed since the last call, side by side, and publishes one snapshot
     * with all of them; returns how many scopes were compiled. A scope that fails to compile keeps
     * failing closed until it changes again.
     */
    public int publish() {
        Snapshot old = snapshot;
        int changedScopes = rules.changedCount();
        io.vavr.collection.HashMap<UUID, CompiledScope> scopes = rules.compileChanged(old.scopes(), this::compile);
        int changedOrgs = policies.changedCount();
        io.vavr.collection.HashMap<UUID, CompiledPolicies> compiledPolicies =
                policies.compileChanged(old.policies(), this::compilePolicies);
        io.vavr.collection.HashMap<UUID, EnvironmentState> envs = old.environments();
        for (UUID id : dirtyEnvironments) {
            EnvironmentState env = environments.get(id);
            envs = env == null ? envs.remove(id) : envs.put(id, env);
        }
        dirtyEnvironments.clear();
        Set<UUID> unavailable = old.unavailable();
        List<QuarantinedRecord> quarantined = old.quarantined();
        Set<UUID> policiesUnavailable = old.policiesUnavailable();
        if (quarantine.changed() || changedScopes > 0 || changedOrgs > 0) {
            Set<UUID> failing = new HashSet<>(rules.uncompilable());
            Set<UUID> failingPolicies = new HashSet<>(policies.uncompilable());
            quarantined = quarantine.records();
            for (QuarantinedRecord record : quarantined) {
                if (record.failsClosed() != null) {
                    (HeldPolicies.isPolicyEntity(record.entityType()) ? failingPolicies : failing)
                            .add(record.failsClosed());
                }
            }
            unavailable = Set.copyOf(failing);
            policiesUnavailable = Set.copyOf(failingPolicies);
        }
        snapshot = new Snapshot(
                envs, scopes, unavailable, quarantined, rules.count(), compiledPolicies, policiesUnavailable, shard);
        return changedScopes + changedOrgs;
    }

    /** The compilation of one organization's policies; a seam for tests of a compiler failure. */
    protected CompiledPolicies compilePolicies(PolicySet set) {
        return CompiledPolicies.compile(set);
    }

    /** The matcher's compilation of one scope; a seam for tests of a compiler failure. */
    protected CompiledScope compile(Scope scope, Collection<Rule> rules) {
        return CompiledScope.compile(scope, rules);
    }

    /** Whether {@code version} is newer than any seen of {@code id}; it is then the one seen. One lookup when it is. */
    private boolean newer(UUID id, long version) {
        Long seen = versions.put(id, version);
        if (seen != null && seen >= version) {
            versions.put(id, seen);
            return false;
        }
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

    private void forget(UUID id) {
        versions.remove(id);
        if (environments.containsKey(id)) {
            putEnvironment(id, null);
        }
        rules.remove(id);
        policies.remove(id);
    }

    /** Lifts the quarantine of the record's key, if any (the key is made only when one is held). */
    private void release(RuleEvent event) {
        if (!quarantine.isEmpty()) {
            quarantine.release(event.key());
        }
    }
}
