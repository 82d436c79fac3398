package dev.ipfence.core.matcher;

/**
 * Where an IPv4 lookup starts among records of segments in address order: a bucket index over the
 * segment starts (see {@link SegmentSweep#index}) and the family's bounds.
 */
final class Ipv4Index {

    private final long first;
    private final long last;
    private final int shift;
    private final int[] index;
    private final int lastRecord;

    /** Segment {@code s} starts at {@code start[s]} and its record at {@code position[s]}. */
    Ipv4Index(long[] start, int count, int[] position) {
        if (count == 0) {
            first = Long.MAX_VALUE;
            last = Long.MAX_VALUE;
            shift = 0;
            index = new int[1];
            lastRecord = -1;
        } else {
            first = start[0];
            last = start[count - 1];
            shift = SegmentSweep.shift(start, count);
            index = SegmentSweep.index(start, count, shift, position);
            lastRecord = position[count - 1];
        }
    }

    /** A record at or before the segment of {@code address}, or -1 when it lies before every segment. */
    int start(long address) {
        // written without branches on the address (conditional moves): lookups of addresses inside
        // and outside the rules alternate unpredictably, and a mispredicted branch stalls them
        long clamped = Math.min(Math.max(address, first), last);
        int at = index[(int) ((clamped - first) >>> shift)];
        at = address >= last ? lastRecord : at;
        return address < first ? -1 : at;
    }
}
