package dev.ipfence.core.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The segments of an IPv4 sweep against the definition: cut at every boundary, the covering rules in rule order. */
class SegmentSweepTest {

    private static final long TOP = 0xFFFF_FFFFL;

    @Test
    void ipv4SegmentsStartAtEveryBoundaryAndHoldTheRulesCoveringThemInRuleOrder() {
        Random random = new Random(20261204);
        int segmentsChecked = 0;
        for (int set = 0; set < 2_000; set++) {
            int n = 1 + random.nextInt(set % 10 == 0 ? 400 : 30);
            long[] first = new long[n];
            long[] last = new long[n];
            for (int i = 0; i < n; i++) {
                long[] range = range(random);
                first[i] = range[0];
                last[i] = range[1];
            }
            SegmentSweep sweep = SegmentSweep.ipv4(first, last);

            TreeSet<Long> boundaries = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                boundaries.add(first[i]);
                if (last[i] != TOP) {
                    boundaries.add(last[i] + 1);
                }
            }
            assertThat(sweep.count).as("set %d: segments", set).isEqualTo(boundaries.size());
            int s = 0;
            for (long start : boundaries) {
                assertThat(sweep.startHi[s]).isZero();
                assertThat(sweep.startLo[s])
                        .as("set %d, segment %d: start", set, s)
                        .isEqualTo(start);
                List<Integer> covering = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (first[i] <= start && start <= last[i]) {
                        covering.add(i);
                    }
                }
                List<Integer> members = new ArrayList<>();
                for (int m = sweep.offsets[s]; m < sweep.offsets[s + 1]; m++) {
                    members.add(sweep.members[m]);
                }
                assertThat(members)
                        .as("set %d, segment %d at %d: rules covering it", set, s, start)
                        .isEqualTo(covering);
                s++;
                segmentsChecked++;
            }
        }
        assertThat(segmentsChecked).isGreaterThan(50_000);
    }

    /** A range of a few kinds: a single address, a small run, a prefix, the whole space, at the edges, or shared. */
    private static long[] range(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> {
                long at = edgeOrAny(random);
                yield new long[] {at, at};
            }
            case 1 -> {
                long from = edgeOrAny(random);
                yield new long[] {from, Math.min(TOP, from + random.nextInt(300))};
            }
            case 2 -> {
                int prefix = random.nextInt(33);
                long size = 1L << (32 - prefix);
                long from = (random.nextLong() & TOP) & ~(size - 1);
                yield new long[] {from, from + size - 1};
            }
            case 3 -> new long[] {0, TOP};
            case 4 -> new long[] {Math.max(0, TOP - random.nextInt(5)), TOP};
            default -> {
                // a few shared addresses, so that boundaries coincide
                long from = 1000L * random.nextInt(4);
                yield new long[] {from, from + 1000L * random.nextInt(3)};
            }
        };
    }

    private static long edgeOrAny(Random random) {
        return random.nextInt(8) == 0 ? (random.nextBoolean() ? 0 : TOP) : random.nextLong() & TOP;
    }
}
