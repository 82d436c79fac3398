package dev.ipfence.core.matcher;

/**
 * IPv4 answers: records {@code [start, answer]}, record 0 for the addresses before every
 * segment, then one per segment.
 */
final class Ipv4Answers {
    private final Ipv4Index index;
    private final int[] records;
    private final int lastRecord;

    Ipv4Answers(ChainSegments segments) {
        int count = segments.count();
        records = new int[2 * (count + 1)];
        records[1] = Answer.NO_RULE;
        int[] positions = new int[count];
        for (int s = 0; s < count; s++) {
            positions[s] = 2 * (s + 1);
            records[positions[s]] = (int) segments.startLo()[s];
            records[positions[s] + 1] = segments.answer()[s];
        }
        lastRecord = 2 * count;
        index = new Ipv4Index(segments.startLo(), count, positions);
    }

    int answer(long address) {
        int at = Math.max(index.start(address), 0);
        int[] records = this.records;
        while (at != lastRecord && (records[at + 2] & 0xFFFF_FFFFL) <= address) {
            at += 2;
        }
        return records[at + 1];
    }
}
