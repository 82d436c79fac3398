package dev.ipfence.core.policy;

import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The policies of one organization compiled for decisions: conditions, windows and source networks
 * compiled once, policies indexed by resource id (and those for all resources), each list in id
 * order so that the first applying DENY ends the evaluation. Immutable and thread-safe; gives the
 * decision of {@link PolicyModel}, which the property tests check.
 */
public final class CompiledPolicies {

    public static final Decision NO_POLICY = Decision.byPolicy(Action.DENY, Decision.Reason.NO_POLICY, null, null);

    private static final CompiledPolicy[] NONE = new CompiledPolicy[0];

    public static final CompiledPolicies EMPTY = compile(PolicySet.EMPTY);

    private final PolicySet source;
    private final Map<String, CompiledPolicy[]> byResource;
    private final CompiledPolicy[] allResources;
    private final PolicyGroups groups;
    private final int admissionCount;

    private CompiledPolicies(
            PolicySet source,
            Map<String, CompiledPolicy[]> byResource,
            CompiledPolicy[] allResources,
            PolicyGroups groups,
            int admissionCount) {
        this.source = source;
        this.byResource = byResource;
        this.allResources = allResources;
        this.groups = groups;
        this.admissionCount = admissionCount;
    }

    /** The states compiled, for the reference and for explanations. */
    public PolicySet source() {
        return source;
    }

    public boolean isEmpty() {
        return source.policies().isEmpty();
    }

    /**
     * Compiles what {@code set} holds; an {@link IllegalArgumentException} if a condition, window or
     * source address does not compile (the event reader refuses such records before).
     */
    public static CompiledPolicies compile(PolicySet set) {
        PolicyGroups groups = PolicyGroups.compile(set.groups());
        Map<UUID, CompiledAdmission> admissions = new HashMap<>();
        for (AdmissionRuleState rule : set.admissionRules()) {
            admissions.put(rule.id(), CompiledAdmission.compile(rule, admissions.size()));
        }
        Map<String, List<CompiledPolicy>> byResource = new HashMap<>();
        List<CompiledPolicy> all = new ArrayList<>();
        List<PolicyState> inIdOrder = inIdOrder(set.policies());
        for (int rank = 0; rank < inIdOrder.size(); rank++) {
            PolicyState state = inIdOrder.get(rank);
            CompiledPolicy policy = CompiledPolicy.compile(state, rank, groups, admissions);
            if (state.allResources()) {
                all.add(policy);
            } else {
                for (String resource : new HashSet<>(state.resources())) {
                    byResource.computeIfAbsent(resource, k -> new ArrayList<>()).add(policy);
                }
            }
        }
        // each list is filled in rank order
        Map<String, CompiledPolicy[]> indexed = new HashMap<>();
        byResource.forEach((resource, policies) -> indexed.put(resource, policies.toArray(NONE)));
        return new CompiledPolicies(set, indexed, all.toArray(NONE), groups, admissions.size());
    }

    /**
     * The policies by id in its canonical text form (docs/access-model.md, "The decision with an
     * identity"): a policy's rank in this list is what decisions compare.
     */
    private static List<PolicyState> inIdOrder(List<PolicyState> policies) {
        List<PolicyState> ordered = new ArrayList<>(policies);
        ordered.sort(Comparator.comparing(policy -> policy.id().toString()));
        return ordered;
    }

    /** The policies' decision for {@code request}; null when no policy covers its resource. */
    public Decision decide(PolicyRequest request) {
        CompiledPolicy[] specific = byResource.getOrDefault(request.resource().id(), NONE);
        CompiledPolicy[] general = allResources;
        if (specific.length == 0 && general.length == 0) {
            return null;
        }
        PolicyEvaluation evaluation = new PolicyEvaluation(request, groups, admissionCount);
        Decision allow = null;
        int i = 0;
        int j = 0;
        while (i < specific.length || j < general.length) {
            CompiledPolicy policy;
            if (j >= general.length || (i < specific.length && specific[i].rank < general[j].rank)) {
                policy = specific[i++];
            } else {
                policy = general[j++];
            }
            Action effect = policy.effect(evaluation);
            if (effect == Action.DENY) {
                return policy.denied;
            }
            if (effect == Action.ALLOW && allow == null) {
                allow = policy.allowed;
            }
        }
        return allow != null ? allow : NO_POLICY;
    }
}
