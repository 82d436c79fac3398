package dev.ipfence.rules.iprules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.core.events.RuleState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RuleColumnsTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static RuleState rule(String cidr, RuleState.Range range, List<String> trafficScopes, Long ttl) {
        return new RuleState(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "environment",
                UUID.randomUUID(),
                cidr,
                range,
                "deny",
                trafficScopes,
                true,
                range == null ? null : "a range",
                ttl == null ? null : NOW.plusSeconds(ttl),
                ttl,
                NOW,
                NOW,
                "alice",
                "bob",
                3);
    }

    @Test
    void everyColumnIsOneArrayWithTheRulesInTheirOrder() {
        RuleState cidr = rule("10.0.0.0/8", null, List.of(), null);
        RuleState range = rule(null, new RuleState.Range("10.0.0.1", "10.0.0.9"), List.of("http", "ssh"), 60L);
        Map<String, Object> columns = RuleColumns.of(List.of(cidr, range));

        assertThat(columns).hasSize(18);
        assertThat(columns.values())
                .allSatisfy(array -> assertThat((Object[]) array).hasSize(2));
        assertThat((UUID[]) columns.get("id")).containsExactly(cidr.id(), range.id());
        assertThat((String[]) columns.get("network")).containsExactly("10.0.0.0/8", "10.0.0.0/28");
        assertThat((String[]) columns.get("rangeFrom")).containsExactly(null, "10.0.0.1");
        assertThat((String[]) columns.get("rangeTo")).containsExactly(null, "10.0.0.9");
        assertThat((String[]) columns.get("trafficScopes")).containsExactly("", "http,ssh");
        assertThat((String[]) columns.get("label")).containsExactly(null, "a range");
        assertThat((Long[]) columns.get("ttl")).containsExactly(null, 60L);
        assertThat((OffsetDateTime[]) columns.get("expiresAt"))
                .containsExactly(null, NOW.plusSeconds(60).atOffset(ZoneOffset.UTC));
        assertThat((String[]) columns.get("createdBy")).containsExactly("alice", "alice");
        assertThat((String[]) columns.get("updatedBy")).containsExactly("bob", "bob");
        assertThat((Long[]) columns.get("version")).containsExactly(3L, 3L);
    }

    @Test
    void aTrafficScopeThatTheJoinWouldSplitIsRefused() {
        assertThatThrownBy(() -> RuleColumns.joined(List.of("http,ssh")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http,ssh");
        assertThatThrownBy(() -> RuleColumns.joined(List.of(""))).isInstanceOf(IllegalArgumentException.class);
    }
}
