package dev.ipfence.rules.iprules;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.Scope;
import dev.ipfence.rules.common.Clocks;
import dev.ipfence.rules.common.Rows;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** IP rules in PostgreSQL; addresses live in cidr/inet columns so containment queries are indexed. */
@ApplicationScoped
public class RuleRepository {

    /** The columns {@link #rule(Row)} reads. */
    public static final String COLUMNS = "id, org_id, scope, scope_id, network::text as network,"
            + " host(range_from) as range_from, host(range_to) as range_to, action, traffic_scopes, is_active, label,"
            + " expires_at, ttl_seconds, created_at, updated_at, created_by, updated_by, version";

    private static final String INSERT = "insert into ip_rule (id, org_id, scope, scope_id, network, range_from,"
            + " range_to, action, traffic_scopes, is_active, label, expires_at, ttl_seconds, created_at, updated_at,"
            + " created_by, updated_by, version) values (#{id}, #{orgId}, #{scope}, #{scopeId},"
            + " #{network}::text::cidr, #{rangeFrom}::text::inet, #{rangeTo}::text::inet, #{action},"
            + " #{trafficScopes}::text[], #{isActive}, #{label}, #{expiresAt}, #{ttl}, #{createdAt}, #{updatedAt},"
            + " #{createdBy}, #{updatedBy}, #{version})";

    private static final String UPDATE = "update ip_rule set network = #{network}::text::cidr,"
            + " range_from = #{rangeFrom}::text::inet, range_to = #{rangeTo}::text::inet, action = #{action},"
            + " traffic_scopes = #{trafficScopes}::text[], is_active = #{isActive}, label = #{label},"
            + " expires_at = #{expiresAt}, updated_at = #{updatedAt}, updated_by = #{updatedBy},"
            + " version = #{version}, ttl_seconds = #{ttl} where id = #{id}";

    public Uni<Void> insert(SqlClient db, List<RuleState> rules) {
        if (rules.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> rows =
                rules.stream().map(RuleRepository::parameters).toList();
        return UniHelper.toUni(SqlTemplate.forUpdate(db.getDelegate(), INSERT).executeBatch(rows))
                .replaceWithVoid();
    }

    public Uni<Void> update(SqlClient db, RuleState rule) {
        return UniHelper.toUni(SqlTemplate.forUpdate(db.getDelegate(), UPDATE).execute(parameters(rule)))
                .replaceWithVoid();
    }

    /** Every column of a rule, by the name {@link #INSERT} and {@link #UPDATE} give it. */
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
        return db.preparedQuery("select " + COLUMNS
                        + " from ip_rule where id = $1 and org_id = $2 and scope = $3 and scope_id = $4"
                        + (forUpdate ? " for update" : ""))
                .execute(Tuple.of(id, orgId, scope.wireName(), scopeId))
                .map(rows -> Rows.first(rows, RuleRepository::rule));
    }

    public Uni<List<RuleState>> list(SqlClient db, UUID orgId, Scope scope, UUID scopeId) {
        return db.preparedQuery("select " + COLUMNS
                        + " from ip_rule where org_id = $1 and scope = $2 and scope_id = $3 order by created_at, id")
                .execute(Tuple.of(orgId, scope.wireName(), scopeId))
                .map(rows -> Rows.all(rows, RuleRepository::rule));
    }

    /**
     * The organization's login allowlist: its own allow rules that are a range and name exactly the
     * traffic scope {@code trafficScope} (stored sorted and without repeats, so one element is
     * exactly that scope). {@code LoginAllowlistResource.isLoginRange} is the same test on one rule.
     */
    public Uni<List<RuleState>> listLoginRanges(SqlClient db, UUID orgId, String trafficScope) {
        return db.preparedQuery("select " + COLUMNS + " from ip_rule where org_id = $1 and scope = 'org'"
                        + " and scope_id = $1 and range_from is not null and action = 'allow'"
                        + " and traffic_scopes = array[$2::text] order by created_at, id")
                .execute(Tuple.of(orgId, trafficScope))
                .map(rows -> Rows.all(rows, RuleRepository::rule));
    }

    /** The rules of an environment, its project and its organization. */
    public Uni<List<RuleState>> listChain(SqlClient db, UUID orgId, UUID projectId, UUID environmentId) {
        return db.preparedQuery("select " + COLUMNS + " from ip_rule where org_id = $1 and (scope = 'org'"
                        + " or (scope = 'project' and scope_id = $2) or (scope = 'environment' and scope_id = $3))"
                        + " order by created_at, id")
                .execute(Tuple.of(orgId, projectId, environmentId))
                .map(rows -> Rows.all(rows, RuleRepository::rule));
    }

    /** Rules at the scope whose network is one of {@code networks}: the candidates for duplicates. */
    public Uni<List<RuleState>> findByNetworks(
            SqlClient db, UUID orgId, Scope scope, UUID scopeId, List<String> networks) {
        return db.preparedQuery("select " + COLUMNS + " from ip_rule where org_id = $1 and scope = $2 and scope_id = $3"
                        + " and network = any($4::text[]::cidr[])")
                .execute(Tuple.of(orgId, scope.wireName(), scopeId, networks.toArray(String[]::new)))
                .map(rows -> Rows.all(rows, RuleRepository::rule));
    }

    public Uni<Void> delete(SqlClient db, UUID id) {
        return db.preparedQuery("delete from ip_rule where id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** Deletes every rule at the given scopes and returns them as they were. */
    public Uni<List<RuleState>> deleteAtScopes(SqlClient db, UUID orgId, Scope scope, List<UUID> scopeIds) {
        return db.preparedQuery("delete from ip_rule where org_id = $1 and scope = $2 and scope_id = any($3)"
                        + " returning " + COLUMNS)
                .execute(Tuple.of(orgId, scope.wireName(), scopeIds.toArray(UUID[]::new)))
                .map(rows -> Rows.all(rows, RuleRepository::rule));
    }

    /** Deletes up to {@code limit} rules that expired before {@code cutoff} and returns them as they were. */
    public Uni<List<RuleState>> deleteExpired(SqlClient db, java.time.Instant cutoff, int limit) {
        return db.preparedQuery("delete from ip_rule where id in (select id from ip_rule where expires_at < $1"
                        + " order by expires_at limit $2 for update skip locked) returning " + COLUMNS)
                .execute(Tuple.of(Clocks.toDb(cutoff), limit))
                .map(rows -> Rows.all(rows, RuleRepository::rule));
    }

    public Uni<Long> countAtScopes(SqlClient db, UUID orgId, Scope scope, List<UUID> scopeIds) {
        return db.preparedQuery("select count(*) from ip_rule where org_id = $1 and scope = $2 and scope_id = any($3)")
                .execute(Tuple.of(orgId, scope.wireName(), scopeIds.toArray(UUID[]::new)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static String network(RuleState r) {
        if (r.range() != null) {
            return Addresses.coveringCidr(
                            Addresses.parseRange(r.range().from(), r.range().to()))
                    .toString();
        }
        return r.cidr();
    }

    public static RuleState rule(Row row) {
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
