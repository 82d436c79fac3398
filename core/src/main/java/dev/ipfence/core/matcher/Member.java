package dev.ipfence.core.matcher;

/**
 * The bit layout of a segment member in a scope's {@link RuleTable}: one {@code int} holding all a
 * lookup needs to decide whether the rule takes part, without reading anything else for most
 * rules.
 *
 * <pre>
 *  bit 31   deny (so a deny is negative)
 *  bit 30   check: the rule expires or names traffic scopes, its liveness must be looked up
 *  29..28   the ordinal of the rule's scope
 *  27..0    the rule's number in its table
 * </pre>
 */
final class Member {

    private static final int DENY = 1 << 31;
    private static final int CHECK = 1 << 30;
    private static final int SCOPE_SHIFT = 28;
    private static final int SCOPE_BITS = 3;
    /** Rule-number bits; also one more than the largest rule number. */
    static final int RULE = (1 << SCOPE_SHIFT) - 1;

    /** No member: every bit set, a rule number no table reaches. */
    static final int NONE = -1;

    private Member() {}

    static int of(int rule, boolean deny, boolean check, int scope) {
        return rule | (deny ? DENY : 0) | (check ? CHECK : 0) | scope << SCOPE_SHIFT;
    }

    static int rule(int member) {
        return member & RULE;
    }

    static boolean deny(int member) {
        return member < 0;
    }

    static boolean check(int member) {
        return (member & CHECK) != 0;
    }

    static int scope(int member) {
        return member >>> SCOPE_SHIFT & SCOPE_BITS;
    }
}
