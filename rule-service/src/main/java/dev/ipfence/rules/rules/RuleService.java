package dev.ipfence.rules.rules;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.ChangeEvent.Change;
import dev.ipfence.core.events.ChangeEvent.EntityType;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.AccessModel;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.RuleConstraints;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.model.ScopeChain;
import dev.ipfence.rules.common.Clocks;
import dev.ipfence.rules.common.RulesConfig;
import dev.ipfence.rules.hierarchy.HierarchyRepository;
import dev.ipfence.rules.outbox.ChangeLog;
import dev.ipfence.rules.quota.QuotaService;
import dev.ipfence.rules.rules.RuleApi.BulkRequest;
import dev.ipfence.rules.rules.RuleApi.BulkResponse;
import dev.ipfence.rules.rules.RuleApi.EffectiveRules;
import dev.ipfence.rules.rules.RuleApi.RuleRequest;
import dev.ipfence.rules.rules.RuleApi.RuleResponse;
import dev.ipfence.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** IP rules at the three scopes: validation, limits, tenant checks, and an event for every change. */
@ApplicationScoped
public class RuleService {

    private final Pool pool;
    private final RuleRepository rules;
    private final HierarchyRepository hierarchy;
    private final ChangeLog changeLog;
    private final QuotaService quotas;
    private final RulesConfig config;
    private final Clock clock;

    public RuleService(
            Pool pool,
            RuleRepository rules,
            HierarchyRepository hierarchy,
            ChangeLog changeLog,
            QuotaService quotas,
            RulesConfig config,
            Clock clock) {
        this.pool = pool;
        this.rules = rules;
        this.hierarchy = hierarchy;
        this.changeLog = changeLog;
        this.quotas = quotas;
        this.config = config;
        this.clock = clock;
    }

    public Uni<List<RuleState>> list(ScopeRef scope) {
        return checkScope(pool, scope).flatMap(ok -> rules.list(pool, scope.orgId(), scope.scope(), scope.scopeId()));
    }

    /** The organization's login allowlist (see {@link RuleRepository#listLoginRanges}). */
    public Uni<List<RuleState>> listLoginRanges(UUID orgId, String trafficScope) {
        return rules.listLoginRanges(pool, orgId, trafficScope);
    }

    public Uni<RuleState> get(ScopeRef scope, UUID ruleId) {
        return checkScope(pool, scope)
                .flatMap(ok -> rules.find(pool, scope.orgId(), scope.scope(), scope.scopeId(), ruleId, false))
                .map(RuleService::found);
    }

    public Uni<RuleState> create(ScopeRef scope, RuleRequest request, String actor) {
        Instant now = Clocks.now(clock);
        RuleInput.Spec spec = RuleInput.forCreate(request, now, config.maxTtlSeconds());
        RuleState rule = newRule(scope, spec, actor, now);
        return changeLog.inTransaction(tx -> quotas.lock(tx, QuotaService.Kind.RULES, scope.orgId())
                .flatMap(locked -> holdScope(tx, scope))
                .flatMap(ok -> quotas.checkRules(tx, scope, 1))
                .flatMap(ok -> rules.insert(tx, List.of(rule)))
                .flatMap(ok -> changeLog.record(tx, List.of(event(Change.created, rule, null, actor, now))))
                .replaceWith(rule));
    }

    public Uni<RuleState> update(ScopeRef scope, UUID ruleId, RuleRequest request, Long ifMatch, String actor) {
        Instant now = Clocks.now(clock);
        return changeLog.inTransaction(tx -> checkScope(tx, scope)
                .flatMap(ok -> rules.find(tx, scope.orgId(), scope.scope(), scope.scopeId(), ruleId, true))
                .map(RuleService::found)
                .invoke(existing -> checkVersion(existing, ifMatch))
                .flatMap(existing -> {
                    RuleInput.Spec spec = RuleInput.forUpdate(existing, request, now, config.maxTtlSeconds());
                    RuleState updated = withSpec(existing, spec, actor, now);
                    return rules.update(tx, updated)
                            .flatMap(ok ->
                                    changeLog.record(tx, List.of(event(Change.updated, updated, existing, actor, now))))
                            .replaceWith(updated);
                }));
    }

