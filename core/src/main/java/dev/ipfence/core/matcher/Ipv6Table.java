package dev.ipfence.core.matcher;

/**
 * IPv6 rules of a scope: records {@code [start as four ints, count, members...]}. The bucket index
 * covers the upper 64 bits, where IPv6 networks differ.
 */
final class Ipv6Table extends RuleTable {

    private final Ipv6Index index;
    private final long[] spanHi;
    private final long[] spanLo;

    Ipv6Table(
            int ruleBase,
            boolean[] deny,
            int[] scopes,
            long[] expiresAt,
            int[][] trafficScopeIds,
            long[] spanHi,
            long[] spanLo,
            SegmentSweep sweep) {
        super(ruleBase, deny, scopes, expiresAt, trafficScopeIds, sweep, 4);
        this.spanHi = spanHi;
        this.spanLo = spanLo;
        int count = sweep.count;
        int pos = 0;
        for (int s = 0; s < count; s++) {
            records[pos] = (int) (sweep.startHi[s] >>> 32);
            records[pos + 1] = (int) sweep.startHi[s];
            records[pos + 2] = (int) (sweep.startLo[s] >>> 32);
            records[pos + 3] = (int) sweep.startLo[s];
            pos += header + records[pos + 4];
        }
        index = new Ipv6Index(sweep.startHi, sweep.startLo, count, recordPositions(sweep));
    }

    /** Where the lookup of the address starts: a record at or before its segment, or -1 when it lies before every rule. */
    int start(long hi, long lo) {
        return index.start(hi, lo);
    }

    /** The member of this scope that decides the address (see {@link #firstTakingPart}), from {@link #start}. */
    int candidate(int start, long hi, long lo, int allowListScope, int trafficScopeId, long nowMicros) {
        if (start < 0) {
            return Member.NONE;
        }
        int[] records = this.records;
        int at = start;
        // a later record starts above the address (the last record is only a start for addresses past it)
        while (at != lastRecord) {
            int next = at + header + records[at + 4];
            long nextHi = (long) records[next] << 32 | (records[next + 1] & 0xFFFF_FFFFL);
            long nextLo = (long) records[next + 2] << 32 | (records[next + 3] & 0xFFFF_FFFFL);
            if (Ipv6Index.below(hi, lo, nextHi, nextLo)) {
                break;
            }
            at = next;
        }
        return firstTakingPart(at + 4, allowListScope, trafficScopeId, nowMicros);
    }

    /** Whether member {@code a} here goes before member {@code b} of {@code other} ({@link Precedence#compare}). */
    boolean before(int a, Ipv6Table other, int b) {
        int ruleA = Member.rule(a);
        int ruleB = Member.rule(b);
        return Precedence.compare(
                        spanHi[ruleA],
                        spanLo[ruleA],
                        Member.deny(a),
                        Member.scope(a),
                        other.spanHi[ruleB],
                        other.spanLo[ruleB],
                        Member.deny(b),
                        Member.scope(b))
                < 0;
    }
}
