package dev.ipfence.rules.quota;

import dev.ipfence.core.model.Scope;
import dev.ipfence.rules.common.SqlTemplates;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.templates.RowMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The rule counters of each organization and each of its scopes (migrations {@code V6}, {@code V8}).
 * A create adds to its scope's count with one conditional upsert, in its own transaction: it
 * succeeds only while the new count stays within the limit, and its row lock holds the count until
 * commit. To the organization's count, which every rule write of the organization waits for, it
 * adds at commit: it leaves a claim, and the database settles the claim inside the COMMIT, or fails
 * the COMMIT ({@link #refusedClaim}). Deletes are counted off by the database's trigger, whatever
 * their path.
 */
@ApplicationScoped
public class RuleCounters {

    private static final String ADD_AT_SCOPE = "insert into ip_rule_count_by_scope as c (org_id, scope, scope_id, used)"
            + " select #{orgId}, #{scope}, #{scopeId}, #{adding}::bigint where #{adding}::bigint <= #{limit}::bigint"
            + " on conflict (org_id, scope, scope_id) do update set used = c.used + #{adding}::bigint"
            + " where c.used + #{adding}::bigint <= #{limit}::bigint returning used";

    private static final String CLAIM_IN_ORG =
            "insert into ip_rule_count_claim (org_id, adding, max_used) values (#{orgId}, #{adding}, #{limit})";

    /**
     * The SQLSTATE of a COMMIT whose claim did not fit ({@code V8}); the error's detail is the
     * organization's count and the claim's rules, as two numbers.
     */
    static final String CLAIM_REFUSED = "IPQ01";

    private static final String LOCK_SCOPE = "insert into ip_rule_count_by_scope as c (org_id, scope, scope_id, used)"
            + " values (#{orgId}, #{scope}, #{scopeId}, 0)"
            + " on conflict (org_id, scope, scope_id) do update set used = c.used";

    private static final String DROP_EMPTY_SCOPE = "delete from ip_rule_count_by_scope"
            + " where org_id = #{orgId} and scope = #{scope} and scope_id = #{scopeId} and used = 0";

    private static final String READ = "select (select used from ip_rule_count_by_org where org_id = #{orgId}),"
            + " (select used from ip_rule_count_by_scope"
            + " where org_id = #{orgId} and scope = #{scope} and scope_id = #{scopeId})";

    private static final RowMapper<Long> USED = row -> row.getLong(0);

    private static final RowMapper<Counts> COUNTS = row -> new Counts(orZero(row.getLong(0)), orZero(row.getLong(1)));

    /** How many rules an organization holds at all its scopes, and at one of them. */
    public record Counts(long organization, long scope) {}

    /** A claim of {@code adding} rules that its COMMIT refused, and the count that left no room. */
    public record RefusedClaim(long organization, long adding) {}

    /**
     * Adds {@code adding} to the scope's count if it stays at most {@code limit}; the new count, or
     * null when it would not (the row stays locked either way until the transaction ends).
     */
    public Uni<Long> addAtScope(SqlClient tx, UUID orgId, Scope scope, UUID scopeId, long adding, long limit) {
        Map<String, Object> parameters = new HashMap<>(atScope(orgId, scope, scopeId));
        parameters.put("adding", adding);
        parameters.put("limit", limit);
        return SqlTemplates.first(tx, ADD_AT_SCOPE, parameters, USED);
    }

    /**
     * Adds {@code adding} to the organization's count at commit if it stays at most {@code limit}.
     * Takes no lock now; if it would pass the limit, the COMMIT fails ({@link #refusedClaim}) and
     * the transaction is rolled back.
     */
    public Uni<Void> claimInOrganization(SqlClient tx, UUID orgId, long adding, long limit) {
        return SqlTemplates.update(tx, CLAIM_IN_ORG, Map.of("orgId", orgId, "adding", adding, "limit", limit))
                .replaceWithVoid();
    }

    /** The refused claim that {@code failure} reports, or null when it reports something else. */
    public static RefusedClaim refusedClaim(Throwable failure) {
        if (failure instanceof PgException e && CLAIM_REFUSED.equals(e.getSqlState()) && e.getDetail() != null) {
            String[] numbers = e.getDetail().split(" ");
            try {
                return new RefusedClaim(Long.parseLong(numbers[0]), Long.parseLong(numbers[1]));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException unreadable) {
                return null; // reported as the database error it is
            }
        }
        return null;
    }

    /**
     * Locks the scope's count until the transaction ends without changing it, so that a reader of
     * the scope's rules sees every rule that other transactions add there before or after it.
     */
    public Uni<Void> lockScope(SqlClient tx, UUID orgId, Scope scope, UUID scopeId) {
        return SqlTemplates.update(tx, LOCK_SCOPE, atScope(orgId, scope, scopeId))
                .replaceWithVoid();
    }

    /** Removes the scope's count if it is 0, as {@link #lockScope} may have left it. */
    public Uni<Void> dropScopeIfEmpty(SqlClient tx, UUID orgId, Scope scope, UUID scopeId) {
        return SqlTemplates.update(tx, DROP_EMPTY_SCOPE, atScope(orgId, scope, scopeId))
                .replaceWithVoid();
    }

    /** The counts as this transaction sees them. */
    public Uni<Counts> read(SqlClient tx, UUID orgId, Scope scope, UUID scopeId) {
        return SqlTemplates.first(tx, READ, atScope(orgId, scope, scopeId), COUNTS);
    }

    private static Map<String, Object> atScope(UUID orgId, Scope scope, UUID scopeId) {
        return Map.of("orgId", orgId, "scope", scope.wireName(), "scopeId", scopeId);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
