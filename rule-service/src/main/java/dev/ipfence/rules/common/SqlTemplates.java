package dev.ipfence.rules.common;

import io.quarkus.arc.ClientProxy;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.templates.RowMapper;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs Vert.x SQL Client Templates, statements with named parameters ({@code #{orgId}}), on the
 * client a repository is handed: the pool, or the connection of a transaction. PostgreSQL receives
 * them as prepared statements, one placeholder per distinct name.
 */
public final class SqlTemplates {

    private SqlTemplates() {}

    /** Every row, mapped. */
    public static <T> Uni<List<T>> list(
            SqlClient db, String template, Map<String, Object> parameters, RowMapper<T> mapper) {
        return UniHelper.toUni(
                        SqlTemplate.forQuery(client(db), template).mapTo(mapper).execute(parameters))
                .map(SqlTemplates::all);
    }

    /** The first row mapped, or null when there is none. */
    public static <T> Uni<T> first(SqlClient db, String template, Map<String, Object> parameters, RowMapper<T> mapper) {
        return UniHelper.toUni(
                        SqlTemplate.forQuery(client(db), template).mapTo(mapper).execute(parameters))
                .map(rows -> {
                    var iterator = rows.iterator();
                    return iterator.hasNext() ? iterator.next() : null;
                });
    }

    /** Runs an insert, update or delete; the number of rows it changed. */
    public static Uni<Integer> update(SqlClient db, String template, Map<String, Object> parameters) {
        return UniHelper.toUni(SqlTemplate.forUpdate(client(db), template).execute(parameters))
                .map(result -> result.rowCount());
    }

    /**
     * The Vert.x client under the Mutiny one. The injected pool is a CDI client proxy, which
     * SqlTemplate cannot use (it needs the driver's own client to write the placeholders), so the
     * proxy is unwrapped; a transaction's connection is no proxy and stays as it is.
     */
    private static io.vertx.sqlclient.SqlClient client(SqlClient db) {
        return ClientProxy.unwrap(db.getDelegate());
    }

    private static <T> List<T> all(RowSet<T> rows) {
        List<T> list = new ArrayList<>(rows.size());
        rows.forEach(list::add);
        return list;
    }
}
