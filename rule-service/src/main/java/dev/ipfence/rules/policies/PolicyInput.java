package dev.ipfence.rules.policies;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.policy.PolicyConstraints;
import dev.ipfence.core.policy.PolicyConstraints.Violation;
import dev.ipfence.rules.common.Violations;
import dev.ipfence.rules.policies.PolicyApi.PolicyRequest;
import dev.ipfence.web.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Turns a policy request into a valid policy (but for whether its groups and rule exist), or refuses it. */
final class PolicyInput {

    private PolicyInput() {}

    static PolicyState valid(
            PolicyRequest request,
            UUID id,
            UUID orgId,
            Instant createdAt,
            Instant updatedAt,
            String createdBy,
            String updatedBy,
            long version) {
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON object with name, type and action is required");
        }
        List<Violation> problems = new ArrayList<>();
        List<UUID> groups = new ArrayList<>();
        List<String> groupIds = orEmpty(request.groups());
        if (groupIds.size() > PolicyConstraints.MAX_LIST_ENTRIES) {
            problems.add(new Violation(
                    "groups", "at most " + PolicyConstraints.MAX_LIST_ENTRIES + " entries, got " + groupIds.size()));
        } else {
            for (int i = 0; i < groupIds.size(); i++) {
                UUID group = uuid("groups[" + i + "]", groupIds.get(i), "policy group", problems);
                if (group != null) {
                    groups.add(group);
                }
            }
        }
        UUID rule = request.rule() == null ? null : uuid("rule", request.rule(), "admission rule", problems);
        if (request.action() == null) {
            problems.add(new Violation("action", "is required: true allows, false denies"));
        }
        PolicyState policy = new PolicyState(
                id,
                orgId,
                request.name(),
                request.description(),
                groups,
                orEmpty(request.users()),
                orEmpty(request.devices()),
                orEmpty(request.resources()),
                orEmpty(request.gateways()),
                Boolean.TRUE.equals(request.allGroups()),
                Boolean.TRUE.equals(request.allUsers()),
                Boolean.TRUE.equals(request.allDevices()),
                Boolean.TRUE.equals(request.allResources()),
                canonical(orEmpty(request.sourceIps())),
                request.type(),
                request.mode(),
                Boolean.TRUE.equals(request.action()),
                rule,
                createdAt,
                updatedAt,
                createdBy,
                updatedBy,
                version);
        problems.addAll(PolicyConstraints.checkPolicy(policy));
        Violations.throwIfAny(PolicyService.WHAT, problems);
        return policy;
    }

    /** Each source in canonical form; one that does not parse is kept as given, for the check to name. */
    private static List<String> canonical(List<String> sources) {
        if (sources.size() > PolicyConstraints.MAX_LIST_ENTRIES) {
            return sources;
        }
        List<String> canonical = new ArrayList<>(sources.size());
        for (String source : sources) {
            try {
                canonical.add(PolicyConstraints.parseSource(source).toString());
            } catch (AddressException e) {
                canonical.add(source);
            }
        }
        return canonical;
    }

    private static UUID uuid(String field, String value, String what, List<Violation> problems) {
        try {
            if (value != null && value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        problems.add(new Violation(
                field, "\"" + value + "\" is not " + (what.startsWith("a") ? "an " : "a ") + what + " id (a UUID)"));
        return null;
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }
}
