package dev.ipfence.core.matcher;

/**
 * The live rules of one family in a scope, numbered in the scope's most-specific-first order, and
 * its segments laid out for lookups: one {@code int[]} of records, each a segment's start followed
 * by its member count and its members, so that finding the segment brings its members into the
 * cache with it. A member is its rule number with two flags, deny, and "check" when the rule
 * expires or names traffic scopes (rules without "check" decide without reading anything else),
 * and the ordinal of the rule's scope.
 */
abstract class RuleTable {

    static final int DENY = 1 << 31;
    static final int CHECK = 1 << 30;
    private static final int SCOPE_SHIFT = 28;
    private static final int RULE = (1 << SCOPE_SHIFT) - 1;
    /** An allow-list scope no rule has: allows never take part. */
    static final int NO_ALLOW_LIST = 3;
    /** No member: all flags and a rule number no table reaches. */
    static final int NONE = -1;

    /** Position of this table's rule 0 among the scope's rules. */
    final int ruleBase;

    final int[] records;
    /** Record position of the last segment. */
    final int lastRecord;

    /** Expiry of each rule; null when no rule here needs a check. */
    private final long[] expiresAt;
    /** The traffic scope numbers of each rule; null when no rule here names one. */
    private final int[][] tokens;

    /** Ints before a record's members: its start and its count. */
    final int header;

    RuleTable(
            int ruleBase,
            boolean[] deny,
            int[] scopes,
            long[] expiresAt,
            int[][] tokens,
            SegmentSweep sweep,
            int startInts) {
        this.ruleBase = ruleBase;
        this.header = startInts + 1;
        int n = deny.length;
        if (n >= RULE) {
            throw new IllegalArgumentException("at most " + RULE + " rules of a family in one scope");
        }
        int[] flags = new int[n];
        boolean anyCheck = false;
        boolean anyTokens = false;
        for (int i = 0; i < n; i++) {
            boolean scoped = tokens[i].length > 0;
            boolean check = scoped || expiresAt[i] != CompiledScope.NEVER;
            anyTokens |= scoped;
            anyCheck |= check;
            flags[i] = (deny[i] ? DENY : 0) | (check ? CHECK : 0) | scopes[i] << SCOPE_SHIFT;
        }
        this.expiresAt = anyCheck ? expiresAt : null;
        this.tokens = anyTokens ? tokens : null;

        int count = sweep.count;
        int[] out = new int[count * header + sweep.offsets[count]];
        int pos = 0;
        int last = 0;
        for (int s = 0; s < count; s++) {
            last = pos;
            pos += startInts;
            int from = sweep.offsets[s];
            int to = sweep.offsets[s + 1];
            out[pos++] = to - from;
            for (int m = from; m < to; m++) {
                int rule = sweep.members[m];
                out[pos++] = rule | flags[rule];
            }
        }
        this.records = out;
        this.lastRecord = last;
    }

    /** Where each segment's record starts. */
    final int[] recordPositions(SegmentSweep sweep) {
        int[] positions = new int[sweep.count];
        int pos = 0;
        for (int s = 0; s < sweep.count; s++) {
            positions[s] = pos;
            pos += header + sweep.offsets[s + 1] - sweep.offsets[s];
        }
        return positions;
    }

    /**
     * The first member of the segment whose count is at {@code countAt} that takes part: live at
     * {@code nowMicros}, applying to traffic scope {@code token}, and a deny or an allow of the
     * scope holding the allow list ({@code allowListScope}, an ordinal, or {@link #NO_ALLOW_LIST}).
     * Members are most specific first, so it is the best match. The member (rule number and
     * flags), or {@link #NONE}.
     */
    final int firstTakingPart(int countAt, int allowListScope, int token, long nowMicros) {
        int[] records = this.records;
        int members = countAt + 1;
        for (int m = members, end = members + records[countAt]; m < end; m++) {
            int member = records[m];
            if (member >= 0 && (member >>> SCOPE_SHIFT & 3) != allowListScope) {
                continue;
            }
            if ((member & CHECK) != 0 && !live(member & RULE, token, nowMicros)) {
                continue;
            }
            return member;
        }
        return NONE;
    }

    private boolean live(int rule, int token, long nowMicros) {
        if (expiresAt[rule] <= nowMicros) {
            return false;
        }
        if (tokens == null || tokens[rule].length == 0) {
            return true;
        }
        if (token < 0) {
            return false;
        }
        for (int t : tokens[rule]) {
            if (t == token) {
                return true;
            }
        }
        return false;
    }

    static int rule(int member) {
        return member & RULE;
    }
}
