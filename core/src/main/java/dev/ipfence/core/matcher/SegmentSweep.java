package dev.ipfence.core.matcher;

import java.util.Arrays;

/**
 * One family's address space cut into segments at every rule boundary: segment {@code s} starts
 * at ({@code startHi[s]}, {@code startLo[s]}) and runs to the next start; the rules covering it are
 * {@code members[offsets[s] .. offsets[s + 1])}, in rule order (most specific first). Addresses are
 * unsigned; IPv4 has {@code hi} 0.
 */
final class SegmentSweep {

    final long[] startHi;
    final long[] startLo;
    final int[] offsets;
    final int[] members;
    final int count;

    private SegmentSweep(long[] startHi, long[] startLo, int[] offsets, int[] members, int count) {
        this.startHi = startHi;
        this.startLo = startLo;
        this.offsets = offsets;
        this.members = members;
        this.count = count;
    }

    /** IPv4 rule {@code i} covers {@code first[i]} to {@code last[i]} inclusive. */
    static SegmentSweep ipv4(long[] first, long[] last) {
        long[] zeros = new long[first.length];
        return of(zeros, first, zeros, last, 0, 0xFFFF_FFFFL);
    }

    /** IPv6 rule {@code i} covers ({@code firstHi[i]}, {@code firstLo[i]}) to ({@code lastHi[i]}, {@code lastLo[i]}) inclusive. */
    static SegmentSweep ipv6(long[] firstHi, long[] firstLo, long[] lastHi, long[] lastLo) {
        return of(firstHi, firstLo, lastHi, lastLo, -1L, -1L);
    }

    /**
     * Rule {@code i} covers ({@code firstHi[i]}, {@code firstLo[i]}) to ({@code lastHi[i]},
     * {@code lastLo[i]}) inclusive; {@code topHi}/{@code topLo} is the family's last address.
     */
    private static SegmentSweep of(
            long[] firstHi, long[] firstLo, long[] lastHi, long[] lastLo, long topHi, long topLo) {
        int n = firstHi.length;
        // boundaries: each rule opens at its first address and closes after its last one
        long[] boundHi = new long[n * 2];
        long[] boundLo = new long[n * 2];
        int[] boundTag = new int[n * 2];
        int b = 0;
        for (int i = 0; i < n; i++) {
            boundHi[b] = firstHi[i];
            boundLo[b] = firstLo[i];
            boundTag[b++] = i << 1 | 1;
            if (lastHi[i] != topHi || lastLo[i] != topLo) {
                long nextLo = lastLo[i] + 1;
                boundHi[b] = nextLo == 0 ? lastHi[i] + 1 : lastHi[i];
                boundLo[b] = nextLo;
                boundTag[b++] = i << 1;
            }
        }
        int[] order = topHi == 0 && b <= 1 << POSITION_BITS ? ipv4Order(boundLo, b) : sortedOrder(boundHi, boundLo, b);

        long[] segHi = new long[b];
        long[] segLo = new long[b];
        int[] offsets = new int[b + 1];
        int[] members = new int[Math.max(16, b)];
        int[] active = new int[16];
        int activeCount = 0;
        int segments = 0;
        int used = 0;
        int i = 0;
        while (i < b) {
            long hi = boundHi[order[i]];
            long lo = boundLo[order[i]];
            while (i < b && boundHi[order[i]] == hi && boundLo[order[i]] == lo) {
                int tag = boundTag[order[i++]];
                int rule = tag >>> 1;
                int at = Arrays.binarySearch(active, 0, activeCount, rule);
                if ((tag & 1) != 0) {
                    if (activeCount == active.length) {
                        active = Arrays.copyOf(active, activeCount * 2);
                    }
                    int insert = -at - 1;
                    System.arraycopy(active, insert, active, insert + 1, activeCount - insert);
                    active[insert] = rule;
                    activeCount++;
                } else {
                    System.arraycopy(active, at + 1, active, at, activeCount - at - 1);
                    activeCount--;
                }
            }
            segHi[segments] = hi;
            segLo[segments] = lo;
            offsets[segments] = used;
            if (used + activeCount > members.length) {
                members = Arrays.copyOf(members, Math.max(members.length * 2, used + activeCount));
            }
            System.arraycopy(active, 0, members, used, activeCount);
            used += activeCount;
            segments++;
        }
        offsets[segments] = used;
        return new SegmentSweep(segHi, segLo, offsets, Arrays.copyOf(members, used), segments);
    }

