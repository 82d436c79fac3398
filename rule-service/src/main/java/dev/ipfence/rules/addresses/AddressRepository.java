package dev.ipfence.rules.addresses;

import dev.ipfence.core.events.RuleState;
import dev.ipfence.rules.common.SqlTemplates;
import dev.ipfence.rules.iprules.RuleRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The organization rules that are IP address policies: a CIDR or address, for all traffic. A list
 * is one statement built from the fixed fragments below, one for each filter given; every value
 * is a named parameter, and a sort key only ever chooses one of the fixed columns.
 */
@ApplicationScoped
public class AddressRepository {

    private static final String POLICIES =
            " from ip_rule where org_id = #{orgId} and scope = 'org' and traffic_scopes = '{}' and range_from is null";

    private static final Map<String, String> SORT_COLUMNS = Map.of(
            "ip", "ip_rule.network",
            "createTime", "created_at",
            "expireTime", "expires_at",
            "policy", "action",
            "ttl", "ttl_seconds",
            "updateTime", "updated_at");

    private static final Map<String, String> TIME_COLUMNS =
            Map.of("createTime", "created_at", "expireTime", "expires_at", "updateTime", "updated_at");

    private final Pool pool;

    public AddressRepository(Pool pool) {
        this.pool = pool;
    }

    public record Page(List<RuleState> rules, long total) {}

    /** The {@code from ... where ...} of a list, and its parameters by name. */
    record Selection(String fromWhere, Map<String, Object> parameters) {}

    Uni<Page> list(UUID orgId, AddressQuery query) {
        Selection selection = selection(orgId, query);
        Map<String, Object> pageParameters = new HashMap<>(selection.parameters());
        pageParameters.put("limit", query.limit);
        pageParameters.put("offset", query.offset);
        String page = "select " + RuleRepository.COLUMNS + selection.fromWhere() + " order by " + orderBy(query)
                + " limit #{limit} offset #{offset}";
        return SqlTemplates.list(pool, page, pageParameters, RuleRepository.RULE)
                .flatMap(rules -> SqlTemplates.first(
                                pool,
                                "select count(*)" + selection.fromWhere(),
                                selection.parameters(),
                                row -> row.getLong(0))
                        .map(total -> new Page(rules, total)));
    }

    static Selection selection(UUID orgId, AddressQuery query) {
        StringBuilder where = new StringBuilder(POLICIES);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("orgId", orgId);
        if (query.network != null) {
            where.append(" and (network >>= #{network}::text::cidr or network <<= #{network}::text::cidr)");
            parameters.put("network", query.network);
        }
        if (query.policy != null) {
            where.append(" and action = #{policy}");
            parameters.put("policy", query.policy);
        }
        if (query.ttlSeconds != null) {
            if (query.ttlSeconds == 0) {
                where.append(" and ttl_seconds is null");
            } else {
                where.append(" and ttl_seconds = #{ttl}");
                parameters.put("ttl", query.ttlSeconds);
            }
        }
        for (AddressQuery.TimeBound bound : query.timeBounds) {
            String name = bound.field() + (bound.from() ? "From" : "To");
            where.append(" and ")
                    .append(TIME_COLUMNS.get(bound.field()))
                    .append(bound.from() ? " >= #{" : " < #{")
                    .append(name)
                    .append('}');
            parameters.put(name, bound.at());
        }
        return new Selection(where.toString(), parameters);
    }

    static String orderBy(AddressQuery query) {
        String column = SORT_COLUMNS.get(query.sortBy);
        String order = query.ascending ? "asc" : "desc";
        boolean neverLast = column.equals("expires_at") || column.equals("ttl_seconds");
        return column + " " + order + (neverLast ? " nulls last" : "") + ", id " + order;
    }
}
