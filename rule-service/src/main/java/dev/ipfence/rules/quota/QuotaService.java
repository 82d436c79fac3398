package dev.ipfence.rules.quota;

import dev.ipfence.rules.common.RulesConfig;
import dev.ipfence.rules.hierarchy.HierarchyRepository;
import dev.ipfence.rules.iprules.RuleRepository;
import dev.ipfence.rules.iprules.ScopeRef;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Applies the quotas to every create, inside its transaction. A create first takes its
 * organization's lock for that kind ({@link #lock}), then counts and checks; the lock is held until
 * commit, so two concurrent creates can never both see room for one.
 */
@ApplicationScoped
public class QuotaService {

    public enum Kind {
        PROJECTS,
        ENVIRONMENTS,
        RULES,
        ADMISSION_RULES,
        GROUPS,
        POLICIES,
        API_KEYS
    }

    private final RulesConfig config;
    private final RuleRepository rules;
    private final HierarchyRepository hierarchy;

    public QuotaService(RulesConfig config, RuleRepository rules, HierarchyRepository hierarchy) {
        this.config = config;
        this.rules = rules;
        this.hierarchy = hierarchy;
    }

    /**
     * Serialises the creates of one kind in one organization until the transaction ends. Take it
     * before any row lock of the same transaction (always in that order, so no deadlock), and before
     * reading what the check or a duplicate test relies on.
     */
    public Uni<Void> lock(SqlClient tx, Kind kind, UUID orgId) {
        return tx.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of(lockKey(kind, orgId)))
                .replaceWithVoid();
    }

    /** {@link #lock} inside a Hibernate Reactive transaction: the same lock. */
    public Uni<Void> lock(Mutiny.Session session, Kind kind, UUID orgId) {
        return session.createNativeQuery(
                        "select count(*) from (select pg_advisory_xact_lock(hashtextextended(:key, 0))) locked")
                .setParameter("key", lockKey(kind, orgId))
                .getSingleResult()
                .replaceWithVoid();
    }

    /**
     * One more admission rule, group, policy or API key in an organization that holds {@code current};
     * call after {@code lock} of the same kind.
     */
    public void checkOrganization(Kind kind, long current) {
        Quota quota = switch (kind) {
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
            default -> throw new IllegalArgumentException(kind + " is checked by its own method");
        };
        Quota.check(1, List.of(quota.at(current)));
    }

    private static String lockKey(Kind kind, UUID orgId) {
        return "ipfence.quota." + kind.name().toLowerCase() + ":" + orgId;
    }

    /** One more project; call after {@code lock(PROJECTS)}. */
    public Uni<Void> checkProject(SqlClient tx, UUID orgId) {
        Quota quota =
                new Quota("ipfence.rules.quota.projects", config.quota().projects(), "The organization", "projects");
        return hierarchy
                .countProjects(tx, orgId)
                .invoke(count -> Quota.check(1, List.of(quota.at(count))))
                .replaceWithVoid();
    }

    /** One more environment in any project; call after {@code lock(ENVIRONMENTS)}. */
    public Uni<Void> checkEnvironment(SqlClient tx, UUID orgId) {
        Quota quota = new Quota(
                "ipfence.rules.quota.environments", config.quota().environments(), "The organization", "environments");
        return hierarchy
                .countEnvironments(tx, orgId)
                .invoke(count -> Quota.check(1, List.of(quota.at(count))))
                .replaceWithVoid();
    }

    /**
     * {@code adding} more rules at a scope: the organization's total and the scope's own cap
     * ({@code ipfence.rules.max-rules-per-scope}); call after {@code lock(RULES)}.
     */
    public Uni<Void> checkRules(SqlClient tx, ScopeRef scope, int adding) {
        if (adding == 0) {
            return Uni.createFrom().voidItem();
        }
        Quota organization =
                new Quota("ipfence.rules.quota.rules", config.quota().rules(), "The organization", "rules");
        Quota perScope = new Quota(
                "ipfence.rules.max-rules-per-scope",
                config.maxRulesPerScope(),
                "The " + scope.scope().wireName() + " scope",
                "rules");
        return rules.countForQuota(tx, scope.orgId(), scope.scope(), scope.scopeId())
                .invoke(counts -> Quota.check(
                        adding, List.of(organization.at(counts.organization()), perScope.at(counts.scope()))))
                .replaceWithVoid();
    }
}
