package dev.ipfence.core.matcher;

import dev.ipfence.core.address.IpFamily;
import dev.ipfence.core.model.Rule;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * One family's address space cut into segments at every rule boundary. Segment {@code s} starts
 * at ({@code startHi[s]}, {@code startLo[s]}) and runs to the next start; the rules covering it are
 * {@code members[offsets[s] .. offsets[s + 1])}, in the scope's most-specific-first order.
 */
final class Segments {

    private static final Segments NONE = new Segments(new long[0], new long[0], new int[] {0}, new int[0]);

    private final long[] startHi;
    private final long[] startLo;
    private final int[] offsets;
    private final int[] members;

    private Segments(long[] startHi, long[] startLo, int[] offsets, int[] members) {
        this.startHi = startHi;
        this.startLo = startLo;
        this.offsets = offsets;
        this.members = members;
    }

    /** {@code rules} sorted most specific first; only those of {@code family} are taken. */
    static Segments build(List<Rule> rules, IpFamily family) {
        int count = 0;
        for (Rule rule : rules) {
            if (rule.block().family() == family) {
                count++;
            }
        }
        if (count == 0) {
            return NONE;
        }
        // boundaries: each rule opens at its first address and closes after its last one
        long[] boundHi = new long[count * 2];
        long[] boundLo = new long[count * 2];
        int[] boundRule = new int[count * 2];
        boolean[] opens = new boolean[count * 2];
        int b = 0;
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (rule.block().family() != family) {
                continue;
            }
            boundHi[b] = rule.block().first().hi();
            boundLo[b] = rule.block().first().lo();
            boundRule[b] = i;
            opens[b++] = true;
            long lastHi = rule.block().last().hi();
            long lastLo = rule.block().last().lo();
            boolean atTop = family == IpFamily.IPV4 ? lastLo == 0xFFFF_FFFFL : (lastHi == -1L && lastLo == -1L);
            if (!atTop) {
                long nextLo = lastLo + 1;
                boundHi[b] = nextLo == 0 ? lastHi + 1 : lastHi;
                boundLo[b] = nextLo;
                boundRule[b] = i;
                opens[b++] = false;
            }
        }
        Integer[] order = new Integer[b];
        for (int i = 0; i < b; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            int byHi = Long.compareUnsigned(boundHi[x], boundHi[y]);
            return byHi != 0 ? byHi : Long.compareUnsigned(boundLo[x], boundLo[y]);
        });

        long[] segHi = new long[b + 1];
        long[] segLo = new long[b + 1];
        int[] offsets = new int[b + 2];
        int[] members = new int[Math.max(16, b)];
        int segments = 0;
        int used = 0;
        TreeSet<Integer> active = new TreeSet<>();
        int i = 0;
        while (i < b) {
            long hi = boundHi[order[i]];
            long lo = boundLo[order[i]];
            while (i < b && boundHi[order[i]] == hi && boundLo[order[i]] == lo) {
                int at = order[i];
                if (opens[at]) {
                    active.add(boundRule[at]);
                } else {
                    active.remove(boundRule[at]);
                }
                i++;
            }
            segHi[segments] = hi;
            segLo[segments] = lo;
            offsets[segments] = used;
            if (used + active.size() > members.length) {
                members = Arrays.copyOf(members, Math.max(members.length * 2, used + active.size()));
            }
            for (int rule : active) {
                members[used++] = rule;
            }
            segments++;
        }
        offsets[segments] = used;
        return new Segments(
                Arrays.copyOf(segHi, segments),
                Arrays.copyOf(segLo, segments),
                Arrays.copyOf(offsets, segments + 1),
                Arrays.copyOf(members, used));
    }

    /** The segment holding the address, or -1 when it lies before the first one. */
    int find(long hi, long lo) {
        int low = 0;
        int high = startHi.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int cmp = Long.compareUnsigned(startHi[mid], hi);
            if (cmp == 0) {
                cmp = Long.compareUnsigned(startLo[mid], lo);
            }
            if (cmp <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    int from(int segment) {
        return offsets[segment];
    }

    int to(int segment) {
        return offsets[segment + 1];
    }

    int member(int index) {
        return members[index];
    }
}
