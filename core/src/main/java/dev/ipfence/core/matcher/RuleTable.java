package dev.ipfence.core.matcher;

/**
 * The live rules of one family in a scope, numbered in precedence order, with their segments laid
 * out as one {@code int[]} of records (segment start, member count, {@link Member}s) so that
 * finding the segment brings its members into the cache with it. See docs/matcher.md.
 */
abstract class RuleTable {

    /** Position of this table's rule 0 among the scope's rules. */
    final int ruleBase;

    final int[] records;
    /** Record position of the last segment. */
    final int lastRecord;

    /** Expiry of each rule; null when no rule here needs a check. */
    private final long[] expiresAt;
    /** The traffic scope ids of each rule; null when no rule here names one. */
    private final int[][] trafficScopeIds;

    /** Ints before a record's members: its start and its count. */
    final int header;

    RuleTable(
            int ruleBase,
            boolean[] deny,
            int[] scopes,
            long[] expiresAt,
            int[][] trafficScopeIds,
            SegmentSweep sweep,
            int startInts) {
        this.ruleBase = ruleBase;
        this.header = startInts + 1;
        int n = deny.length;
        if (n >= Member.RULE) {
            throw new IllegalArgumentException("at most " + Member.RULE + " rules of a family in one scope");
        }
        int[] members = new int[n];
        boolean anyCheck = false;
        boolean anyTrafficScopes = false;
        for (int i = 0; i < n; i++) {
            boolean scoped = trafficScopeIds[i].length > 0;
            boolean check = scoped || Liveness.expires(expiresAt[i]);
            anyTrafficScopes |= scoped;
            anyCheck |= check;
            members[i] = Member.of(i, deny[i], check, scopes[i]);
        }
        this.expiresAt = anyCheck ? expiresAt : null;
        this.trafficScopeIds = anyTrafficScopes ? trafficScopeIds : null;

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
                out[pos++] = members[sweep.members[m]];
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
     * The first member of the segment whose count is at {@code countAt} that is live and takes
     * part: members are in precedence order, so it is this scope's best match. {@link Member#NONE}
     * when there is none.
     */
    final int firstTakingPart(int countAt, int allowListScope, int trafficScopeId, long nowMicros) {
        int[] records = this.records;
        int members = countAt + 1;
        for (int m = members, end = members + records[countAt]; m < end; m++) {
            int member = records[m];
            if (!AllowListScope.takesPart(Member.deny(member), Member.scope(member), allowListScope)) {
                continue;
            }
            if (Member.check(member) && !live(Member.rule(member), trafficScopeId, nowMicros)) {
                continue;
            }
            return member;
        }
        return Member.NONE;
    }

    private boolean live(int rule, int trafficScopeId, long nowMicros) {
        return !Liveness.expired(expiresAt[rule], nowMicros)
                && (trafficScopeIds == null || Liveness.appliesTo(trafficScopeIds[rule], trafficScopeId));
    }
}
