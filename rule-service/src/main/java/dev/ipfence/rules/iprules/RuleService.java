package dev.ipfence.rules.iprules;

import dev.ipfence.core.events.RuleState;
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
import java.util.List;
import java.util.UUID;

/** One IP rule at a time at the three scopes: validation, limits, tenant checks, and an event for every change. */
@ApplicationScoped
public class RuleService {

    private final Pool pool;
    private final RuleRepository rules;
    private final ScopeGuard scopes;
    private final Outbox outbox;
    private final QuotaService quotas;
    private final Clock clock;

    public RuleService(
            Pool pool, RuleRepository rules, ScopeGuard scopes, Outbox outbox, QuotaService quotas, Clock clock) {
        this.pool = pool;
        this.rules = rules;
        this.scopes = scopes;
        this.outbox = outbox;
        this.quotas = quotas;
        this.clock = clock;
    }

    public Uni<List<RuleState>> list(ScopeRef scope) {
        return scopes.check(pool, scope).flatMap(ok -> rules.list(pool, scope.orgId(), scope.scope(), scope.scopeId()));
    }

    /** The organization's login allowlist (see {@link RuleRepository#listLoginRanges}). */
    public Uni<List<RuleState>> listLoginRanges(UUID orgId, String trafficScope) {
        return rules.listLoginRanges(pool, orgId, trafficScope);
    }

    public Uni<RuleState> get(ScopeRef scope, UUID ruleId) {
        return scopes.check(pool, scope)
                .flatMap(ok -> rules.find(pool, scope.orgId(), scope.scope(), scope.scopeId(), ruleId, false))
                .map(RuleService::found);
    }

    public Uni<RuleState> create(ScopeRef scope, Validated<RuleInput.Spec> spec, String actor) {
        Instant now = spec.at();
        RuleState rule = RuleStates.created(scope, spec.value(), actor, now);
        return quotas.refusingRulesAtCommit(outbox.inTransaction(tx -> scopes.hold(tx, scope)
                .flatMap(ok -> quotas.takeRulesAtScope(tx, scope.orgId(), scope.scope(), scope.scopeId(), 1))
                .flatMap(ok -> rules.insert(tx, List.of(rule)))
                .flatMap(ok -> outbox.record(tx, List.of(ChangeEvents.RULE.created(rule, actor, now))))
                .flatMap(ok -> quotas.takeRulesOfOrganization(tx, scope.orgId(), 1))
                .replaceWith(rule)));
    }

    public Uni<RuleState> update(
            ScopeRef scope, UUID ruleId, Validated<RuleChange> change, Long ifMatch, String actor) {
        Instant now = change.at();
        return outbox.inTransaction(tx -> scopes.check(tx, scope)
                .flatMap(ok -> rules.find(tx, scope.orgId(), scope.scope(), scope.scopeId(), ruleId, true))
                .map(RuleService::found)
                .invoke(existing -> checkVersion(existing, ifMatch))
                .flatMap(existing -> {
                    RuleState updated =
                            RuleStates.updated(existing, change.value().applyTo(existing), actor, now);
                    return rules.update(tx, updated)
                            .flatMap(ok -> outbox.record(
                                    tx, List.of(ChangeEvents.RULE.updated(updated, existing, actor, now))))
                            .replaceWith(updated);
                }));
    }

    public Uni<Void> delete(ScopeRef scope, UUID ruleId, Long ifMatch, String actor) {
        Instant now = Clocks.now(clock);
        return outbox.inTransaction(tx -> scopes.check(tx, scope)
                .flatMap(ok -> rules.find(tx, scope.orgId(), scope.scope(), scope.scopeId(), ruleId, true))
                .map(RuleService::found)
                .invoke(existing -> checkVersion(existing, ifMatch))
                .flatMap(existing -> rules.delete(tx, ruleId)
                        .flatMap(ok -> outbox.record(tx, List.of(ChangeEvents.RULE.deleted(existing, actor, now))))));
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
}
