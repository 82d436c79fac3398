package dev.ipfence.rules.addresses;

import dev.ipfence.core.events.RuleState;
import dev.ipfence.rules.common.Rows;
import dev.ipfence.rules.iprules.RuleRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The organization rules that are IP address policies: a CIDR or address, for all traffic. */
@ApplicationScoped
public class AddressRepository {

    private final Pool pool;

    public AddressRepository(Pool pool) {
        this.pool = pool;
    }

    public record Page(List<RuleState> rules, long total) {}

    Uni<Page> list(UUID orgId, AddressQuery query) {
        List<Object> values = new ArrayList<>(List.of(orgId));
        StringBuilder where = new StringBuilder(
                " from ip_rule where org_id = $1 and scope = 'org' and traffic_scopes = '{}' and range_from is null");
        for (AddressQuery.Condition condition : query.conditions) {
            Object[] placeholders = new Object[condition.values().size()];
            for (int i = 0; i < placeholders.length; i++) {
                values.add(condition.values().get(i));
                placeholders[i] = "$" + values.size();
            }
            where.append(" and ").append(String.format(condition.sql(), placeholders));
        }
        List<Object> pageValues = new ArrayList<>(values);
        pageValues.add(query.limit);
        pageValues.add(query.offset);
        String select = "select " + RuleRepository.COLUMNS + where + " order by " + query.orderBy + " limit $"
                + (values.size() + 1) + " offset $" + (values.size() + 2);
        return pool.preparedQuery(select)
                .execute(Tuple.from(pageValues))
                .map(rows -> Rows.all(rows, RuleRepository::rule))
                .flatMap(rules -> pool.preparedQuery("select count(*)" + where)
                        .execute(Tuple.from(values))
                        .map(rows -> new Page(rules, rows.iterator().next().getLong(0))));
    }
}
