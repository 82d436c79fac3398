package dev.ipfence.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BlockedAttemptEventTest {

    @Test
    void cappedCutsEveryTextFieldToItsDocumentedLength() {
        String huge = "x".repeat(10_000);
        BlockedAttemptEvent event = new BlockedAttemptEvent(
                UUID.randomUUID(),
                huge,
                huge,
                "/" + huge,
                huge,
                Instant.EPOCH,
                Instant.EPOCH,
                UUID.randomUUID(),
                UUID.randomUUID(),
                huge,
                null,
                huge,
                3);
        BlockedAttemptEvent capped = event.capped();
        assertThat(capped.ip()).hasSize(64);
        assertThat(capped.method()).hasSize(16);
        assertThat(capped.path()).hasSize(2048).startsWith("/x");
        assertThat(capped.target()).hasSize(255);
        assertThat(capped.trafficScope()).hasSize(64);
        assertThat(capped.reason()).hasSize(64);
        assertThat(capped)
                .usingRecursiveComparison()
                .ignoringFields("ip", "method", "path", "target", "trafficScope", "reason")
                .isEqualTo(event);
    }

    @Test
    void shortAndMissingTextIsKeptAsItIs() {
        assertThat(BlockedAttemptEvent.cap("GET", 16)).isSameAs("GET");
        assertThat(BlockedAttemptEvent.cap("x".repeat(16), 16)).hasSize(16);
        assertThat(BlockedAttemptEvent.cap(null, 16)).isNull();
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00"; // one character, two chars
        assertThat(BlockedAttemptEvent.cap("abc" + emoji, 4)).isEqualTo("abc");
        assertThat(BlockedAttemptEvent.cap("abc" + emoji, 5)).isEqualTo("abc" + emoji);
        assertThat(BlockedAttemptEvent.cap("ab" + emoji + "z", 4)).isEqualTo("ab" + emoji);
    }
}
