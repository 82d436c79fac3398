package dev.ipfence.rules.iprules;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.Scope;
import dev.ipfence.rules.common.Clocks;
import dev.ipfence.rules.common.SqlTemplates;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.RowMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** IP rules in PostgreSQL; addresses live in cidr/inet columns so containment queries are indexed. */
@ApplicationScoped
public class RuleRepository {

    /** The columns {@link #RULE} reads. */
    public static final String COLUMNS = "id, org_id, scope, scope_id, network::text as network,"
            + " host(range_from) as range_from, host(range_to) as range_to, action, traffic_scopes, is_active, label,"
            + " expires_at, ttl_seconds, created_at, updated_at, created_by, updated_by, version";

    /**
     * Inserts any number of rules in one statement: each column arrives as one array, all of the
     * same length, and {@code unnest} turns them back into rows. A rule's traffic scopes travel as one
     * text joined by commas, which no traffic scope contains ({@code RuleConstraints}).
     */
    private static final String INSERT = "insert into ip_rule (id, org_id, scope, scope_id, network, range_from,"
            + " range_to, action, traffic_scopes, is_active, label, expires_at, ttl_seconds, created_at, updated_at,"
            + " created_by, updated_by, version) select id, org_id, scope, scope_id, network::cidr, range_from::inet,"
            + " range_to::inet, action, string_to_array(traffic_scopes, ','), is_active, label, expires_at,"
            + " ttl_seconds, created_at, updated_at, created_by, updated_by, version from unnest(#{id}::uuid[],"
            + " #{orgId}::uuid[], #{scope}::text[], #{scopeId}::uuid[], #{network}::text[], #{rangeFrom}::text[],"
            + " #{rangeTo}::text[], #{action}::text[], #{trafficScopes}::text[], #{isActive}::boolean[],"
            + " #{label}::text[], #{expiresAt}::timestamptz[], #{ttl}::bigint[], #{createdAt}::timestamptz[],"
            + " #{updatedAt}::timestamptz[], #{createdBy}::text[], #{updatedBy}::text[], #{version}::bigint[])"
            + " as r(id, org_id, scope, scope_id, network, range_from, range_to, action, traffic_scopes, is_active,"
            + " label, expires_at, ttl_seconds, created_at, updated_at, created_by, updated_by, version)";

    private static final String UPDATE = "update ip_rule set network = #{network}::text::cidr,"
            + " range_from = #{rangeFrom}::text::inet, range_to = #{rangeTo}::text::inet, action = #{action},"
            + " traffic_scopes = #{trafficScopes}::text[], is_active = #{isActive}, label = #{label},"
            + " expires_at = #{expiresAt}, updated_at = #{updatedAt}, updated_by = #{updatedBy},"
            + " version = #{version}, ttl_seconds = #{ttl} where id = #{id}";

    private static final String FIND =
            "select " + COLUMNS + " from ip_rule where id = #{id} and org_id = #{orgId} and scope = #{scope}"
                    + " and scope_id = #{scopeId}";

    private static final String FIND_FOR_UPDATE = FIND + " for update";

    private static final String LIST = "select " + COLUMNS
            + " from ip_rule where org_id = #{orgId} and scope = #{scope} and scope_id = #{scopeId}"
            + " order by created_at, id";

    private static final String LIST_LOGIN_RANGES = "select " + COLUMNS
            + " from ip_rule where org_id = #{orgId} and scope = 'org' and scope_id = #{orgId}"
            + " and range_from is not null and action = 'allow' and traffic_scopes = array[#{trafficScope}::text]"
            + " order by created_at, id";

    private static final String LIST_CHAIN = "select " + COLUMNS + " from ip_rule where org_id = #{orgId}"
            + " and (scope = 'org' or (scope = 'project' and scope_id = #{projectId})"
            + " or (scope = 'environment' and scope_id = #{environmentId})) order by created_at, id";

    private static final String FIND_BY_NETWORKS = "select " + COLUMNS
            + " from ip_rule where org_id = #{orgId} and scope = #{scope} and scope_id = #{scopeId}"
            + " and network = any(#{networks}::text[]::cidr[])";

    private static final String DELETE = "delete from ip_rule where id = #{id}";

    private static final String DELETE_AT_SCOPES =
            "delete from ip_rule where org_id = #{orgId} and scope = #{scope} and scope_id = any(#{scopeIds})"
                    + " returning " + COLUMNS;

    private static final String DELETE_EXPIRED =
            "delete from ip_rule where id in (select id from ip_rule where expires_at < #{cutoff}"
                    + " order by expires_at limit #{limit} for update skip locked) returning " + COLUMNS;

    private static final String COUNT_AT_SCOPES =
            "select count(*) from ip_rule where org_id = #{orgId} and scope = #{scope} and scope_id = any(#{scopeIds})";

    /** Maps a row of {@link #COLUMNS}. */
    public static final RowMapper<RuleState> RULE = RuleRepository::rule;

    /** Inserts the rules with one statement, however many there are. */
    public Uni<Void> insert(SqlClient db, List<RuleState> rules) {
        if (rules.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return SqlTemplates.update(db, INSERT, RuleColumns.of(rules)).replaceWithVoid();
    }

    public Uni<Void> update(SqlClient db, RuleState rule) {
        return SqlTemplates.update(db, UPDATE, parameters(rule)).replaceWithVoid();
    }

    /** Every column of a rule, by the name {@link #UPDATE} gives it. */
    private static Map<String, Object> parameters(RuleState r) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", r.id());
        p.put("orgId", r.orgId());
        p.put("scope", r.scope());
        p.put("scopeId", r.scopeId());
        p.put("network", network(r));
        p.put("rangeFrom", r.range() == null ? null : r.range().from());
        p.put("rangeTo", r.range() == null ? null : r.range().to());
        p.put("action", r.action());
        p.put("trafficScopes", r.trafficScopes().toArray(String[]::new));
        p.put("isActive", r.isActive());
        p.put("label", r.label());
        p.put("expiresAt", Clocks.toDb(r.expiresAt()));
        p.put("ttl", r.ttl());
        p.put("createdAt", Clocks.toDb(r.createdAt()));
        p.put("updatedAt", Clocks.toDb(r.updatedAt()));
        p.put("createdBy", r.createdBy());
        p.put("updatedBy", r.updatedBy());
        p.put("version", r.version());
        return p;
    }

