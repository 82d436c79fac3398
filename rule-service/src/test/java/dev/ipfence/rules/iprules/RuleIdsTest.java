package dev.ipfence.rules.iprules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RuleIdsTest {

    @Test
    void idsAreVersion7AndRiseInTheOrderTheyAreMadeAsPostgresqlComparesThem() {
        long before = System.currentTimeMillis();
        List<UUID> ids =
                IntStream.range(0, 20_000).mapToObj(i -> RuleIds.next()).toList();
        long after = System.currentTimeMillis();

        assertThat(ids).allSatisfy(id -> {
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
        });
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        for (int i = 1; i < ids.size(); i++) {
            assertThat(unsignedCompare(ids.get(i - 1), ids.get(i)))
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
