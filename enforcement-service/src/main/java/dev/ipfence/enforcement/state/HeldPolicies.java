package dev.ipfence.enforcement.state;

import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.policy.CompiledPolicies;
import dev.ipfence.core.policy.PolicySet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The policies, policy groups and admission rules of the rules topic, by organization, on the
 * writer's side of the {@link RuleStore}: which organizations changed since the last publish, and
 * which could not be compiled.
 */
final class HeldPolicies {

    private static final Logger LOG = Logger.getLogger(RuleStore.class);

    /** Where a held policy entity is: its organization and entity type. */
    record Entity(UUID orgId, String entityType) {}

    /** The policies, groups and admission rules one organization holds, in id order. */
    private static final class OrgPolicies {
        final Map<UUID, PolicyState> policies = new TreeMap<>();
        final Map<UUID, PolicyGroupState> groups = new TreeMap<>();
        final Map<UUID, AdmissionRuleState> admissionRules = new TreeMap<>();

        boolean isEmpty() {
            return policies.isEmpty() && groups.isEmpty() && admissionRules.isEmpty();
        }

        PolicySet toSet() {
            return new PolicySet(
                    List.copyOf(policies.values()), List.copyOf(groups.values()), List.copyOf(admissionRules.values()));
        }
    }

    /** An organization's compiled policies (null: it holds none), or why they could not be compiled. */
    private record CompiledOrg(UUID orgId, CompiledPolicies policies, String problem) {}

    private final Map<UUID, OrgPolicies> byOrg = new HashMap<>();
    private final Map<UUID, Entity> entities = new HashMap<>();
    private final Set<UUID> dirtyOrgs = new HashSet<>();
    private final Map<UUID, String> uncompilable = new HashMap<>();

    static boolean isPolicyEntity(String entityType) {
        return "admissionRule".equals(entityType) || "policyGroup".equals(entityType) || "policy".equals(entityType);
    }

    /** Forgets everything; the {@code published} organizations are compiled (to nothing) again. */
    void clear(Set<UUID> published) {
        byOrg.clear();
        entities.clear();
        uncompilable.clear();
        dirtyOrgs.clear();
        dirtyOrgs.addAll(published);
    }

    /** The organization and type of a held entity, or null. */
    Entity entity(UUID id) {
        return id == null ? null : entities.get(id);
    }

    /** Organizations whose policies could not be compiled. */
    Set<UUID> uncompilable() {
        return uncompilable.keySet();
    }

    void put(RuleEvent.PolicyEntityChange change) {
        UUID orgId = change.orgId();
        OrgPolicies held = byOrg.computeIfAbsent(orgId, k -> new OrgPolicies());
        if (change instanceof RuleEvent.AdmissionRuleChange rule) {
            held.admissionRules.put(rule.id(), rule.state());
        } else if (change instanceof RuleEvent.PolicyGroupChange group) {
            held.groups.put(group.id(), group.state());
        } else {
            RuleEvent.PolicyChange policy = (RuleEvent.PolicyChange) change;
            held.policies.put(policy.id(), policy.state());
        }
        entities.put(change.id(), new Entity(orgId, RuleEvent.entityType(change)));
        dirtyOrgs.add(orgId);
    }

    void remove(UUID id) {
        Entity entity = entities.remove(id);
        if (entity == null) {
            return;
        }
        OrgPolicies held = byOrg.get(entity.orgId());
        if (held != null) {
            held.policies.remove(id);
            held.groups.remove(id);
            held.admissionRules.remove(id);
            if (held.isEmpty()) {
                byOrg.remove(entity.orgId());
            }
        }
        dirtyOrgs.add(entity.orgId());
    }

    /**
     * Compiles every organization changed since the last call, side by side, into {@code
     * published}; returns the new map. An organization that fails to compile keeps failing closed
     * (for requests with an identity) until it changes again.
     */
    io.vavr.collection.HashMap<UUID, CompiledPolicies> compileChanged(
            io.vavr.collection.HashMap<UUID, CompiledPolicies> published,
            Function<PolicySet, CompiledPolicies> compiler) {
        List<UUID> orgs = new ArrayList<>(dirtyOrgs);
        dirtyOrgs.clear();
        List<CompiledOrg> compiled = (orgs.size() > 1 ? orgs.parallelStream() : orgs.stream())
                .map(orgId -> compile(orgId, compiler))
                .toList();
        io.vavr.collection.HashMap<UUID, CompiledPolicies> policies = published;
        for (CompiledOrg result : compiled) {
            if (result.problem() != null) {
                LOG.errorf(
                        "The policies of organization %s could not be compiled; its requests with an identity answer"
                                + " RULES_UNAVAILABLE until they change: %s",
                        result.orgId(), result.problem());
                uncompilable.put(result.orgId(), result.problem());
            } else {
                uncompilable.remove(result.orgId());
                policies = result.policies() == null
                        ? policies.remove(result.orgId())
                        : policies.put(result.orgId(), result.policies());
            }
        }
        return policies;
    }

    /** How many organizations changed since the last {@link #compileChanged}. */
    int changedCount() {
        return dirtyOrgs.size();
    }

    private CompiledOrg compile(UUID orgId, Function<PolicySet, CompiledPolicies> compiler) {
        OrgPolicies held = byOrg.get(orgId);
        if (held == null || held.isEmpty()) {
            return new CompiledOrg(orgId, null, null);
        }
        try {
            return new CompiledOrg(orgId, compiler.apply(held.toSet()), null);
        } catch (RuntimeException e) {
            return new CompiledOrg(orgId, null, e.toString());
        }
    }
}
