package dev.ipfence.core.policy;

import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The reference of the identity-aware decision, written straight from docs/access-model.md
 * ("Identity-aware access") to be obviously right rather than fast: it compiles every condition
 * and window it meets, each time, and evaluates conditions with the CEL interpreter alone.
 * {@link CompiledPolicies} must give the same decision.
 */
public final class PolicyModel {

    /** The order that breaks ties between policies: the smallest id in its text form first. */
    public static final Comparator<PolicyState> FIRST_BY_ID = Comparator.comparing(p -> p.id().toString());

    private PolicyModel() {}

    /**
     * How one policy covering the resource was judged: whether it matched the request, whether it
     * applied, with which effect, and why (the first check it failed, or what made its effect).
     */
    public record Considered(
            UUID policyId, boolean matched, boolean applied, Action effect, UUID admissionRuleId, String why) {}

    /** The policies' decision (null: no policy covers the resource), and every covering policy in id order. */
    public record Result(Decision decision, List<Considered> considered) {}

    /** The decision for a request with an identity: the IP decision's DENY is final, then the policies'. */
    public static Decision decide(Decision ipDecision, PolicySet set, PolicyRequest request) {
        if (ipDecision.action() == Action.DENY) {
            return ipDecision;
        }
        Decision byPolicies = evaluate(set, request).decision();
        return byPolicies != null ? byPolicies : ipDecision;
    }

    public static Result evaluate(PolicySet set, PolicyRequest request) {
        List<Considered> considered = new ArrayList<>();
        set.policies().stream()
                .filter(policy -> covers(policy, request))
                .sorted(FIRST_BY_ID)
                .forEach(policy -> considered.add(consider(policy, set, request)));
        Decision decision = considered.stream()
                .filter(c -> c.applied() && c.effect() == Action.DENY)
                .findFirst()
                .or(() -> considered.stream()
                        .filter(c -> c.applied() && c.effect() == Action.ALLOW)
                        .findFirst())
                .map(c -> Decision.byPolicy(
                        c.effect(),
                        c.effect() == Action.DENY ? Decision.Reason.POLICY_DENY : Decision.Reason.POLICY_ALLOW,
                        c.policyId(),
                        c.admissionRuleId()))
                .orElse(considered.isEmpty() ? null : CompiledPolicies.NO_POLICY);
        return new Result(decision, List.copyOf(considered));
    }

    static boolean covers(PolicyState policy, PolicyRequest request) {
        return policy.allResources()
                || policy.resources().contains(request.resource().id());
    }

    private static Considered consider(PolicyState policy, PolicySet set, PolicyRequest request) {
        for (UUID group : policy.groups()) {
            if (set.groups().stream().noneMatch(g -> g.id().equals(group))) {
                return dangling(policy, "missing group " + group);
            }
        }
        AdmissionRuleState rule = policy.rule() == null
                ? null
                : set.admissionRules().stream()
                        .filter(r -> r.id().equals(policy.rule()))
                        .findFirst()
                        .orElse(null);
        if (policy.rule() != null && rule == null) {
            return dangling(policy, "missing admission rule " + policy.rule());
        }
        String mismatch = mismatch(policy, set, request);
        if (mismatch != null) {
            return new Considered(policy.id(), false, false, null, policy.rule(), mismatch);
        }
        Action action = policy.action() ? Action.ALLOW : Action.DENY;
        if (rule == null) {
            return applies(policy, action, "no admission rule");
        }
        if (rule.hasTimeConstraint() && !TimeWindows.compile(rule.timeWindow()).contains(request.time())) {
            return doesNotApply(policy, "outside time window");
        }
        Condition.Outcome outcome = Conditions.compile(rule.rule()).evaluateWithCel(request.conditionInput());
        return switch (outcome.value()) {
            case TRUE -> applies(policy, rule.type().equals("DENY") ? Action.DENY : action, "condition true");
            case FALSE ->
                rule.type().equals("CUSTOM")
                        ? applies(policy, Action.DENY, "condition false")
                        : doesNotApply(policy, "condition false");
            case FAILED -> applies(policy, Action.DENY, "condition failed: " + outcome.failure());
        };
    }

    /** The first of subject, type, gateway, source and mode that the request does not meet; null when it matches. */
    private static String mismatch(PolicyState policy, PolicySet set, PolicyRequest request) {
        if (!subject(policy, set, request.identity())) {
            return "subject";
        }
        if (!policy.type().equals(request.resource().type())) {
            return "type";
        }
        if (!policy.gateways().isEmpty() && !policy.gateways().contains(request.gateway())) {
            return "gateway";
        }
        boolean fromSource = policy.sourceIps().stream()
                .anyMatch(entry -> SourceIps.parse(entry).contains(request.client()));
        if (!policy.sourceIps().isEmpty() && !fromSource) {
            return "sourceIps";
        }
        boolean throughGateway = request.gateway() != null;
        boolean modeHolds = switch (policy.mode() == null ? "" : policy.mode()) {
            case "LOCAL" -> !throughGateway;
            case "REMOTE" -> throughGateway;
            case "RESTRICTED" -> throughGateway && policy.gateways().contains(request.gateway()) && fromSource;
            default -> true;
        };
        return modeHolds ? null : "mode";
    }

    private static boolean subject(PolicyState policy, PolicySet set, Identity identity) {
        Identity.User user = identity.user();
        List<UUID> memberOf = memberOf(set.groups(), user);
        return (policy.allUsers() && user != null)
                || (policy.allGroups() && !memberOf.isEmpty())
                || (user != null && !user.id().isEmpty() && policy.users().contains(user.id()))
                || policy.groups().stream().anyMatch(memberOf::contains)
                || (policy.allDevices() && identity.namesDevice())
                || (identity.namesDevice()
                        && policy.devices().contains(identity.device().id()));
    }

    /** The groups of the organization the user is a member of: by IdP name or group id, else the SAML default ones. */
    static List<UUID> memberOf(List<PolicyGroupState> groups, Identity.User user) {
        if (user == null) {
            return List.of();
        }
        List<UUID> direct = groups.stream()
                .filter(group -> user.groups().stream()
                        .anyMatch(name -> group.id().toString().equals(name)
                                || (group.idpMapping() != null
                                        && group.idpMapping().contains(name))))
                .map(PolicyGroupState::id)
                .toList();
        return !direct.isEmpty()
                ? direct
                : groups.stream()
                        .filter(PolicyGroupState::isSamlDefaultGroup)
                        .map(PolicyGroupState::id)
                        .toList();
    }

    private static Considered applies(PolicyState policy, Action effect, String why) {
        return new Considered(policy.id(), true, true, Objects.requireNonNull(effect), policy.rule(), why);
    }

    /** A policy naming a group or admission rule that is not held applies as DENY, whatever the request. */
    private static Considered dangling(PolicyState policy, String why) {
        return new Considered(policy.id(), false, true, Action.DENY, policy.rule(), why);
    }

    private static Considered doesNotApply(PolicyState policy, String why) {
        return new Considered(policy.id(), true, false, null, policy.rule(), why);
    }
}
