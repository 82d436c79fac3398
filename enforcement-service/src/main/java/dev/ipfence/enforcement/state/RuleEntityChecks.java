package dev.ipfence.enforcement.state;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.RuleConstraints;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.policy.ConditionProblem;
import dev.ipfence.core.policy.Conditions;
import dev.ipfence.core.policy.ResourceRef;
import dev.ipfence.core.policy.SourceIps;
import dev.ipfence.core.policy.TimeWindows;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The checks of an entity of {@code ipfence.rules.v1} beyond its JSON shape: what the contract
 * requires of it, and the limits the services hold it to. A failed check is an {@link IOException}
 * naming the problem, which {@link RuleEventReader} turns into a rejected record.
 */
final class RuleEntityChecks {

    private static final Set<String> ADMISSION_TYPES = Set.of("ALLOW", "DENY", "CUSTOM");
    private static final Set<String> MODES = Set.of("LOCAL", "REMOTE", "RESTRICTED");

    private RuleEntityChecks() {}

    /** Every entity: present, under its own id, in an organization. */
    private static void requireEntity(String what, UUID key, Object state, Supplier<UUID> id, Supplier<UUID> orgId)
            throws IOException {
        require(state != null, "the " + what + " event carries no entity");
        require(key.equals(id.get()), "the entity id " + id.get() + " is not the record key");
        require(orgId.get() != null, "the " + what + " names no orgId");
    }

    static RuleEvent environment(UUID id, long version, boolean deleted, EnvironmentState state) throws IOException {
        if (deleted) {
            return new RuleEvent.EnvironmentChange(id, version, null);
        }
        requireEntity("environment", id, state, () -> state.id(), () -> state.orgId());
        require(state.projectId() != null, "the environment names no projectId");
        return new RuleEvent.EnvironmentChange(id, version, state);
    }

    static RuleEvent rule(UUID id, long version, boolean deleted, RuleState state) throws IOException {
        if (deleted) {
            return new RuleEvent.RuleChange(id, version, state == null ? null : state.orgId(), null);
        }
        requireEntity("rule", id, state, () -> state.id(), () -> state.orgId());
        require(state.scopeId() != null, "the rule names no scopeId");
        require(
                Scope.fromWireName(state.scope()) != Scope.ORG
                        || state.scopeId().equals(state.orgId()),
                "an organization rule's scopeId is its orgId");
        require(state.action() != null, "the rule names no action");
        require(state.createdAt() != null, "the rule has no createdAt");
        require(state.trafficScopes() != null, "the rule has no trafficScopes (an empty list means all traffic)");
        List<String> problems = RuleConstraints.checkTrafficScopes(state.trafficScopes());
        require(problems.isEmpty(), "trafficScopes: " + String.join("; ", problems));
        RuleConstraints.checkExpiresAt(state.expiresAt()).ifPresent(problem -> {
            throw new IllegalArgumentException("expiresAt " + problem);
        });
        Rule rule = state.toRule();
        return new RuleEvent.RuleChange(id, version, state.orgId(), rule);
    }

    static RuleEvent admissionRule(UUID id, long version, boolean deleted, AdmissionRuleState state)
            throws IOException {
        if (deleted) {
            return new RuleEvent.AdmissionRuleChange(id, version, state == null ? null : state.orgId(), null);
        }
        requireEntity("admission rule", id, state, () -> state.id(), () -> state.orgId());
        require(
                state.type() != null && ADMISSION_TYPES.contains(state.type()),
                "type \"" + state.type() + "\" is not one of ALLOW, DENY, CUSTOM");
        List<ConditionProblem> problems = Conditions.check(state.rule());
        require(problems.isEmpty(), "rule: " + problems);
        if (state.hasTimeConstraint()) {
            List<String> window = TimeWindows.check(state.timeWindow());
            require(window.isEmpty(), String.join("; ", window));
        } else {
            require(state.timeWindow() == null, "timeWindow: must be absent when hasTimeConstraint is false");
        }
        return new RuleEvent.AdmissionRuleChange(id, version, state.orgId(), state);
    }

    static RuleEvent policyGroup(UUID id, long version, boolean deleted, PolicyGroupState state) throws IOException {
        if (deleted) {
            return new RuleEvent.PolicyGroupChange(id, version, state == null ? null : state.orgId(), null);
        }
        requireEntity("policy group", id, state, () -> state.id(), () -> state.orgId());
        require(
                state.maxDevices() >= 0 && state.maxDevices() <= 1_000,
                "maxDevices " + state.maxDevices() + " is not between 0 and 1000");
        List<String> idpMapping = listOf(state.idpMapping(), "idpMapping");
        return new RuleEvent.PolicyGroupChange(
                id,
                version,
                state.orgId(),
                new PolicyGroupState(
                        state.id(),
                        state.orgId(),
                        state.name(),
                        state.description(),
                        state.maxDevices(),
                        state.isSamlDefaultGroup(),
                        idpMapping,
                        state.createdAt(),
                        state.updatedAt(),
                        state.createdBy(),
                        state.updatedBy(),
                        state.version()));
    }

    static RuleEvent policy(UUID id, long version, boolean deleted, PolicyState state) throws IOException {
        if (deleted) {
            return new RuleEvent.PolicyChange(id, version, state == null ? null : state.orgId(), null);
        }
        requireEntity("policy", id, state, () -> state.id(), () -> state.orgId());
        require(
                state.type() != null && ResourceRef.TYPES.contains(state.type()),
                "type \"" + state.type() + "\" is not one of " + String.join(", ", ResourceRef.TYPES));
        require(
                state.mode() == null || MODES.contains(state.mode()),
                "mode \"" + state.mode() + "\" is not one of LOCAL, REMOTE, RESTRICTED (or absent)");
        List<UUID> groups = listOf(state.groups(), "groups");
        List<String> users = listOf(state.users(), "users");
        List<String> devices = listOf(state.devices(), "devices");
        List<String> resources = listOf(state.resources(), "resources");
        List<String> gateways = listOf(state.gateways(), "gateways");
        List<String> sourceIps = listOf(state.sourceIps(), "sourceIps");
        for (String entry : sourceIps) {
            try {
                SourceIps.parse(entry);
            } catch (AddressException e) {
                throw new IOException("sourceIps: " + e.getMessage());
            }
        }
        require(
                !"RESTRICTED".equals(state.mode()) || (!gateways.isEmpty() && !sourceIps.isEmpty()),
                "a RESTRICTED policy names gateways and sourceIps");
        require(!"LOCAL".equals(state.mode()) || gateways.isEmpty(), "a LOCAL policy names no gateways");
        return new RuleEvent.PolicyChange(
                id,
                version,
                state.orgId(),
                new PolicyState(
                        state.id(),
                        state.orgId(),
                        state.name(),
                        state.description(),
                        groups,
                        users,
                        devices,
                        resources,
                        gateways,
                        state.allGroups(),
                        state.allUsers(),
                        state.allDevices(),
                        state.allResources(),
                        sourceIps,
                        state.type(),
                        state.mode(),
                        state.action(),
                        state.rule(),
                        state.createdAt(),
                        state.updatedAt(),
                        state.createdBy(),
                        state.updatedBy(),
                        state.version()));
    }

    /** A list field: absent means empty; an entry that is null is refused. */
    private static <T> List<T> listOf(List<T> list, String field) throws IOException {
        if (list == null) {
            return List.of();
        }
        require(list.stream().allMatch(Objects::nonNull), field + ": an entry is null");
        return List.copyOf(list);
    }

    private static void require(boolean condition, String problem) throws IOException {
        if (!condition) {
            throw new IOException(problem);
        }
    }
}
