package dev.ipfence.rules.hierarchy;

import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.ProjectState;
import dev.ipfence.core.model.Scope;
import dev.ipfence.rules.common.Clocks;
import dev.ipfence.rules.outbox.ChangeEvents;
import dev.ipfence.rules.outbox.Outbox;
import dev.ipfence.rules.quota.QuotaService;
import dev.ipfence.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Projects and environments of the caller's organization; each change is published like a rule's. */
@ApplicationScoped
public class HierarchyService {

    private final Pool pool;
    private final HierarchyRepository repository;
    private final ScopedRules rules;
    private final Outbox outbox;
    private final QuotaService quotas;
    private final Clock clock;

    public HierarchyService(
            Pool pool,
            HierarchyRepository repository,
            ScopedRules rules,
            Outbox outbox,
            QuotaService quotas,
            Clock clock) {
        this.pool = pool;
        this.repository = repository;
        this.rules = rules;
        this.outbox = outbox;
        this.quotas = quotas;
        this.clock = clock;
    }

    public Uni<List<ProjectState>> listProjects(UUID orgId) {
        return repository.listProjects(pool, orgId);
    }

    public Uni<ProjectState> getProject(UUID orgId, UUID id) {
        return repository.findProject(pool, orgId, id, false).map(p -> ProblemException.found(p, "Project"));
    }

    public Uni<ProjectState> createProject(UUID orgId, String name, String actor) {
        Instant now = Clocks.now(clock);
        ProjectState project = new ProjectState(UUID.randomUUID(), orgId, name, now, now, actor, actor, 1);
        return outbox.inTransaction(tx -> quotas.lock(tx, QuotaService.Kind.PROJECTS, orgId)
                .flatMap(locked -> repository.countProjects(tx, orgId))
                .invoke(count -> quotas.checkOrganization(QuotaService.Kind.PROJECTS, count))
                .flatMap(ok -> repository.insertProject(tx, project))
                .flatMap(ok -> outbox.record(tx, List.of(ChangeEvents.PROJECT.created(project, actor, now))))
                .replaceWith(project));
    }

    public Uni<ProjectState> renameProject(UUID orgId, UUID id, String name, String actor) {
        Instant now = Clocks.now(clock);
        return outbox.inTransaction(tx -> repository
                .findProject(tx, orgId, id, true)
                .map(p -> ProblemException.found(p, "Project"))
                .flatMap(old -> {
                    ProjectState renamed = new ProjectState(
                            old.id(), orgId, name, old.createdAt(), now, old.createdBy(), actor, old.version() + 1);
                    return repository
                            .updateProject(tx, renamed)
                            .flatMap(ok ->
                                    outbox.record(tx, List.of(ChangeEvents.PROJECT.updated(renamed, old, actor, now))))
                            .replaceWith(renamed);
                }));
    }

    /** Deletes a project with its environments; 409 if it or they still hold rules, unless {@code cascade}. */
    public Uni<Void> deleteProject(UUID orgId, UUID id, boolean cascade, String actor) {
        Instant now = Clocks.now(clock);
        return outbox.inTransaction(tx -> repository
                .findProject(tx, orgId, id, true)
                .map(p -> ProblemException.found(p, "Project"))
                .flatMap(project -> repository
                        .listEnvironments(tx, orgId, id, true)
                        .flatMap(envs -> {
                            List<UUID> envIds =
                                    envs.stream().map(EnvironmentState::id).toList();
                            return rules.count(tx, orgId, Scope.PROJECT, List.of(id))
                                    .flatMap(projectRules -> rules.count(tx, orgId, Scope.ENVIRONMENT, envIds)
                                            .map(envRules -> projectRules + envRules))
                                    .invoke(count -> refuseIfRules(count, cascade, "project"))
                                    .flatMap(count -> rules.deleteAll(tx, orgId, Scope.ENVIRONMENT, envIds, actor, now))
                                    .flatMap(ok -> rules.deleteAll(tx, orgId, Scope.PROJECT, List.of(id), actor, now))
                                    .flatMap(ok -> {
                                        List<ChangeEvent<?>> events = new ArrayList<>();
                                        for (EnvironmentState env : envs) {
                                            events.add(ChangeEvents.ENVIRONMENT.deleted(env, actor, now));
                                        }
                                        events.add(ChangeEvents.PROJECT.deleted(project, actor, now));
                                        return repository
                                                .deleteEnvironments(tx, envIds)
                                                .flatMap(done -> repository.deleteProject(tx, id))
                                                .flatMap(done -> outbox.record(tx, events));
                                    });
                        })));
    }

