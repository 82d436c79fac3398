package dev.ipfence.rules.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

class RuleCountersTest {

    @Test
    void aCommitRefusedForTheOrganizationsCountNamesTheCountAndTheClaim() {
        PgException refused = new PgException(
                "the organization holds 10010 rules: adding 3 would pass its limit of 10010",
                "ERROR",
                RuleCounters.CLAIM_REFUSED,
                "10010 3");

        assertThat(RuleCounters.refusedClaim(refused)).isEqualTo(new RuleCounters.RefusedClaim(10010, 3));
    }

    @Test
    void anyOtherFailureIsNoRefusedClaim() {
        assertThat(RuleCounters.refusedClaim(new PgException("deadlock detected", "ERROR", "40P01", null)))
                .isNull();
        assertThat(RuleCounters.refusedClaim(new IllegalStateException("IPQ01")))
                .isNull();
    }
}
