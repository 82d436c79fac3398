package dev.ipfence.rules.iprules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.Action;
import dev.ipfence.rules.iprules.RuleApi.RuleRequest;
import dev.ipfence.web.ProblemException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RuleChangeTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final long MAX_TTL = 365L * 24 * 3600;

    private static final RuleState RANGE_RULE = new RuleState(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "org",
            UUID.randomUUID(),
            null,
            new RuleState.Range("10.0.0.1", "10.0.0.9"),
            "allow",
            List.of("login"),
            true,
            null,
            Instant.parse("2026-07-01T00:00:00Z"),
            2_000L,
            NOW,
            NOW,
            "alice",
            "alice",
            1);

    @Test
    void aChangeIsValidatedWithoutTheRuleAndKeepsWhatItLeavesOut() {
        RuleChange change = RuleInput.forChange(
                new RuleRequest(null, null, null, null, null, "new label", null, null), NOW, MAX_TTL);
        assertThat(change.block()).isNull();
        assertThat(change.expiry()).isNull();

        RuleInput.Spec spec = change.applyTo(RANGE_RULE);
        assertThat(spec.block()).isEqualTo(Addresses.parseRange("10.0.0.1", "10.0.0.9"));
        assertThat(spec.action()).isEqualTo(Action.ALLOW);
        assertThat(spec.trafficScopes()).containsExactly("login");
        assertThat(spec.active()).isTrue();
        assertThat(spec.label()).isEqualTo("new label");
        assertThat(spec.expiresAt()).isEqualTo(Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(spec.ttl()).isEqualTo(2_000L);
    }

    @Test
    void aTtlRestartsTheClockAtTheRequestAndZeroRemovesTheExpiry() {
        RuleInput.Spec restarted = RuleInput.forChange(
                        new RuleRequest(null, null, "deny", List.of("ssh", "ssh"), false, null, null, BigDecimal.TEN),
                        NOW,
                        MAX_TTL)
                .applyTo(RANGE_RULE);
        assertThat(restarted.expiresAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(restarted.ttl()).isEqualTo(10L);
        assertThat(restarted.action()).isEqualTo(Action.DENY);
        assertThat(restarted.trafficScopes()).containsExactly("ssh");
        assertThat(restarted.active()).isFalse();

        RuleInput.Spec never = RuleInput.forChange(
                        new RuleRequest(null, null, null, null, null, null, null, BigDecimal.ZERO), NOW, MAX_TTL)
                .applyTo(RANGE_RULE);
        assertThat(never.expiresAt()).isNull();
        assertThat(never.ttl()).isNull();
    }

    @Test
    void aBadChangeIsRefusedBeforeAnyRuleIsRead() {
        assertThatThrownBy(() -> RuleInput.forChange(
                        new RuleRequest("10.0.0.0/33", null, "maybe", null, null, null, null, null), NOW, MAX_TTL))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem("/test").errors())
                                .extracting(error -> error.field())
                                .containsExactly("cidr", "action"));
    }
}
