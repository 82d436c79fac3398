package dev.ipfence.rules.policies;

import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.policy.PolicyConstraints.Violation;
import dev.ipfence.rules.admission.AdmissionRuleRepository;
import dev.ipfence.rules.common.Clocks;
import dev.ipfence.rules.common.Violations;
import dev.ipfence.rules.groups.PolicyGroupRepository;
import dev.ipfence.rules.orgrecords.OrgRecordWrites;
import dev.ipfence.rules.outbox.ChangeEvents;
import dev.ipfence.rules.outbox.Outbox;
import dev.ipfence.rules.outbox.PublishesChanges;
import dev.ipfence.rules.policies.PolicyApi.PolicyRequest;
import dev.ipfence.rules.quota.QuotaService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Policies of an organization: validation, the quota, the check that their groups and admission
 * rule are the organization's, and an event for every change.
 */
@ApplicationScoped
public class PolicyService {

    static final String WHAT = "policy";

    private final PolicyRepository policies;
    private final PolicyGroupRepository groups;
    private final AdmissionRuleRepository rules;
    private final OrgRecordWrites<PolicyEntity, PolicyState> writes;
    private final QuotaService quotas;
    private final Clock clock;

    public PolicyService(
            PolicyRepository policies,
            PolicyGroupRepository groups,
            AdmissionRuleRepository rules,
            Outbox outbox,
            QuotaService quotas,
            Clock clock) {
        this.policies = policies;
        this.groups = groups;
        this.rules = rules;
        this.writes = new OrgRecordWrites<>(
                policies,
                PolicyEntity::state,
                PolicyState::version,
                WHAT,
                QuotaService.Kind.POLICIES,
                ChangeEvents.POLICY,
                quotas,
                outbox);
        this.quotas = quotas;
        this.clock = clock;
    }

    @WithSession
    public Uni<List<PolicyState>> list(UUID orgId) {
        return writes.list(orgId);
    }

    @WithSession
    public Uni<PolicyState> get(UUID orgId, UUID id) {
        return writes.get(orgId, id);
    }

    @WithTransaction
    @PublishesChanges
    public Uni<PolicyState> create(UUID orgId, PolicyRequest request, String actor) {
        Instant now = Clocks.now(clock);
        PolicyState policy = PolicyInput.valid(request, UUID.randomUUID(), orgId, now, now, actor, actor, 1);
        return Panache.getSession()
                .chain(session -> quotas.lock(session, QuotaService.Kind.POLICIES, orgId)
                        .chain(() -> holdReferences(policy))
                        .chain(() -> policies.countOf(orgId))
                        .invoke(count -> quotas.checkOrganization(QuotaService.Kind.POLICIES, count))
                        .chain(() -> policies.persist(PolicyEntity.of(policy)))
                        .chain(session::flush)
                        .chain(() -> policies.useGroups(policy.id(), policy.groups()))
                        .chain(() -> writes.created(session, policy, actor, now)));
    }

    /** Replaces the policy: every field as on create. */
    @WithTransaction
    @PublishesChanges
    public Uni<PolicyState> update(UUID orgId, UUID id, PolicyRequest request, Long ifMatch, String actor) {
        Instant now = Clocks.now(clock);
        return writes.change(orgId, id, ifMatch, (session, entity, existing) -> {
            PolicyState updated = PolicyInput.valid(
                    request, id, orgId, existing.createdAt(), now, existing.createdBy(), actor, existing.version() + 1);
            return holdReferences(updated)
                    .invoke(() -> entity.set(updated))
                    .chain(() -> policies.useGroups(id, updated.groups()))
                    .chain(() -> writes.updated(session, updated, existing, actor, now));
        });
    }

    @WithTransaction
    @PublishesChanges
    public Uni<Void> delete(UUID orgId, UUID id, Long ifMatch, String actor) {
        Instant now = Clocks.now(clock);
        return writes.change(
                orgId,
                id,
                ifMatch,
                (session, entity, existing) ->
                        policies.delete(entity).chain(() -> writes.deleted(session, existing, actor, now)));
    }

    /**
     * 400 unless every group and the admission rule the policy names is the organization's (a
     * foreign id reads exactly like one that does not exist). Those found are held FOR SHARE until
     * commit, so a concurrent delete of one waits and then sees this policy (see the deletes).
     */
    private Uni<Void> holdReferences(PolicyState policy) {
        Uni<Set<UUID>> heldGroups = policy.groups().isEmpty()
                ? Uni.createFrom().item(Set.of())
                : groups.holdAll(policy.orgId(), policy.groups())
                        .map(found -> found.stream().map(g -> g.id).collect(Collectors.toSet()));
        return heldGroups
                .chain(foundGroups -> {
                    Uni<Boolean> ruleFound = policy.rule() == null
                            ? Uni.createFrom().item(true)
                            : rules.holdAll(policy.orgId(), List.of(policy.rule()))
                                    .map(found -> !found.isEmpty());
                    return ruleFound.invoke(ruleExists -> {
                        List<Violation> problems = new ArrayList<>();
                        for (int i = 0; i < policy.groups().size(); i++) {
                            UUID group = policy.groups().get(i);
                            if (!foundGroups.contains(group)) {
                                problems.add(new Violation(
                                        "groups[" + i + "]",
                                        "\"" + group + "\" is not a policy group of this organization"));
                            }
                        }
                        if (!ruleExists) {
                            problems.add(new Violation(
                                    "rule", "\"" + policy.rule() + "\" is not an admission rule of this organization"));
                        }
                        Violations.throwIfAny(WHAT, problems);
                    });
                })
                .replaceWithVoid();
    }
}
