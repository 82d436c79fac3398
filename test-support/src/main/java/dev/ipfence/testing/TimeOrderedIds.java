package dev.ipfence.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** Checks ids meant to be time-ordered: version 7 UUIDs (RFC 9562) in the order they were made. */
public final class TimeOrderedIds {

    private TimeOrderedIds() {}

    /**
     * Makes {@code count} ids and asserts that each is a version 7 UUID stamped with the millisecond
     * it was made, and that each sorts after the one before as PostgreSQL orders uuid values (so
     * new rows go to the right edge of an index on them; rising also means distinct).
     */
    public static void assertMadeInOrder(Supplier<UUID> ids, int count) {
        long before = System.currentTimeMillis();
        List<UUID> made = IntStream.range(0, count).mapToObj(i -> ids.get()).toList();
        long after = System.currentTimeMillis();

        assertThat(made).allSatisfy(id -> {
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
        });
        for (int i = 1; i < made.size(); i++) {
            assertThat(unsignedCompare(made.get(i - 1), made.get(i)))
                    .as("id %d after id %d", i, i - 1)
                    .isNegative();
        }
    }

    /** PostgreSQL's order of uuid: the 16 bytes compared unsigned, first to last. */
    private static int unsignedCompare(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