    /** Bits of a boundary's position in an IPv4 sort key, below its address (of 32 bits). */
    private static final int POSITION_BITS = 29;

    /**
     * The positions of the first {@code count} IPv4 boundaries in address order, then position
     * order (as {@link #sortedOrder(long[], long[], int)}): each boundary packed into one long,
     * address above position, so that one primitive sort orders them without a comparator.
     */
    private static int[] ipv4Order(long[] address, int count) {
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = address[i] << POSITION_BITS | i;
        }
        Arrays.sort(keys);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = (int) (keys[i] & ((1L << POSITION_BITS) - 1));
        }
        return order;
    }

    /** The positions of the first {@code count} boundaries in address order. */
    private static int[] sortedOrder(long[] hi, long[] lo, int count) {
        return sortedOrder(count, (a, c) -> {
            int cmp = Long.compareUnsigned(hi[a], hi[c]);
            return cmp != 0 ? cmp : Long.compareUnsigned(lo[a], lo[c]);
        });
    }

    /** An order of positions, compared through primitive arrays (no boxing). */
    interface PositionOrder {
        int compare(int a, int b);
    }

    /** The positions {@code 0 .. count} sorted by {@code order}: a stable bottom-up merge sort. */
    static int[] sortedOrder(int count, PositionOrder order) {
        int[] sorted = new int[count];
        int[] buffer = new int[count];
        for (int i = 0; i < count; i++) {
            sorted[i] = i;
        }
        for (int width = 1; width < count; width *= 2) {
            for (int from = 0; from < count; from += 2 * width) {
                int middle = Math.min(from + width, count);
                int to = Math.min(from + 2 * width, count);
                int left = from;
                int right = middle;
                int out = from;
                while (left < middle && right < to) {
                    buffer[out++] = order.compare(sorted[left], sorted[right]) <= 0 ? sorted[left++] : sorted[right++];
                }
                while (left < middle) {
                    buffer[out++] = sorted[left++];
                }
                while (right < to) {
                    buffer[out++] = sorted[right++];
                }
            }
            int[] swap = sorted;
            sorted = buffer;
            buffer = swap;
        }
        return sorted;
    }

    /**
     * Bits of the bucket index for segment keys {@code key[0 .. count)} (unsigned, ascending):
     * about one bucket per segment, twice as many when some bucket would hold more than
     * {@link #CROWDED} segments. Never more: in random layouts the most crowded bucket stays
     * crowded however fine the index gets (keys sharing their upper bits land together), while
     * each doubling costs four bytes a segment and the lookup scans neighbouring records in the
     * same cache lines anyway.
     */
    static int shift(long[] key, int count) {
        long range = key[count - 1] - key[0];
        int rangeBits = 64 - Long.numberOfLeadingZeros(range);
        int bucketBits = count < 2 ? 0 : 31 - Integer.numberOfLeadingZeros(count);
        int most = Math.min(MAX_BUCKET_BITS, bucketBits + 1);
        while (bucketBits < most && bucketBits < rangeBits && crowdest(key, count, rangeBits - bucketBits) > CROWDED) {
            bucketBits++;
        }
        return Math.max(0, rangeBits - Math.min(bucketBits, MAX_BUCKET_BITS));
    }

    private static int crowdest(long[] key, int count, int shift) {
        int most = 0;
        int run = 0;
        long bucket = -1;
        for (int s = 0; s < count; s++) {
            long b = (key[s] - key[0]) >>> shift;
            run = b == bucket ? run + 1 : 1;
            bucket = b;
            most = Math.max(most, run);
        }
        return most;
    }

    /**
     * The bucket index: entry {@code k} is {@code position[s]} of the last segment {@code s} whose
     * key is below the first key of bucket {@code k} ({@code key[0] + (k << shift)}), or of
     * segment 0: where a lookup of a key in bucket {@code k} starts.
     */
    static int[] index(long[] key, int count, int shift, int[] position) {
        long range = key[count - 1] - key[0];
        int buckets = (int) (range >>> shift) + 1;
        int[] index = new int[buckets];
        int s = 0;
        for (int k = 0; k < buckets; k++) {
            long bucketKey = key[0] + ((long) k << shift);
            while (s + 1 < count && Long.compareUnsigned(key[s + 1], bucketKey) < 0) {
                s++;
            }
            index[k] = position[s];
        }
        return index;
    }

    /** At most 2^22 buckets (16 MiB) per family of a scope. */
    static final int MAX_BUCKET_BITS = 22;

    /** Segments per bucket above which the index gets finer. */
    static final int CROWDED = 8;
}
