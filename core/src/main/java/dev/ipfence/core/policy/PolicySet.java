package dev.ipfence.core.policy;

import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import java.util.List;

/** The policies, policy groups and admission rules of one organization, as the event contract carries them. */
public record PolicySet(
        List<PolicyState> policies, List<PolicyGroupState> groups, List<AdmissionRuleState> admissionRules) {

    public static final PolicySet EMPTY = new PolicySet(List.of(), List.of(), List.of());

    public PolicySet {
        policies = List.copyOf(policies);
        groups = List.copyOf(groups);
        admissionRules = List.copyOf(admissionRules);
    }
}
