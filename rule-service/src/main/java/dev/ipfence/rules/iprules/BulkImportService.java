package dev.ipfence.rules.iprules;

import dev.ipfence.core.events.RuleState;
import dev.ipfence.rules.iprules.RuleApi.BulkResponse;
import dev.ipfence.rules.outbox.ChangeEvents;
import dev.ipfence.rules.outbox.Outbox;
import dev.ipfence.rules.quota.QuotaService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Many rules at one scope in one transaction, skipping the entries a rule of the scope already covers. */
@ApplicationScoped
public class BulkImportService {

    private final RuleRepository rules;
    private final ScopeGuard scopes;
    private final Outbox outbox;
    private final QuotaService quotas;

    public BulkImportService(RuleRepository rules, ScopeGuard scopes, Outbox outbox, QuotaService quotas) {
        this.rules = rules;
        this.scopes = scopes;
        this.outbox = outbox;
        this.quotas = quotas;
    }

    public Uni<BulkResponse> importRules(ScopeRef scope, Validated<BulkPlan> validated, String actor) {
        Instant now = validated.at();
        BulkPlan plan = validated.value();
        // the scope's rule count, locked first, makes the duplicate test below see every rule of the scope
        return quotas.refusingRulesAtCommit(outbox.inTransaction(tx -> scopes.hold(tx, scope)
                .flatMap(ok -> quotas.lockRulesAtScope(tx, scope.orgId(), scope.scope(), scope.scopeId()))
                .flatMap(ok -> rules.findByNetworks(tx, scope.orgId(), scope.scope(), scope.scopeId(), plan.networks()))
                .flatMap(existing -> {
                    Set<String> taken = new HashSet<>();
                    for (RuleState rule : existing) {
                        taken.add(RuleStates.duplicateKey(rule));
                    }
                    List<RuleState> created = new ArrayList<>();
                    int skipped = 0;
                    for (RuleInput.Spec spec : plan.specs()) {
                        if (taken.add(spec.duplicateKey())) {
                            created.add(RuleStates.created(scope, spec, actor, now));
                        } else {
                            skipped++;
                        }
                    }
                    BulkResponse response = new BulkResponse(created.size(), skipped, plan.errors());
                    return quotas.takeRulesAtScope(tx, scope.orgId(), scope.scope(), scope.scopeId(), created.size())
                            .flatMap(ok -> insertWithEvents(tx, created, actor, now))
                            .flatMap(ok -> quotas.takeRulesOfOrganization(tx, scope.orgId(), created.size()))
                            .replaceWith(response);
                })));
    }

    /**
     * The rules' insert is sent first; their events are serialized while PostgreSQL runs it, and
     * sent behind it on the same connection. A connection runs its statements in the order they
     * were sent, so the events are still written after their rows ({@link Outbox#record}). If the
     * insert fails, the events' statement fails after it, in an aborted transaction; the combination
     * reports the first failure to arrive, the insert's, and the transaction is rolled back.
     */
    private Uni<Void> insertWithEvents(SqlConnection tx, List<RuleState> created, String actor, Instant now) {
        return Uni.combine()
                .all()
                .unis(
                        rules.insert(tx, created),
                        Uni.createFrom()
                                .deferred(() -> outbox.record(
                                        tx,
                                        created.stream()
                                                .map(rule -> ChangeEvents.RULE.created(rule, actor, now))
                                                .toList())))
                .discardItems();
    }
}
