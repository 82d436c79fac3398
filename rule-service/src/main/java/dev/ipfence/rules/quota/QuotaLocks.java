package dev.ipfence.rules.quota;

import dev.ipfence.rules.common.SqlTemplates;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The transaction-scoped advisory locks that serialise the creates of one kind in one
 * organization: PostgreSQL holds each until the transaction ends. The two methods take the same
 * lock for the same key, one in a transaction of the SQL client, one in a Hibernate Reactive session.
 */
@ApplicationScoped
public class QuotaLocks {

    private static final String LOCK = "select pg_advisory_xact_lock(hashtextextended(#{key}, 0))";

    // a native query must return a row that Hibernate can read, and pg_advisory_xact_lock returns void
    private static final String LOCK_IN_SESSION =
            "select count(*) from (select pg_advisory_xact_lock(hashtextextended(:key, 0))) locked";

    public Uni<Void> lock(SqlClient tx, String key) {
        return SqlTemplates.update(tx, LOCK, Map.of("key", key)).replaceWithVoid();
    }

    public Uni<Void> lock(Mutiny.Session session, String key) {
        return session.createNativeQuery(LOCK_IN_SESSION)
                .setParameter("key", key)
                .getSingleResult()
                .replaceWithVoid();
    }
}
