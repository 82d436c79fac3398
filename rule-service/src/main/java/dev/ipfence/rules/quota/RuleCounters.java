package dev.ipfence.rules.quota;

import dev.ipfence.core.model.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The rule counters of each organization and each of its scopes (migration {@code V6}). A create
 * adds to them with one conditional upsert each, in its own transaction: it succeeds only while
 * the new count stays within the limit, and its row lock holds the count until commit. Deletes are
 * counted off by the database's trigger, whatever their path.
 */
@ApplicationScoped
public class RuleCounters {

    private static final String ADD_AT_SCOPE = "insert into ip_rule_count_by_scope as c (org_id, scope, scope_id, used)"
            + " select $1, $2, $3, $4::bigint where $4::bigint <= $5::bigint"
            + " on conflict (org_id, scope, scope_id) do update set used = c.used + $4::bigint"
            + " where c.used + $4::bigint <= $5::bigint returning used";

    private static final String ADD_IN_ORG = "insert into ip_rule_count_by_org as c (org_id, used)"
            + " select $1, $2::bigint where $2::bigint <= $3::bigint"
            + " on conflict (org_id) do update set used = c.used + $2::bigint"
            + " where c.used + $2::bigint <= $3::bigint returning used";

    private static final String LOCK_SCOPE = "insert into ip_rule_count_by_scope as c (org_id, scope, scope_id, used)"
            + " values ($1, $2, $3, 0) on conflict (org_id, scope, scope_id) do update set used = c.used";

    private static final String DROP_EMPTY_SCOPE =
            "delete from ip_rule_count_by_scope where org_id = $1 and scope = $2 and scope_id = $3 and used = 0";

    private static final String READ = "select (select used from ip_rule_count_by_org where org_id = $1),"
            + " (select used from ip_rule_count_by_scope where org_id = $1 and scope = $2 and scope_id = $3)";

    /** How many rules an organization holds at all its scopes, and at one of them. */
    public record Counts(long organization, long scope) {}

    /**
     * Adds {@code adding} to the scope's count if it stays at most {@code limit}; the new count, or
     * null when it would not (the row stays locked either way until the transaction ends).
     */
    public Uni<Long> addAtScope(SqlClient tx, UUID orgId, Scope scope, UUID scopeId, long adding, long limit) {
        return tx.preparedQuery(ADD_AT_SCOPE)
                .execute(Tuple.of(orgId, scope.wireName(), scopeId, adding, limit))
                .map(RuleCounters::usedOrNull);
    }

    /** As {@link #addAtScope}, for the organization's count over all its scopes. */
    public Uni<Long> addInOrganization(SqlClient tx, UUID orgId, long adding, long limit) {
        return tx.preparedQuery(ADD_IN_ORG)
                .execute(Tuple.of(orgId, adding, limit))
                .map(RuleCounters::usedOrNull);
    }

    /**
     * Locks the scope's count until the transaction ends without changing it, so that a reader of
     * the scope's rules sees every rule that other transactions add there before or after it.
     */
    public Uni<Void> lockScope(SqlClient tx, UUID orgId, Scope scope, UUID scopeId) {
        return tx.preparedQuery(LOCK_SCOPE)
                .execute(Tuple.of(orgId, scope.wireName(), scopeId))
                .replaceWithVoid();
    }

    /** Removes the scope's count if it is 0, as {@link #lockScope} may have left it. */
    public Uni<Void> dropScopeIfEmpty(SqlClient tx, UUID orgId, Scope scope, UUID scopeId) {
        return tx.preparedQuery(DROP_EMPTY_SCOPE)
                .execute(Tuple.of(orgId, scope.wireName(), scopeId))
                .replaceWithVoid();
    }

    /** The counts as this transaction sees them. */
    public Uni<Counts> read(SqlClient tx, UUID orgId, Scope scope, UUID scopeId) {
        return tx.preparedQuery(READ)
                .execute(Tuple.of(orgId, scope.wireName(), scopeId))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Counts(orZero(row.getLong(0)), orZero(row.getLong(1)));
                });
    }

    private static Long usedOrNull(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : null;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