    public Uni<List<EnvironmentState>> listEnvironments(UUID orgId, UUID projectId) {
        return getProject(orgId, projectId).flatMap(p -> repository.listEnvironments(pool, orgId, projectId, false));
    }

    public Uni<EnvironmentState> getEnvironment(UUID orgId, UUID id) {
        return repository.findEnvironment(pool, orgId, id, false).map(e -> ProblemException.found(e, "Environment"));
    }

    public Uni<EnvironmentState> createEnvironment(UUID orgId, UUID projectId, String name, String actor) {
        Instant now = Clocks.now(clock);
        EnvironmentState env =
                new EnvironmentState(UUID.randomUUID(), orgId, projectId, name, now, now, actor, actor, 1);
        // the quota lock before the project's row lock, as every create takes them
        return outbox.inTransaction(tx -> quotas.lock(tx, QuotaService.Kind.ENVIRONMENTS, orgId)
                .flatMap(locked -> repository.findProject(tx, orgId, projectId, true))
                .map(p -> ProblemException.found(p, "Project"))
                .flatMap(project -> repository.countEnvironments(tx, orgId))
                .invoke(count -> quotas.checkOrganization(QuotaService.Kind.ENVIRONMENTS, count))
                .flatMap(ok -> repository.insertEnvironment(tx, env))
                .flatMap(ok -> outbox.record(tx, List.of(ChangeEvents.ENVIRONMENT.created(env, actor, now))))
                .replaceWith(env));
    }

    public Uni<EnvironmentState> renameEnvironment(UUID orgId, UUID id, String name, String actor) {
        Instant now = Clocks.now(clock);
        return outbox.inTransaction(tx -> repository
                .findEnvironment(tx, orgId, id, true)
                .map(e -> ProblemException.found(e, "Environment"))
                .flatMap(old -> {
                    EnvironmentState renamed = new EnvironmentState(
                            old.id(),
                            orgId,
                            old.projectId(),
                            name,
                            old.createdAt(),
                            now,
                            old.createdBy(),
                            actor,
                            old.version() + 1);
                    return repository
                            .updateEnvironment(tx, renamed)
                            .flatMap(ok -> outbox.record(
                                    tx, List.of(ChangeEvents.ENVIRONMENT.updated(renamed, old, actor, now))))
                            .replaceWith(renamed);
                }));
    }

    public Uni<Void> deleteEnvironment(UUID orgId, UUID id, boolean cascade, String actor) {
        Instant now = Clocks.now(clock);
        return outbox.inTransaction(tx -> repository
                .findEnvironment(tx, orgId, id, true)
                .map(e -> ProblemException.found(e, "Environment"))
                .flatMap(env -> rules.count(tx, orgId, Scope.ENVIRONMENT, List.of(id))
                        .invoke(count -> refuseIfRules(count, cascade, "environment"))
                        .flatMap(count -> rules.deleteAll(tx, orgId, Scope.ENVIRONMENT, List.of(id), actor, now))
                        .flatMap(ok -> repository.deleteEnvironment(tx, id))
                        .flatMap(ok -> outbox.record(tx, List.of(ChangeEvents.ENVIRONMENT.deleted(env, actor, now))))));
    }

    private static void refuseIfRules(long count, boolean cascade, String what) {
        if (count > 0 && !cascade) {
            throw new ProblemException(
                    Response.Status.CONFLICT,
                    "The " + what + " still has " + count + " IP rules: delete them first, or delete with ?cascade=true"
                            + " to delete them too.");
        }
    }
}
