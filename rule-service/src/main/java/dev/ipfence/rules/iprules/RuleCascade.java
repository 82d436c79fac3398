package dev.ipfence.rules.iprules;

import dev.ipfence.core.model.Scope;
import dev.ipfence.rules.hierarchy.ScopedRules;
import dev.ipfence.rules.outbox.ChangeEvents;
import dev.ipfence.rules.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The rules of projects and environments being deleted: counted, or deleted with a deletion event each. */
@ApplicationScoped
public class RuleCascade implements ScopedRules {

    private final RuleRepository rules;
    private final Outbox outbox;

    public RuleCascade(RuleRepository rules, Outbox outbox) {
        this.rules = rules;
        this.outbox = outbox;
    }

    @Override
    public Uni<Long> count(SqlClient tx, UUID orgId, Scope scope, List<UUID> scopeIds) {
        return scopeIds.isEmpty() ? Uni.createFrom().item(0L) : rules.countAtScopes(tx, orgId, scope, scopeIds);
    }

    @Override
    public Uni<Void> deleteAll(SqlClient tx, UUID orgId, Scope scope, List<UUID> scopeIds, String actor, Instant now) {
        return rules.deleteAtScopes(tx, orgId, scope, scopeIds)
                .flatMap(deleted -> outbox.record(
                        tx,
                        deleted.stream()
                                .map(rule -> ChangeEvents.RULE.deleted(rule, actor, now))
                                .toList()));
    }
}
