package dev.ipfence.audit.hierarchy;

import dev.ipfence.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Whether an environment belongs to the caller's organization, from the map kept off ipfence.rules.v1. */
@ApplicationScoped
public class EnvironmentAccess {

    private final Pool pool;

    public EnvironmentAccess(Pool pool) {
        this.pool = pool;
    }

    /** Completes when the environment is the organization's; otherwise a 404, whoever owns it. */
    public Uni<Void> require(UUID orgId, UUID environmentId) {
        return pool.preparedQuery("select 1 from environment_ref where id = $1 and org_id = $2 and not deleted")
                .execute(Tuple.of(environmentId, orgId))
                .invoke(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Environment");
                    }
                })
                .replaceWithVoid();
    }
}
