package dev.ipfence.rules.iprules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.Action;
import dev.ipfence.rules.iprules.RuleApi.RangeBody;
import dev.ipfence.rules.iprules.RuleApi.RuleRequest;
import dev.ipfence.web.Problem.FieldError;
import dev.ipfence.web.ProblemException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RuleInputTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final long MAX_TTL = 365L * 24 * 3600;

    private static RuleRequest request(String cidr, String action, List<String> scopes, BigDecimal ttl, String at) {
        return new RuleRequest(cidr, null, action, scopes, null, null, at, ttl);
    }

    private static List<FieldError> errorsOf(Runnable call) {
        try {
            call.run();
        } catch (ProblemException e) {
            return e.problem("/test").errors();
        }
        throw new AssertionError("expected a 400");
    }

    @Test
    void aMinimalRuleIsAnAllowForEveryTrafficScopeThatNeverExpires() {
        RuleInput.Spec spec = RuleInput.forCreate(request("192.0.2.0/24", null, null, null, null), NOW, MAX_TTL);
        assertThat(spec.block()).isEqualTo(Addresses.parseNetwork("192.0.2.0/24"));
        assertThat(spec.action()).isEqualTo(Action.ALLOW);
        assertThat(spec.trafficScopes()).isEmpty();
        assertThat(spec.active()).isTrue();
        assertThat(spec.expiresAt()).isNull();
        assertThat(spec.ttl()).isNull();
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        List<FieldError> errors = errorsOf(() -> RuleInput.forCreate(
                request("192.0.2.01", "block", List.of(""), BigDecimal.valueOf(-1), null), NOW, MAX_TTL));
        assertThat(errors).extracting(FieldError::field).containsExactly("cidr", "action", "trafficScopes", "ttl");
        assertThat(errors.get(0).message()).contains("192.0.2.01");
        assertThat(errors.get(3).message()).contains("got -1");
    }

    @Test
    void aBodyIsRequiredAndSoIsAnAddress() {
        assertThat(errorsOf(() -> RuleInput.forCreate(null, NOW, MAX_TTL)))
                .extracting(FieldError::field)
                .containsExactly("body");
        assertThat(errorsOf(() -> RuleInput.forCreate(request(null, "deny", null, null, null), NOW, MAX_TTL)))
                .extracting(FieldError::field)
                .containsExactly("cidr");
    }

    @Test
    void cidrOrRangeNotBothAndARangeNamesTheEndThatIsWrong() {
        RuleRequest both = new RuleRequest(
                "192.0.2.0/24", new RangeBody("192.0.2.1", "192.0.2.9"), null, null, null, null, null, null);
        assertThat(errorsOf(() -> RuleInput.forCreate(both, NOW, MAX_TTL)))
                .extracting(FieldError::field)
                .containsExactly("cidr");
        RuleRequest badEnd =
                new RuleRequest(null, new RangeBody("192.0.2.1", "192.0.2.300"), null, null, null, null, null, null);
        assertThat(errorsOf(() -> RuleInput.forCreate(badEnd, NOW, MAX_TTL)))
                .extracting(FieldError::field)
                .containsExactly("range.to");
        RuleRequest halfRange =
                new RuleRequest(null, new RangeBody("192.0.2.1", null), null, null, null, null, null, null);
        assertThat(errorsOf(() -> RuleInput.forCreate(halfRange, NOW, MAX_TTL)))
                .extracting(FieldError::field)
                .containsExactly("range");
        RuleRequest range =
                new RuleRequest(null, new RangeBody("192.0.2.1", "192.0.2.9"), null, null, null, null, null, null);
        assertThat(RuleInput.forCreate(range, NOW, MAX_TTL).block())
                .isEqualTo(Addresses.parseRange("192.0.2.1", "192.0.2.9"));
    }

    @Test
    void trafficScopesAreSortedWithoutRepeats() {
        RuleInput.Spec spec = RuleInput.forCreate(
                request("192.0.2.0/24", null, List.of("ssh", "http", "ssh"), null, null), NOW, MAX_TTL);
        assertThat(spec.trafficScopes()).containsExactly("http", "ssh");
        assertThat(spec.duplicateKey())
                .isEqualTo(RuleInput.forCreate(
                                request("192.0.2.0/24", "allow", List.of("http", "ssh"), null, null), NOW, MAX_TTL)
                        .duplicateKey());
    }

    @Test
    void aTtlIsWholeSecondsFromZeroToTheMaximumAndStartsNow() {
        Random random = new Random(17);
        for (int i = 0; i < 500; i++) {
            long seconds = random.nextLong(MAX_TTL + 1);
            RuleInput.Spec spec = RuleInput.forCreate(
                    request("192.0.2.0/24", null, null, BigDecimal.valueOf(seconds), null), NOW, MAX_TTL);
            if (seconds == 0) {
                assertThat(spec.expiresAt()).as("ttl 0 never expires").isNull();
            } else {
                assertThat(spec.expiresAt()).isEqualTo(NOW.plusSeconds(seconds));
                assertThat(spec.ttl()).isEqualTo(seconds);
            }
            long tooLong = MAX_TTL + 1 + random.nextLong(1_000_000);
            assertThat(errorsOf(() -> RuleInput.forCreate(
                            request("192.0.2.0/24", null, null, BigDecimal.valueOf(tooLong), null), NOW, MAX_TTL)))
                    .extracting(FieldError::field)
                    .containsExactly("ttl");
        }
        assertThat(errorsOf(() -> RuleInput.forCreate(
                        request("192.0.2.0/24", null, null, new BigDecimal("1.5"), null), NOW, MAX_TTL)))
                .extracting(FieldError::message)
                .singleElement()
                .asString()
                .contains("whole number");
    }

    @Test
    void anExpiryInstantIsRfc3339InTheFutureAndWithinTheMaximumTtl() {
        assertThat(RuleInput.forCreate(request("192.0.2.0/24", null, null, null, "2026-06-02T00:00:00Z"), NOW, MAX_TTL)
                        .expiresAt())
                .isEqualTo(Instant.parse("2026-06-02T00:00:00Z"));
        for (String bad :
                List.of("2026-05-31T00:00:00Z", "2026-06-01T12:00:00Z", "2099-01-01T00:00:00Z", "1780000000")) {
            assertThat(errorsOf(
                            () -> RuleInput.forCreate(request("192.0.2.0/24", null, null, null, bad), NOW, MAX_TTL)))
                    .as(bad)
                    .extracting(FieldError::field)
                    .containsExactly("expiresAt");
        }
        assertThat(errorsOf(() -> RuleInput.forCreate(
                        request("192.0.2.0/24", null, null, BigDecimal.TEN, "2026-06-02T00:00:00Z"), NOW, MAX_TTL)))
                .extracting(FieldError::field)
                .containsExactly("ttl");
    }

    @Test
    void anUpdateChangesOnlyWhatItGives() {
        RuleState existing = new RuleState(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "environment",
                UUID.randomUUID(),
                "192.0.2.0/24",
                null,
                "deny",
                List.of("ssh"),
                false,
                "office",
                Instant.parse("2026-07-01T00:00:00Z"),
                null,
                NOW,
                NOW,
                "alice",
                "alice",
                3);
        RuleInput.Spec unchanged = RuleInput.forUpdate(
                existing, new RuleRequest(null, null, null, null, null, null, null, null), NOW, MAX_TTL);
        assertThat(unchanged.block()).isEqualTo(Addresses.parseNetwork("192.0.2.0/24"));
        assertThat(unchanged.action()).isEqualTo(Action.DENY);
        assertThat(unchanged.trafficScopes()).containsExactly("ssh");
        assertThat(unchanged.active()).isFalse();
        assertThat(unchanged.label()).isEqualTo("office");
        assertThat(unchanged.expiresAt()).isEqualTo(Instant.parse("2026-07-01T00:00:00Z"));

        RuleInput.Spec changed = RuleInput.forUpdate(
                existing,
                new RuleRequest("198.51.100.7", null, "allow", null, true, null, null, BigDecimal.ZERO),
                NOW,
                MAX_TTL);
        assertThat(changed.block()).isEqualTo(Addresses.parseNetwork("198.51.100.7"));
        assertThat(changed.action()).isEqualTo(Action.ALLOW);
        assertThat(changed.trafficScopes()).containsExactly("ssh");
        assertThat(changed.active()).isTrue();
        assertThat(changed.expiresAt()).as("ttl 0 removes the expiry").isNull();
        assertThatThrownBy(() -> RuleInput.forUpdate(existing, null, NOW, MAX_TTL))
                .isInstanceOf(ProblemException.class);
    }

    @Test
    void aBulkEntryIsACidrAnAddressOrARange() {
        assertThat(BulkEntries.parse("192.0.2.0/24")).isEqualTo(Addresses.parseNetwork("192.0.2.0/24"));
        assertThat(BulkEntries.parse("2001:db8::1")).isEqualTo(Addresses.parseNetwork("2001:db8::1"));
        assertThat(BulkEntries.parse("192.0.2.1-192.0.2.9")).isEqualTo(Addresses.parseRange("192.0.2.1", "192.0.2.9"));
    }
}