    public Uni<Void> delete(ScopeRef scope, UUID ruleId, Long ifMatch, String actor) {
        Instant now = Clocks.now(clock);
        return changeLog.inTransaction(tx -> checkScope(tx, scope)
                .flatMap(ok -> rules.find(tx, scope.orgId(), scope.scope(), scope.scopeId(), ruleId, true))
                .map(RuleService::found)
                .invoke(existing -> checkVersion(existing, ifMatch))
                .flatMap(existing -> rules.delete(tx, ruleId)
                        .flatMap(ok -> changeLog.record(tx, List.of(deletedEvent(existing, actor, now))))));
    }

    public Uni<BulkResponse> bulk(ScopeRef scope, BulkRequest request, String actor) {
        Instant now = Clocks.now(clock);
        BulkPlan plan = plan(request, now);
        // the organization's rule lock also makes the duplicate test below see every committed rule
        return changeLog.inTransaction(tx -> quotas.lock(tx, QuotaService.Kind.RULES, scope.orgId())
                .flatMap(locked -> holdScope(tx, scope))
                .flatMap(ok -> rules.findByNetworks(tx, scope.orgId(), scope.scope(), scope.scopeId(), plan.networks()))
                .flatMap(existing -> {
                    Set<String> taken = new HashSet<>();
                    for (RuleState rule : existing) {
                        taken.add(duplicateKey(rule));
                    }
                    List<RuleState> created = new ArrayList<>();
                    int skipped = 0;
                    for (RuleInput.Spec spec : plan.specs()) {
                        if (taken.add(spec.duplicateKey())) {
                            created.add(newRule(scope, spec, actor, now));
                        } else {
                            skipped++;
                        }
                    }
                    BulkResponse response = new BulkResponse(created.size(), skipped, plan.errors());
                    return quotas.checkRules(tx, scope, created.size())
                            .flatMap(ok -> rules.insert(tx, created))
                            .flatMap(ok -> changeLog.record(
                                    tx,
                                    created.stream()
                                            .map(rule -> event(Change.created, rule, null, actor, now))
                                            .toList()))
                            .replaceWith(response);
                }));
    }

    /** The rules taking part in the decision for an environment (access model, "The decision"). */
    public Uni<EffectiveRules> effective(UUID orgId, UUID environmentId, String trafficScope) {
        if (trafficScope != null) {
            RuleConstraints.checkTrafficScope(trafficScope).ifPresent(problem -> {
                throw ProblemException.badRequest("trafficScope", problem);
            });
        }
        Instant now = Clocks.now(clock);
        return hierarchy
                .findEnvironment(pool, orgId, environmentId, false)
                .map(env -> ProblemException.found(env, "Environment"))
                .flatMap(env -> hierarchy
                        .findProject(pool, orgId, env.projectId(), false)
                        .flatMap(project -> rules.listChain(pool, orgId, env.projectId(), env.id())
                                .map(chainRules -> {
                                    Map<UUID, RuleState> byId = chainRules.stream()
                                            .collect(Collectors.toMap(RuleState::id, Function.identity()));
                                    AccessModel.TakingPart takingPart =
                                            AccessModel.takingPart(chain(chainRules), trafficScope, now);
                                    List<RuleResponse> responses = takingPart.rules().stream()
                                            .map(rule -> RuleResponse.of(byId.get(rule.id())))
                                            .toList();
                                    Scope from = takingPart.allowListScope();
                                    if (from == null) {
                                        return new EffectiveRules(null, null, null, responses);
                                    }
                                    return switch (from) {
                                        case ENVIRONMENT ->
                                            new EffectiveRules(from.wireName(), env.id(), env.name(), responses);
                                        case PROJECT ->
                                            new EffectiveRules(
                                                    from.wireName(), project.id(), project.name(), responses);
                                        case ORG -> new EffectiveRules(from.wireName(), orgId, null, responses);
                                    };
                                })));
    }

