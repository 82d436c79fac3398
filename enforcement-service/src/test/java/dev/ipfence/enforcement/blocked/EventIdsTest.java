package dev.ipfence.enforcement.blocked;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void idsAreDistinctRandomVersion4UuidsAcrossManyBlocks() {
        EventIds ids = new EventIds(new SecureRandom());
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100 * EventIds.PER_BLOCK; i++) {
            UUID id = ids.get();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(seen.add(id)).as("id %s seen before", id).isTrue();
        }
    }

    @Test
    void onlyTheVersionAndVariantBitsAreSetAsUuidRandomUuidSetsThem() {
        assertThat(new EventIds(filledWith((byte) 0)).get()).hasToString("00000000-0000-4000-8000-000000000000");
        assertThat(new EventIds(filledWith((byte) 0xff)).get()).hasToString("ffffffff-ffff-4fff-bfff-ffffffffffff");
    }

    @Test
    void drawsFromTheSourceOncePerBlock() {
        int[] draws = {0};
        SecureRandom counting = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                draws[0]++;
                super.nextBytes(bytes);
            }
        };
        EventIds ids = new EventIds(counting);
        for (int i = 0; i < 3 * EventIds.PER_BLOCK + 1; i++) {
            ids.get();
        }
        assertThat(draws[0]).isEqualTo(4);
    }

    private static SecureRandom filledWith(byte value) {
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, value);
            }
        };
    }
}
