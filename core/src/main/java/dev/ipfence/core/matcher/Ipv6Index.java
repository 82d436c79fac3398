package dev.ipfence.core.matcher;

/**
 * Where an IPv6 lookup starts among records of segments in address order: a bucket index over the
 * upper 64 bits of the segment starts (see {@link SegmentSweep#index}) and the family's bounds.
 */
final class Ipv6Index {

    private final long firstHi;
    private final long firstLo;
    private final long lastHi;
    private final long lastLo;
    private final boolean empty;
    private final int shift;
    private final int[] index;
    private final int lastRecord;

    /** Segment {@code s} starts at ({@code startHi[s]}, {@code startLo[s]}) and its record at {@code position[s]}. */
    Ipv6Index(long[] startHi, long[] startLo, int count, int[] position) {
        empty = count == 0;
        if (empty) {
            firstHi = -1;
            firstLo = -1;
            lastHi = -1;
            lastLo = -1;
            shift = 0;
            index = new int[1];
            lastRecord = -1;
        } else {
            firstHi = startHi[0];
            firstLo = startLo[0];
            lastHi = startHi[count - 1];
            lastLo = startLo[count - 1];
            shift = SegmentSweep.shift(startHi, count);
            index = SegmentSweep.index(startHi, count, shift, position);
            lastRecord = position[count - 1];
        }
    }

    /** A record at or before the segment of the address, or -1 when it lies before every segment. */
    int start(long hi, long lo) {
        if (empty || below(hi, lo, firstHi, firstLo)) {
            return -1;
        }
        if (!below(hi, lo, lastHi, lastLo)) {
            return lastRecord;
        }
        return index[(int) ((hi - firstHi) >>> shift)];
    }

    /** Whether ({@code hi}, {@code lo}) is below ({@code otherHi}, {@code otherLo}), unsigned. */
    static boolean below(long hi, long lo, long otherHi, long otherLo) {
        int byHi = Long.compareUnsigned(hi, otherHi);
        return byHi != 0 ? byHi < 0 : Long.compareUnsigned(lo, otherLo) < 0;
    }
}