    private static ScopeChain chain(List<RuleState> chainRules) {
        List<Rule> env = new ArrayList<>();
        List<Rule> project = new ArrayList<>();
        List<Rule> org = new ArrayList<>();
        for (RuleState state : chainRules) {
            Rule rule = state.toRule();
            switch (rule.scope()) {
                case ENVIRONMENT -> env.add(rule);
                case PROJECT -> project.add(rule);
                case ORG -> org.add(rule);
            }
        }
        return new ScopeChain(env, project, org);
    }

    private record BulkPlan(List<RuleInput.Spec> specs, List<String> networks, List<String> errors) {}

    private BulkPlan plan(BulkRequest request, Instant now) {
        if (request == null || request.cidrs() == null) {
            throw ProblemException.badRequest("cidrs", "is required: entries separated by newlines, commas or spaces");
        }
        List<String> entries = BulkEntries.split(request.cidrs());
        if (entries.size() > config.bulkMaxEntries()) {
            throw ProblemException.badRequest(
                    "cidrs", "at most " + config.bulkMaxEntries() + " entries per import, got " + entries.size());
        }
        // label, traffic scopes and action are shared by every entry: validate them once, like a rule
        RuleInput.Spec shared = RuleInput.forCreate(
                new RuleRequest(
                        "0.0.0.0/0",
                        null,
                        request.action(),
                        request.trafficScopes(),
                        request.isActive(),
                        request.label(),
                        null,
                        null),
                now,
                config.maxTtlSeconds());
        List<RuleInput.Spec> specs = new ArrayList<>(entries.size());
        List<String> errors = new ArrayList<>();
        Set<String> networks = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            try {
                IpBlock block = RuleInput.parseEntry(entry);
                specs.add(new RuleInput.Spec(
                        block, shared.action(), shared.trafficScopes(), shared.active(), shared.label(), null, null));
                networks.add(Addresses.coveringCidr(block).toString());
            } catch (AddressException e) {
                errors.add("entry " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new BulkPlan(specs, List.copyOf(networks), errors);
    }

    /** 404 unless the project or environment of the URL belongs to the caller's organization. */
    private Uni<Void> checkScope(SqlClient db, ScopeRef scope) {
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
     * Like {@link #checkScope}, for a transaction that adds rules: the project or environment row
     * is held FOR KEY SHARE until commit, so a concurrent delete of it waits and then finds (and
     * refuses, or cascades to) the new rules; a rule never outlives its scope. Lock order of every
     * rule create: the organization's quota lock, then this row lock; a delete takes the scope's row
     * lock only (FOR UPDATE) and never a quota lock, so the two cannot wait on each other in a cycle.
     */
    private Uni<Void> holdScope(SqlClient tx, ScopeRef scope) {
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

    private static void checkVersion(RuleState rule, Long ifMatch) {
        if (ifMatch != null && ifMatch != rule.version()) {
            throw new ProblemException(
                    Response.Status.PRECONDITION_FAILED,
                    "The rule is at version " + rule.version() + ", not " + ifMatch + " (If-Match): read it again.");
        }
    }

    private static RuleState found(RuleState rule) {
        return ProblemException.found(rule, "Rule");
    }

    /** Deletes every rule at these scopes inside {@code tx} and records their deletion events. */
    public Uni<Void> deleteAtScopes(
            SqlClient tx, UUID orgId, Scope scope, List<UUID> scopeIds, String actor, Instant now) {
        return rules.deleteAtScopes(tx, orgId, scope, scopeIds)
                .flatMap(deleted -> changeLog.record(
                        tx,
                        deleted.stream()
                                .map(rule -> deletedEvent(rule, actor, now))
                                .toList()));
    }

    /**
     * Removes up to {@code limit} rules whose expiry is older than {@code cutoff}, publishing each
     * deletion; returns how many. Expired rules stopped matching at their expiry already.
     */
    public Uni<Integer> removeExpired(Instant cutoff, int limit, String actor) {
        Instant now = Clocks.now(clock);
        return changeLog.inTransaction(tx -> rules.deleteExpired(tx, cutoff, limit)
                .flatMap(deleted -> changeLog
                        .record(
                                tx,
                                deleted.stream()
                                        .map(rule -> deletedEvent(rule, actor, now))
                                        .toList())
                        .replaceWith(deleted.size())));
    }

    public Uni<Long> countAtScopes(SqlClient tx, UUID orgId, Scope scope, List<UUID> scopeIds) {
        return scopeIds.isEmpty() ? Uni.createFrom().item(0L) : rules.countAtScopes(tx, orgId, scope, scopeIds);
    }

    private static String duplicateKey(RuleState rule) {
        return new RuleInput.Spec(
                        RuleInput.blockOf(rule),
                        Action.fromWireName(rule.action()),
                        List.copyOf(new TreeSet<>(rule.trafficScopes())),
                        true,
                        null,
                        null,
                        null)
                .duplicateKey();
    }

    private static RuleState newRule(ScopeRef scope, RuleInput.Spec spec, String actor, Instant now) {
        return state(
                UUID.randomUUID(),
                scope.orgId(),
                scope.scope().wireName(),
                scope.scopeId(),
                spec,
                now,
                now,
                actor,
                actor,
                1);
    }

    private static RuleState withSpec(RuleState existing, RuleInput.Spec spec, String actor, Instant now) {
        return state(
                existing.id(),
                existing.orgId(),
                existing.scope(),
                existing.scopeId(),
                spec,
                existing.createdAt(),
                now,
                existing.createdBy(),
                actor,
                existing.version() + 1);
    }

    private static RuleState state(
            UUID id,
            UUID orgId,
            String scope,
            UUID scopeId,
            RuleInput.Spec spec,
            Instant createdAt,
            Instant updatedAt,
            String createdBy,
            String updatedBy,
            long version) {
        IpBlock block = spec.block();
        return new RuleState(
                id,
                orgId,
                scope,
                scopeId,
                block.isCidr() ? block.toString() : null,
                block.isCidr()
                        ? null
                        : new RuleState.Range(
                                block.first().toString(), block.last().toString()),
                spec.action().wireName(),
                spec.trafficScopes(),
                spec.active(),
                spec.label(),
                spec.expiresAt(),
                spec.ttl(),
                createdAt,
                updatedAt,
                createdBy,
                updatedBy,
                version);
    }

    private static ChangeEvent<RuleState> event(
            Change change, RuleState rule, RuleState previous, String actor, Instant now) {
        return new ChangeEvent<>(
                EntityType.rule, change, rule.id(), rule.orgId(), rule.version(), false, actor, now, rule, previous);
    }

    private static ChangeEvent<RuleState> deletedEvent(RuleState rule, String actor, Instant now) {
        RuleState last = new RuleState(
                rule.id(),
                rule.orgId(),
                rule.scope(),
                rule.scopeId(),
                rule.cidr(),
                rule.range(),
                rule.action(),
                rule.trafficScopes(),
                rule.isActive(),
                rule.label(),
                rule.expiresAt(),
                rule.ttl(),
                rule.createdAt(),
                now,
                rule.createdBy(),
                actor,
                rule.version() + 1);
        return new ChangeEvent<>(
                EntityType.rule, Change.deleted, rule.id(), rule.orgId(), last.version(), true, actor, now, last, rule);
    }
}
