package dev.ipfence.core.policy;

import java.util.BitSet;

/**
 * What one request computes at most once: the user's groups, the condition input, each admission
 * rule's window and condition outcome.
 */
final class PolicyEvaluation {
    /** Marks an admission rule outside its time window (compared by identity). */
    private static final Condition.Outcome OUTSIDE_WINDOW =
            new Condition.Outcome(Condition.Outcome.Value.FAILED, "outside the time window");

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

    /** The outcome of {@code admission}'s condition for this request, or null outside its time window. */
    Condition.Outcome outcome(CompiledAdmission admission) {
        if (outcomes == null) {
            outcomes = new Condition.Outcome[admissionCount];
        }
        Condition.Outcome outcome = outcomes[admission.index()];
        if (outcome == null) {
            if (admission.window() != null && !admission.window().contains(request.time())) {
                outcome = OUTSIDE_WINDOW;
            } else {
                if (input == null) {
                    input = request.conditionInput();
                }
                outcome = admission.condition().evaluate(input);
            }
            outcomes[admission.index()] = outcome;
        }
        return outcome == OUTSIDE_WINDOW ? null : outcome;
    }
}
