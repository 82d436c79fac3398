package dev.ipfence.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PolicyStateTest {

    @Test
    void nextIsTheSamePolicyOneVersionOnStampedWithWhoAndWhen() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        Instant now = Instant.parse("2026-02-01T00:00:00Z");
        PolicyState policy = new PolicyState(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "Engineering",
                "desc",
                List.of(UUID.randomUUID()),
                List.of("u"),
                List.of("d"),
                List.of("r"),
                List.of("g"),
                true,
                false,
                true,
                false,
                List.of("10.0.0.0/8"),
                "PRIVATE",
                "LOCAL",
                true,
                UUID.randomUUID(),
                created,
                created,
                "alice",
                "alice",
                3);

        PolicyState next = policy.next("bob", now);

        assertThat(next)
                .usingRecursiveComparison()
                .ignoringFields("updatedAt", "updatedBy", "version")
                .isEqualTo(policy);
        assertThat(next.updatedAt()).isEqualTo(now);
        assertThat(next.updatedBy()).isEqualTo("bob");
        assertThat(next.version()).isEqualTo(4);
        assertThat(next.createdAt()).isEqualTo(created);
        assertThat(next.createdBy()).isEqualTo("alice");
    }
}
