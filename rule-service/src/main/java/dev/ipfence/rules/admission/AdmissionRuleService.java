package dev.ipfence.rules.admission;

import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.policy.PolicyConstraints;
import dev.ipfence.core.policy.PolicyConstraints.AdmissionRuleType;
import dev.ipfence.core.policy.PolicyConstraints.Violation;
import dev.ipfence.rules.admission.AdmissionRuleApi.AdmissionRuleRequest;
import dev.ipfence.rules.common.Clocks;
import dev.ipfence.rules.common.Violations;
import dev.ipfence.rules.orgrecords.OrgRecordWrites;
import dev.ipfence.rules.orgrecords.PolicyReferences;
import dev.ipfence.rules.outbox.ChangeEvents;
import dev.ipfence.rules.outbox.Outbox;
import dev.ipfence.rules.outbox.PublishesChanges;
import dev.ipfence.rules.quota.QuotaService;
import dev.ipfence.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Admission rules of an organization: validation, the quota, the in-use check, and an event for every change. */
@ApplicationScoped
public class AdmissionRuleService {

    static final String WHAT = "admission rule";

    private final AdmissionRuleRepository rules;
    private final PolicyReferences policies;
    private final OrgRecordWrites<AdmissionRuleEntity, AdmissionRuleState> writes;
    private final Clock clock;

    public AdmissionRuleService(
            AdmissionRuleRepository rules, PolicyReferences policies, Outbox outbox, QuotaService quotas, Clock clock) {
        this.rules = rules;
        this.policies = policies;
        this.writes = new OrgRecordWrites<>(
                rules,
                AdmissionRuleEntity::state,
                AdmissionRuleState::version,
                WHAT,
                QuotaService.Kind.ADMISSION_RULES,
                ChangeEvents.ADMISSION_RULE,
                quotas,
                outbox);
        this.clock = clock;
    }

    @WithSession
    public Uni<List<AdmissionRuleState>> list(UUID orgId) {
        return writes.list(orgId);
    }

    @WithSession
    public Uni<AdmissionRuleState> get(UUID orgId, UUID id) {
        return writes.get(orgId, id);
    }

    @WithTransaction
    @PublishesChanges
    public Uni<AdmissionRuleState> create(UUID orgId, AdmissionRuleRequest request, String actor) {
        Instant now = Clocks.now(clock);
        AdmissionRuleState rule = valid(
                request,
                AdmissionRuleType.ALLOW.name(),
                new AdmissionRuleState(
                        UUID.randomUUID(), orgId, null, null, null, false, null, now, now, actor, actor, 1));
        return Panache.getSession()
                .chain(session -> writes.checkQuota(session, orgId)
                        .chain(() -> rules.persist(AdmissionRuleEntity.of(rule)))
                        .chain(() -> writes.created(session, rule, actor, now)));
    }

    /** Replaces the rule; a request without {@code type} keeps the current one (seed 003's update has none). */
    @WithTransaction
    @PublishesChanges
    public Uni<AdmissionRuleState> update(
            UUID orgId, UUID id, AdmissionRuleRequest request, Long ifMatch, String actor) {
        Instant now = Clocks.now(clock);
        return writes.change(orgId, id, ifMatch, (session, entity, existing) -> {
            AdmissionRuleState updated = valid(
                    request,
                    existing.type(),
                    new AdmissionRuleState(
                            existing.id(),
                            orgId,
                            null,
                            null,
                            null,
                            false,
                            null,
                            existing.createdAt(),
                            now,
                            existing.createdBy(),
                            actor,
                            existing.version() + 1));
            entity.set(updated);
            return writes.updated(session, updated, existing, actor, now);
        });
    }

    /**
     * Deletes the rule unless a policy names it ({@link OrgRecordWrites#deleteUnlessUsed}); the
     * foreign key {@code policy.rule_id} refuses the rest.
     */
    @WithTransaction
    @PublishesChanges
    public Uni<Void> delete(UUID orgId, UUID id, Long ifMatch, String actor) {
        Instant now = Clocks.now(clock);
        return writes.deleteUnlessUsed(orgId, id, ifMatch, actor, now, () -> policies.usingRule(orgId, id));
    }

    /**
     * The rule {@code request} describes on top of {@code base} (id, organization, audit fields),
     * or a 400 naming every bad field. {@code defaultType} applies when the request has no type.
     */
    static AdmissionRuleState valid(AdmissionRuleRequest request, String defaultType, AdmissionRuleState base) {
        if (request == null) {
            throw ProblemException.badRequest(
                    "body", "a JSON object with name, rule and hasTimeConstraint is required");
        }
        List<Violation> problems = new ArrayList<>();
        if (request.hasTimeConstraint() == null) {
            problems.add(new Violation("hasTimeConstraint", "is required: true or false"));
        }
        boolean timed =
                request.hasTimeConstraint() != null ? request.hasTimeConstraint() : request.timeWindow() != null;
        AdmissionRuleState rule = new AdmissionRuleState(
                base.id(),
                base.orgId(),
                request.name(),
                request.type() != null ? request.type() : defaultType,
                request.rule(),
                timed,
                request.timeWindow(),
                base.createdAt(),
                base.updatedAt(),
                base.createdBy(),
                base.updatedBy(),
                base.version());
        problems.addAll(PolicyConstraints.checkAdmissionRule(rule));
        Violations.throwIfAny(WHAT, problems);
        return rule;
    }
}
