package dev.ipfence.core.matcher;

import dev.ipfence.core.model.Scope;

/**
 * The bit layout of a chain-table answer: one {@code int} naming the decision of a segment, so
 * that a lookup reads no more than its record and the decision slot.
 *
 * <pre>
 *  31..28   the owner: a scope's ordinal, or {@link #NO_RULE_OWNER}
 *  27..0    the decision slot in the owner's decisions
 * </pre>
 */
final class Answer {

    private static final int OWNER_SHIFT = 28;
    private static final int SLOT = (1 << OWNER_SHIFT) - 1;

    /** The owner after the three scopes: the chain's decision without a rule, at slot 0. */
    static final int NO_RULE_OWNER = Scope.values().length;

    /** The decision without a rule: {@code NOT_ALLOWLISTED} or {@code NO_RULES}. */
    static final int NO_RULE = NO_RULE_OWNER << OWNER_SHIFT;

    /** Left to the scopes: a rule that expires takes part before the deciding one. No owner has it. */
    static final int SCAN = -1;

    private Answer() {}

    static int of(int owner, int slot) {
        return owner << OWNER_SHIFT | slot;
    }

    static int owner(int answer) {
        return answer >>> OWNER_SHIFT;
    }

    static int slot(int answer) {
        return answer & SLOT;
    }
}
