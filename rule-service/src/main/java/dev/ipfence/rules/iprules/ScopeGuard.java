package dev.ipfence.rules.iprules;

import dev.ipfence.core.model.Scope;
import dev.ipfence.rules.hierarchy.HierarchyRepository;
import dev.ipfence.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/** The project or environment a rule URL names: found in the caller's organization, or 404. */
@ApplicationScoped
public class ScopeGuard {

    private final HierarchyRepository hierarchy;

    public ScopeGuard(HierarchyRepository hierarchy) {
        this.hierarchy = hierarchy;
    }

    /** 404 unless the project or environment of the URL belongs to the caller's organization. */
    Uni<Void> check(SqlClient db, ScopeRef scope) {
        return switch (scope.scope()) {
            case ORG -> Uni.createFrom().voidItem();
            case PROJECT ->
                hierarchy
                        .findProject(db, scope.orgId(), scope.scopeId(), false)
                        .invoke(project -> ProblemException.found(project, "Project"))
                        .replaceWithVoid();
            case ENVIRONMENT ->
                hierarchy
                        .findEnvironment(db, scope.orgId(), scope.scopeId(), false)
                        .invoke(env -> ProblemException.found(env, "Environment"))
                        .replaceWithVoid();
        };
    }

    /**
     * Like {@link #check}, for a transaction that adds rules: the project or environment row
     * is held FOR KEY SHARE until commit, so a concurrent delete of it waits and then finds (and
     * refuses, or cascades to) the new rules; a rule never outlives its scope. Lock order of every
     * rule create: the organization's quota lock, then this row lock; a delete takes the scope's row
     * lock only (FOR UPDATE) and never a quota lock, so the two cannot wait on each other in a cycle.
     */
    Uni<Void> hold(SqlClient tx, ScopeRef scope) {
        Uni<Boolean> held = switch (scope.scope()) {
            case ORG -> Uni.createFrom().item(true);
            case PROJECT -> hierarchy.holdProject(tx, scope.orgId(), scope.scopeId());
            case ENVIRONMENT -> hierarchy.holdEnvironment(tx, scope.orgId(), scope.scopeId());
        };
        return held.invoke(exists -> {
                    if (!exists) {
                        throw ProblemException.notFound(scope.scope() == Scope.PROJECT ? "Project" : "Environment");
                    }
                })
                .replaceWithVoid();
    }
}
