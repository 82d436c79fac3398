package dev.ipfence.core.policy;

import java.util.BitSet;

/** What one request computes at most once: the user's groups, the condition input, each condition's outcome. */
final class PolicyEvaluation {
    final PolicyRequest request;
    final Identity.User user;
    final boolean namesDevice;
    private final PolicyGroups groups;
    private final int admissionCount;
    private BitSet members;
    private ConditionInput input;
    private Condition.Outcome[] outcomes;

    PolicyEvaluation(PolicyRequest request, PolicyGroups groups, int admissionCount) {
        this.request = request;
        this.user = request.identity().user();
        this.namesDevice = request.identity().namesDevice();
        this.groups = groups;
        this.admissionCount = admissionCount;
    }

    BitSet members() {
        if (members == null) {
            members = groups.membersOf(user);
        }
        return members;
    }

    Condition.Outcome outcome(CompiledAdmission admission) {
        if (outcomes == null) {
            outcomes = new Condition.Outcome[admissionCount];
            input = request.conditionInput();
        }
        Condition.Outcome outcome = outcomes[admission.index()];
        if (outcome == null) {
            outcome = admission.condition().evaluate(input);
            outcomes[admission.index()] = outcome;
        }
        return outcome;
    }
}
