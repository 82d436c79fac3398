package dev.ipfence.rules.hierarchy;

import dev.ipfence.core.model.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The rules held by projects and environments, as a delete of them needs to see them: counted to
 * refuse the delete, or deleted with it (with their deletion events) when it cascades.
 */
public interface ScopedRules {

    Uni<Long> count(SqlClient tx, UUID orgId, Scope scope, List<UUID> scopeIds);

    /** Deletes every rule at these scopes inside {@code tx} and records their deletion events. */
    Uni<Void> deleteAll(SqlClient tx, UUID orgId, Scope scope, List<UUID> scopeIds, String actor, Instant now);
}
