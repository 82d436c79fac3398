package dev.ipfence.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Compares an organization's rule counters with the rules it holds. */
final class RuleCountsInDatabase {

    /** Every scope whose counter differs from its rules (a counter of 0 should not exist: it is removed). */
    private static final String SCOPES_OFF =
            "select coalesce(r.scope, c.scope) || ' ' || coalesce(r.scope_id, c.scope_id)"
                    + " || ': ' || coalesce(r.n, 0) || ' rules, counted ' || coalesce(c.used::text, 'no counter')"
                    + " from (select scope, scope_id, count(*) as n from ip_rule where org_id = $1 group by scope, scope_id) r"
                    + " full join (select scope, scope_id, used from ip_rule_count_by_scope where org_id = $1) c"
                    + " on r.scope = c.scope and r.scope_id = c.scope_id where r.n is distinct from c.used";

    private static final String ORGANIZATION = "select (select count(*) from ip_rule where org_id = $1),"
            + " (select used from ip_rule_count_by_org where org_id = $1)";

    /** Claims on the organization's count that outlived their transaction (each is settled at commit). */
    private static final String CLAIMS_LEFT = "select count(*) from ip_rule_count_claim where org_id = $1";

    private RuleCountsInDatabase() {}

    /**
     * Asserts that the organization's counters equal {@code count(*)} and that no claim on them is
     * left, and returns how many rules it holds.
     */
    static long assertCountersMatch(Pool pool, UUID org) {
        List<String> off = new ArrayList<>();
        for (Row row :
                pool.preparedQuery(SCOPES_OFF).execute(Tuple.of(org)).await().atMost(Duration.ofSeconds(30))) {
            off.add(row.getString(0));
        }
        assertThat(off).as("scope counters that differ from the rules").isEmpty();
        Row row = pool.preparedQuery(ORGANIZATION)
                .execute(Tuple.of(org))
                .await()
                .atMost(Duration.ofSeconds(30))
                .iterator()
                .next();
        assertThat(pool.preparedQuery(CLAIMS_LEFT)
                        .execute(Tuple.of(org))
                        .await()
                        .atMost(Duration.ofSeconds(30))
                        .iterator()
                        .next()
                        .getLong(0))
                .as("claims on the organization's count left after their transactions")
                .isZero();
        long rules = row.getLong(0);
        Long counted = row.getLong(1);
        if (rules == 0) {
            assertThat(counted)
                    .as("the organization's counter once it holds no rule")
                    .isNull();
        } else {
            assertThat(counted).as("the organization's counter").isEqualTo(rules);
        }
        return rules;
    }
}
