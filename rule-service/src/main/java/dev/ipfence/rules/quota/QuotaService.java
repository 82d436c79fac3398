package dev.ipfence.rules.quota;

import dev.ipfence.core.model.Scope;
import dev.ipfence.rules.common.RulesConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Applies the quotas to every create, inside its transaction. Rules are counted in counter rows
 * ({@link RuleCounters}) taken by one conditional update each. Every other kind is rarer: its
 * create first takes its organization's lock for that kind ({@link #lock}, an advisory lock of
 * {@link QuotaLocks}), then counts and checks;
 * the lock is held until commit. Either way two concurrent creates can never both see room for one.
 */
@ApplicationScoped
public class QuotaService {

    public enum Kind {
        PROJECTS,
        ENVIRONMENTS,
        ADMISSION_RULES,
        GROUPS,
        POLICIES,
        API_KEYS
    }

    private final RulesConfig config;
    private final RuleCounters counters;
    private final QuotaLocks locks;

    public QuotaService(RulesConfig config, RuleCounters counters, QuotaLocks locks) {
        this.config = config;
        this.counters = counters;
        this.locks = locks;
    }

    /**
     * Serialises the creates of one kind in one organization until the transaction ends. Take it
     * before any row lock of the same transaction (always in that order, so no deadlock), and before
     * reading what the check or a duplicate test relies on.
     */
    public Uni<Void> lock(SqlClient tx, Kind kind, UUID orgId) {
        return locks.lock(tx, lockKey(kind, orgId));
    }

    /** {@link #lock} inside a Hibernate Reactive transaction: the same lock. */
    public Uni<Void> lock(Mutiny.Session session, Kind kind, UUID orgId) {
        return locks.lock(session, lockKey(kind, orgId));
    }

    /**
     * One more project, environment, admission rule, group, policy or API key in an organization
     * that holds {@code current}; call after {@code lock} of the same kind.
     */
    public void checkOrganization(Kind kind, long current) {
        Quota quota = switch (kind) {
            case PROJECTS ->
                new Quota("ipfence.rules.quota.projects", config.quota().projects(), "The organization", "projects");
            case ENVIRONMENTS ->
                new Quota(
                        "ipfence.rules.quota.environments",
                        config.quota().environments(),
                        "The organization",
                        "environments");
            case ADMISSION_RULES ->
                new Quota(
                        "ipfence.rules.quota.admission-rules",
                        config.quota().admissionRules(),
                        "The organization",
                        "admission rules");
            case GROUPS ->
                new Quota("ipfence.rules.quota.groups", config.quota().groups(), "The organization", "policy groups");
            case POLICIES ->
                new Quota("ipfence.rules.quota.policies", config.quota().policies(), "The organization", "policies");
            case API_KEYS ->
                new Quota("ipfence.rules.quota.api-keys", config.quota().apiKeys(), "The organization", "API keys");
        };
        Quota.check(1, List.of(quota.at(current)));
    }

    private Quota rulesOfOrganization() {
        return new Quota("ipfence.rules.quota.rules", config.quota().rules(), "The organization", "rules");
    }

    private static String lockKey(Kind kind, UUID orgId) {
        return "ipfence.quota." + kind.name().toLowerCase() + ":" + orgId;
    }

    /**
     * Holds the scope's rule count until commit without taking any: from here the transaction sees
     * every rule of the scope that another one adds (a bulk import's duplicate test needs that).
     */
    public Uni<Void> lockRulesAtScope(SqlClient tx, UUID orgId, Scope scope, UUID scopeId) {
        return counters.lockScope(tx, orgId, scope, scopeId);
    }

    /**
     * Takes {@code adding} rules from the scope's own cap ({@code ipfence.rules.max-rules-per-scope})
     * before they are written; its row stays locked until commit, so writers of one scope run one at
     * a time from here (a bulk import's duplicate test relies on it), while other scopes of the
     * organization go on. Call {@link #takeRulesOfOrganization} once they are written.
     */
    public Uni<Void> takeRulesAtScope(SqlClient tx, UUID orgId, Scope scope, UUID scopeId, int adding) {
        if (adding == 0) {
            // nothing to take; a counter that lockRulesAtScope created stays only if it counts a rule
            return counters.dropScopeIfEmpty(tx, orgId, scope, scopeId);
        }
        return counters.addAtScope(tx, orgId, scope, scopeId, adding, config.maxRulesPerScope())
                .flatMap(used ->
                        used != null ? Uni.createFrom().voidItem() : refuseRules(tx, orgId, scope, scopeId, adding));
    }

    /**
     * Takes {@code adding} rules, already taken at their scope, from the organization's quota
     * ({@code ipfence.rules.quota.rules}) when the transaction commits: every rule write of the
     * organization waits for that count, so it is locked only while PostgreSQL commits. Run the
     * transaction through {@link #refusingRulesAtCommit}, which turns a COMMIT that found no room
     * into the quota's refusal.
     */
    public Uni<Void> takeRulesOfOrganization(SqlClient tx, UUID orgId, int adding) {
        if (adding == 0) {
            return Uni.createFrom().voidItem();
        }
        return counters.claimInOrganization(tx, orgId, adding, config.quota().rules());
    }

    /**
     * {@code transaction}, whose COMMIT failed for want of room in the organization's rule quota
     * ({@link #takeRulesOfOrganization}), fails with the quota's refusal instead. The scope's own
     * cap had room, or the claim would not have been made.
     */
    public <T> Uni<T> refusingRulesAtCommit(Uni<T> transaction) {
        return transaction.onFailure(e -> RuleCounters.refusedClaim(e) != null).transform(e -> {
            RuleCounters.RefusedClaim refused = RuleCounters.refusedClaim(e);
            return Quota.refusal(refused.adding(), List.of(rulesOfOrganization().at(refused.organization())));
        });
    }

    /** Fails with the limit that left the least room. */
    private Uni<Void> refuseRules(SqlClient tx, UUID orgId, Scope scope, UUID scopeId, int adding) {
        Quota organization = rulesOfOrganization();
        Quota perScope = new Quota(
                "ipfence.rules.max-rules-per-scope",
                config.maxRulesPerScope(),
                "The " + scope.wireName() + " scope",
                "rules");
        return counters.read(tx, orgId, scope, scopeId).map(counts -> {
            throw Quota.refusal(adding, List.of(organization.at(counts.organization()), perScope.at(counts.scope())));
        });
    }
}
