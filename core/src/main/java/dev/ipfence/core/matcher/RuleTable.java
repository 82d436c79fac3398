package dev.ipfence.core.matcher;

/**
 * The live rules of one family in a scope, numbered in the scope's most-specific-first order, and
 * its segments laid out for lookups: one {@code int[]} of records, each a segment's start followed
 * by its member count and its members, so that finding the segment brings its members into the
 * cache with it. A member is its rule number with two flags, deny, and "check" when the rule
 * expires or names traffic scopes (rules without "check" decide without reading anything else),
 * and the ordinal of the rule's scope (always 0 in a one-scope table; a merged chain's table holds
 * the rules of three scopes).
 */
abstract class RuleTable {

    static final int DENY = 1 << 31;
    static final int CHECK = 1 << 30;
    private static final int SCOPE_SHIFT = 28;
    private static final int RULE = (1 << SCOPE_SHIFT) - 1;
    /** An allow-list scope no member has: allows never take part. */
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

    /**
     * Whether each record carries, after its count, the answer for each allow-list scope: one
     * byte each (ordinals 0-2, then {@link #NO_ALLOW_LIST}), the position of the first member
     * taking part, {@link #NO_MEMBER} when none does, or {@link #SCAN} when a member before it
     * needs a check (or it lies beyond the bytes' reach). Merged chains carry it: their segments
     * mix the allows of three scopes, of which at most one takes part.
     */
    final boolean answered;
    /** Ints before a record's members: its start, its count and, when answered, the answers. */
    final int header;

    private static final int NO_MEMBER = 254;
    /** Where the first record starts: after the NONE at position 0. */
    static final int FIRST_RECORD = 1;

    private static final int SCAN = 255;

    RuleTable(
            int ruleBase,
            boolean[] deny,
            int[] scopes,
            long[] expiresAt,
            int[][] tokens,
            SegmentSweep sweep,
            int startInts,
            boolean answered) {
        this.ruleBase = ruleBase;
        this.answered = answered;
        this.header = header(startInts, answered);
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
        // position 0 holds NONE: the member a record's "no member" answer points at
        int[] out = new int[FIRST_RECORD + count * header + sweep.offsets[count]];
        out[0] = NONE;
        int pos = FIRST_RECORD;
        int last = FIRST_RECORD;
        for (int s = 0; s < count; s++) {
            last = pos;
            pos += startInts;
            int from = sweep.offsets[s];
            int to = sweep.offsets[s + 1];
            out[pos++] = to - from;
            if (answered) {
                out[pos++] = answers(sweep.members, from, to, flags);
            }
            for (int m = from; m < to; m++) {
                int rule = sweep.members[m];
                out[pos++] = rule | flags[rule];
            }
        }
        this.records = out;
        this.lastRecord = last;
    }

    static int header(int startInts, boolean answered) {
        return startInts + (answered ? 2 : 1);
    }

    private static int answers(int[] members, int from, int to, int[] flags) {
        int answers = 0;
        for (int allowListScope = 0; allowListScope <= NO_ALLOW_LIST; allowListScope++) {
            int answer = NO_MEMBER;
            for (int m = from; m < to; m++) {
                int flag = flags[members[m]];
                if (m - from >= NO_MEMBER || (flag & CHECK) != 0) {
                    answer = SCAN;
                    break;
                }
                if ((flag & DENY) != 0 || (flag >>> SCOPE_SHIFT & 3) == allowListScope) {
                    answer = m - from;
                    break;
                }
            }
            answers |= answer << (8 * allowListScope);
        }
        return answers;
    }

    /** The bucket index over this table's records, keyed by {@code key} (see {@link SegmentSweep#index}). */
    final int[] bucketIndex(SegmentSweep sweep, long[] key, int shift) {
        return SegmentSweep.index(key, sweep.count, shift, recordPositions(sweep, header));
    }

    private static int[] recordPositions(SegmentSweep sweep, int header) {
        int[] positions = new int[sweep.count];
        int pos = FIRST_RECORD;
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
        if (answered) {
            members++;
            int answer = records[countAt + 1] >>> (allowListScope << 3) & 0xFF;
            if (answer != SCAN) {
                // no branch on whether a member takes part: "no member" reads the NONE at 0
                return records[answer == NO_MEMBER ? 0 : members + answer];
            }
        }
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
