package dev.ipfence.core.matcher;

/** IPv4 rules of a scope: records {@code [start, count, members...]}. */
final class Ipv4Table extends RuleTable {

    private final Ipv4Index index;
    /** Span of each rule (addresses - 1), unsigned. */
    private final int[] span;

    Ipv4Table(
            int ruleBase,
            boolean[] deny,
            int[] scopes,
            long[] expiresAt,
            int[][] trafficScopeIds,
            long[] firstAddress,
            long[] lastAddress,
            SegmentSweep sweep) {
        super(ruleBase, deny, scopes, expiresAt, trafficScopeIds, sweep, 1);
        span = new int[deny.length];
        for (int i = 0; i < span.length; i++) {
            span[i] = (int) (lastAddress[i] - firstAddress[i]);
        }
        int count = sweep.count;
        int pos = 0;
        for (int s = 0; s < count; s++) {
            records[pos] = (int) sweep.startLo[s];
            pos += header + records[pos + 1];
        }
        index = new Ipv4Index(sweep.startLo, count, recordPositions(sweep));
    }

    /**
     * Where the lookup of {@code address} starts: a record at or before its segment, or -1 when
     * the address lies before every rule. Split from {@link #candidate} so that a chain's scopes
     * issue their index reads together.
     */
    int start(long address) {
        return index.start(address);
    }

    /** The member of this scope that decides {@code address} (see {@link #firstTakingPart}), from {@link #start}. */
    int candidate(int start, long address, int allowListScope, int trafficScopeId, long nowMicros) {
        if (start < 0) {
            return Member.NONE;
        }
        int[] records = this.records;
        int at = start;
        // a later record starts above the address (the last record is only a start for addresses past it)
        while (at != lastRecord) {
            int next = at + header + records[at + 1];
            if ((records[next] & 0xFFFF_FFFFL) > address) {
                break;
            }
            at = next;
        }
        return firstTakingPart(at + 1, allowListScope, trafficScopeId, nowMicros);
    }

    /** The {@link Precedence#ipv4Rank} of a member (not {@link Member#NONE}). */
    long rank(int member) {
        return Precedence.ipv4Rank(span[Member.rule(member)], Member.deny(member), Member.scope(member));
    }
}