    public Uni<RuleState> find(SqlClient db, UUID orgId, Scope scope, UUID scopeId, UUID id, boolean forUpdate) {
        return SqlTemplates.first(
                db,
                forUpdate ? FIND_FOR_UPDATE : FIND,
                Map.of("id", id, "orgId", orgId, "scope", scope.wireName(), "scopeId", scopeId),
                RULE);
    }

    public Uni<List<RuleState>> list(SqlClient db, UUID orgId, Scope scope, UUID scopeId) {
        return SqlTemplates.list(db, LIST, atScope(orgId, scope, scopeId), RULE);
    }

    /**
     * The organization's login allowlist: its own allow rules that are a range and name exactly the
     * traffic scope {@code trafficScope} (stored sorted and without repeats, so one element is
     * exactly that scope). {@code LoginAllowlistResource.isLoginRange} is the same test on one rule.
     */
    public Uni<List<RuleState>> listLoginRanges(SqlClient db, UUID orgId, String trafficScope) {
        return SqlTemplates.list(db, LIST_LOGIN_RANGES, Map.of("orgId", orgId, "trafficScope", trafficScope), RULE);
    }

    /** The rules of an environment, its project and its organization. */
    public Uni<List<RuleState>> listChain(SqlClient db, UUID orgId, UUID projectId, UUID environmentId) {
        return SqlTemplates.list(
                db, LIST_CHAIN, Map.of("orgId", orgId, "projectId", projectId, "environmentId", environmentId), RULE);
    }

    /** Rules at the scope whose network is one of {@code networks}: the candidates for duplicates. */
    public Uni<List<RuleState>> findByNetworks(
            SqlClient db, UUID orgId, Scope scope, UUID scopeId, List<String> networks) {
        Map<String, Object> parameters = new HashMap<>(atScope(orgId, scope, scopeId));
        parameters.put("networks", networks.toArray(String[]::new));
        return SqlTemplates.list(db, FIND_BY_NETWORKS, parameters, RULE);
    }

    public Uni<Void> delete(SqlClient db, UUID id) {
        return SqlTemplates.update(db, DELETE, Map.of("id", id)).replaceWithVoid();
    }

    /** Deletes every rule at the given scopes and returns them as they were. */
    public Uni<List<RuleState>> deleteAtScopes(SqlClient db, UUID orgId, Scope scope, List<UUID> scopeIds) {
        return SqlTemplates.list(db, DELETE_AT_SCOPES, atScopes(orgId, scope, scopeIds), RULE);
    }

    /** Deletes up to {@code limit} rules that expired before {@code cutoff} and returns them as they were. */
    public Uni<List<RuleState>> deleteExpired(SqlClient db, Instant cutoff, int limit) {
        return SqlTemplates.list(db, DELETE_EXPIRED, Map.of("cutoff", Clocks.toDb(cutoff), "limit", limit), RULE);
    }

    public Uni<Long> countAtScopes(SqlClient db, UUID orgId, Scope scope, List<UUID> scopeIds) {
        return SqlTemplates.first(db, COUNT_AT_SCOPES, atScopes(orgId, scope, scopeIds), row -> row.getLong(0));
    }

    private static Map<String, Object> atScope(UUID orgId, Scope scope, UUID scopeId) {
        return Map.of("orgId", orgId, "scope", scope.wireName(), "scopeId", scopeId);
    }

    private static Map<String, Object> atScopes(UUID orgId, Scope scope, List<UUID> scopeIds) {
        return Map.of("orgId", orgId, "scope", scope.wireName(), "scopeIds", scopeIds.toArray(UUID[]::new));
    }

    /** The network column: the rule's CIDR, or the smallest CIDR that covers its range. */
    static String network(RuleState r) {
        if (r.range() != null) {
            return Addresses.coveringCidr(
                            Addresses.parseRange(r.range().from(), r.range().to()))
                    .toString();
        }
        return r.cidr();
    }

    private static RuleState rule(Row row) {
        String from = row.getString("range_from");
        IpBlock range = from == null ? null : Addresses.parseRange(from, row.getString("range_to"));
        return new RuleState(
                row.getUUID("id"),
                row.getUUID("org_id"),
                row.getString("scope"),
                row.getUUID("scope_id"),
                range == null ? Addresses.parseNetwork(row.getString("network")).toString() : null,
                range == null
                        ? null
                        : new RuleState.Range(
                                range.first().toString(), range.last().toString()),
                row.getString("action"),
                Arrays.asList(row.getArrayOfStrings("traffic_scopes")),
                row.getBoolean("is_active"),
                row.getString("label"),
                Clocks.fromDb(row.getOffsetDateTime("expires_at")),
                row.getLong("ttl_seconds"),
                Clocks.fromDb(row.getOffsetDateTime("created_at")),
                Clocks.fromDb(row.getOffsetDateTime("updated_at")),
                row.getString("created_by"),
                row.getString("updated_by"),
                row.getLong("version"));
    }
}
