package dev.ipfence.enforcement.blocked;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantTextTest {

    private final InstantText text = new InstantText();

    @Test
    void writesEveryInstantAsInstantDoes() {
        Random random = new Random(5);
        long at = Instant.parse("2026-12-03T08:00:00Z").toEpochMilli();
        for (int i = 0; i < 200_000; i++) {
            // runs within one second, steps to the next, jumps anywhere (before 1970, after 9999)
            at = switch (random.nextInt(8)) {
                case 0 -> random.nextLong(-100_000_000_000_000L, 300_000_000_000_000L);
                case 1 -> at - random.nextInt(2_000);
                case 2 -> Math.floorDiv(at, 1000) * 1000;
                default -> at + random.nextInt(300);
            };
            assertThat(text.of(at)).isEqualTo(Instant.ofEpochMilli(at).toString());
        }
    }

    @Test
    void theFractionIsInGroupsOfThreeDigitsAndNoneWhenZero() {
        assertThat(text.of(0)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(text.of(1)).isEqualTo("1970-01-01T00:00:00.001Z");
        assertThat(text.of(100)).isEqualTo("1970-01-01T00:00:00.100Z");
        assertThat(text.of(-1)).isEqualTo("1969-12-31T23:59:59.999Z");
    }
}
