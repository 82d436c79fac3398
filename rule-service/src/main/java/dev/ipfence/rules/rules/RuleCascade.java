package dev.ipfence.rules.rules;

import dev.ipfence.core.model.Scope;
import dev.ipfence.rules.hierarchy.ScopedRules;
import dev.ipfence.rules.outbox.ChangeEvents;
import dev.ipfence.rules.outbox.ChangeLog;
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
    private final ChangeLog changeLog;

    public RuleCascade(RuleRepository rules, ChangeLog changeLog) {
        this.rules = rules;
        this.changeLog = changeLog;
    }

    @Override
    public Uni<Long> count(SqlClient tx, UUID orgId, Scope scope, List<UUID> scopeIds) {
        return scopeIds.isEmpty() ? Uni.createFrom().item(0L) : rules.countAtScopes(tx, orgId, scope, scopeIds);
    }

    @Override
    public Uni<Void> deleteAll(SqlClient tx, UUID orgId, Scope scope, List<UUID> scopeIds, String actor, Instant now) {
        return rules.deleteAtScopes(tx, orgId, scope, scopeIds)
                .flatMap(deleted -> changeLog.record(
                        tx,
                        deleted.stream()
                                .map(rule -> ChangeEvents.RULE.deleted(rule, actor, now))
                                .toList()));
    }
}
