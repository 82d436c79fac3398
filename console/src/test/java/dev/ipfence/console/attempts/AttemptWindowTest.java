package dev.ipfence.console.attempts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptWindowTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration MAX = Duration.ofDays(31);

    @Test
    void aPresetEndsNowAndCountsPerMinuteUpToSixHoursThenPerHour() throws Exception {
        AttemptWindow hour = AttemptWindow.of("1h", null, null, NOW, MAX);
        assertThat(hour.since()).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(hour.until()).isEqualTo(NOW);
        assertThat(hour.bucket()).isEqualTo("minute");
        assertThat(hour.custom()).isFalse();
        assertThat(AttemptWindow.of("6h", null, null, NOW, MAX).bucket()).isEqualTo("minute");
        assertThat(AttemptWindow.of("24h", null, null, NOW, MAX).bucket()).isEqualTo("hour");
        assertThat(AttemptWindow.of("7d", "2026-01-01T00:00", null, NOW, MAX).preset())
                .as("a preset ignores since and until")
                .isEqualTo(AttemptRange.WEEK);
        assertThat(AttemptWindow.of(null, null, null, NOW, MAX).preset()).isEqualTo(AttemptRange.HOUR);
    }

    @Test
    void aCustomRangeTakesInstantsOrUtcDateTimesAndEndsNowWithoutUntil() throws Exception {
        AttemptWindow window = AttemptWindow.of("custom", "2026-12-01T08:30", "2026-12-01T10:00:00Z", NOW, MAX);
        assertThat(window.since()).isEqualTo(Instant.parse("2026-12-01T08:30:00Z"));
        assertThat(window.until()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(window.bucket()).isEqualTo("minute");
        assertThat(window.custom()).isTrue();
        assertThat(window.sinceField()).isEqualTo("2026-12-01T08:30");
        AttemptWindow open = AttemptWindow.of(null, "2026-11-30T10:00:00Z", "", NOW, MAX);
        assertThat(open.until()).isEqualTo(NOW);
        assertThat(open.bucket()).isEqualTo("hour");
    }

    @Test
    void badInputAnInvertedRangeAndATooLongOneAreRefusedAtTheirField() {
        assertThatThrownBy(() -> AttemptWindow.of("custom", "yesterday", null, NOW, MAX))
                .isInstanceOfSatisfying(AttemptWindow.Invalid.class, e -> {
                    assertThat(e.field()).isEqualTo("since");
                    assertThat(e.getMessage()).contains("\"yesterday\" is not a date and time");
                });
        assertThatThrownBy(() -> AttemptWindow.of("custom", "2026-12-01T10:00", "2026-13-01T10:00", NOW, MAX))
                .isInstanceOfSatisfying(
                        AttemptWindow.Invalid.class, e -> assertThat(e.field()).isEqualTo("until"));
        assertThatThrownBy(() -> AttemptWindow.of("custom", "2026-12-01T10:00", "2026-12-01T09:00", NOW, MAX))
                .isInstanceOfSatisfying(AttemptWindow.Invalid.class, e -> {
                    assertThat(e.field()).isEqualTo("since");
                    assertThat(e.getMessage()).contains("must be before the end");
                });
        assertThatThrownBy(() -> AttemptWindow.of("custom", "2026-12-01T10:00", "2026-12-01T10:00", NOW, MAX))
                .isInstanceOf(AttemptWindow.Invalid.class);
        assertThatThrownBy(() -> AttemptWindow.of("custom", "2026-10-01T10:00", "2026-12-01T10:00", NOW, MAX))
                .isInstanceOfSatisfying(AttemptWindow.Invalid.class, e -> {
                    assertThat(e.field()).isEqualTo("until");
                    assertThat(e.getMessage()).contains("61 days").contains("at most 31 days");
                });
        assertThatThrownBy(() -> AttemptWindow.of("custom", "", "2026-12-01T10:00", NOW, MAX))
                .isInstanceOfSatisfying(
                        AttemptWindow.Invalid.class, e -> assertThat(e.field()).isEqualTo("since"));
    }
}
