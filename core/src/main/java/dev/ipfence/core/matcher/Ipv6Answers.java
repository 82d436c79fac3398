package dev.ipfence.core.matcher;

/**
 * IPv6 answers: records {@code [start as four ints, answer]}, record 0 for the addresses
 * before every segment, then one per segment.
 */
final class Ipv6Answers {
    private static final int RECORD = 5;
    private final Ipv6Index index;
    private final int[] records;
    private final int lastRecord;

    Ipv6Answers(ChainSegments segments) {
        int count = segments.count();
        records = new int[RECORD * (count + 1)];
        records[RECORD - 1] = Answer.NO_RULE;
        int[] positions = new int[count];
        for (int s = 0; s < count; s++) {
            int at = RECORD * (s + 1);
            positions[s] = at;
            long hi = segments.startHi()[s];
            long lo = segments.startLo()[s];
            records[at] = (int) (hi >>> 32);
            records[at + 1] = (int) hi;
            records[at + 2] = (int) (lo >>> 32);
            records[at + 3] = (int) lo;
            records[at + 4] = segments.answer()[s];
        }
        lastRecord = RECORD * count;
        index = new Ipv6Index(segments.startHi(), segments.startLo(), count, positions);
    }

    int answer(long hi, long lo) {
        int at = Math.max(index.start(hi, lo), 0);
        int[] records = this.records;
        while (at != lastRecord) {
            int next = at + RECORD;
            long nextHi = (long) records[next] << 32 | (records[next + 1] & 0xFFFF_FFFFL);
            long nextLo = (long) records[next + 2] << 32 | (records[next + 3] & 0xFFFF_FFFFL);
            if (Ipv6Index.below(hi, lo, nextHi, nextLo)) {
                break;
            }
            at = next;
        }
        return records[at + RECORD - 1];
    }
}
