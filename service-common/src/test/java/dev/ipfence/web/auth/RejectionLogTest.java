package dev.ipfence.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectionLogTest {

    private final List<String> lines = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private RejectionLog log(Duration interval, int maxAddresses) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new RejectionLog(clock, interval, maxAddresses, lines::add);
    }

    @Test
    void logsOncePerCauseAndAddressPerInterval() {
        RejectionLog log = log(Duration.ofMinutes(1), 100);
        assertThat(log.rejected("token expired", "10.0.0.1", "GET /api/me", "The token has expired."))
                .isTrue();
        assertThat(log.rejected("token expired", "10.0.0.1", "GET /api/me", "The token has expired."))
                .isFalse();
        now = now.plusSeconds(59);
        assertThat(log.rejected("token expired", "10.0.0.1", "GET /api/x", "The token has expired."))
                .isFalse();
        // another cause, another address: each its own line
        assertThat(log.rejected("token issuer", "10.0.0.1", "GET /api/me", "issuer"))
                .isTrue();
        assertThat(log.rejected("token expired", "10.0.0.2", "GET /api/me", "expired"))
                .isTrue();
        now = now.plusSeconds(1);
        assertThat(log.rejected("token expired", "10.0.0.1", "GET /api/me", "The token has expired."))
                .isTrue();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0))
                .isEqualTo("Refused GET /api/me from 10.0.0.1 (token expired): The token has expired. Further"
                        + " refusals for this cause from this address are not logged for 1m.");
    }

    @Test
    void aZeroIntervalLogsEveryRejection() {
        RejectionLog log = log(Duration.ZERO, 100);
        for (int i = 0; i < 5; i++) {
            assertThat(log.rejected("api-key", "10.0.0.1", "GET /api/me", "The API key is not valid."))
                    .isTrue();
        }
        assertThat(lines).hasSize(5).allMatch(line -> line.endsWith("The API key is not valid."));
    }

    @Test
    void manyAddressesAreBoundedAndStillLoggedOncePerCause() {
        RejectionLog log = log(Duration.ofMinutes(1), 3);
        for (int i = 0; i < 3; i++) {
            assertThat(log.rejected("token expired", "10.0.0." + i, "GET /", "d"))
                    .isTrue();
        }
        // full: further addresses share one entry per cause
        assertThat(log.rejected("token expired", "10.0.1.1", "GET /", "d")).isTrue();
        assertThat(log.rejected("token expired", "10.0.1.2", "GET /", "d")).isFalse();
        assertThat(lines.get(3)).contains("from * (token expired)");
        assertThat(log.remembered()).isLessThanOrEqualTo(4);
        // once lapsed, the old entries are forgotten and addresses count again
        now = now.plusSeconds(61);
        assertThat(log.rejected("token expired", "10.0.1.2", "GET /", "d")).isTrue();
        assertThat(lines.get(4)).contains("from 10.0.1.2 ");
        assertThat(log.remembered()).isEqualTo(1);
    }

    @Test
    void refusesANegativeIntervalOrNoRoom() {
        assertThatThrownBy(() -> log(Duration.ofSeconds(-1), 1)).hasMessageContaining("rejection-log-interval");
        assertThatThrownBy(() -> log(Duration.ofSeconds(1), 0)).hasMessageContaining("rejection-log-max-addresses");
    }
}
