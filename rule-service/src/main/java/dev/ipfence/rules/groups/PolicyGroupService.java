package dev.ipfence.rules.groups;

import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.policy.PolicyConstraints;
import dev.ipfence.core.policy.PolicyConstraints.Violation;
import dev.ipfence.rules.common.Clocks;
import dev.ipfence.rules.common.Violations;
import dev.ipfence.rules.groups.PolicyGroupApi.PolicyGroupRequest;
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
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Policy groups of an organization: validation, the quota, the in-use check, and an event for every change. */
@ApplicationScoped
public class PolicyGroupService {

    static final String WHAT = "policy group";

    private final PolicyGroupRepository groups;
    private final PolicyReferences policies;
    private final OrgRecordWrites<PolicyGroupEntity, PolicyGroupState> writes;
    private final Clock clock;

    public PolicyGroupService(
            PolicyGroupRepository groups, PolicyReferences policies, Outbox outbox, QuotaService quotas, Clock clock) {
        this.groups = groups;
        this.policies = policies;
        this.writes = new OrgRecordWrites<>(
                groups,
                PolicyGroupEntity::state,
                PolicyGroupState::version,
                WHAT,
                QuotaService.Kind.GROUPS,
                ChangeEvents.POLICY_GROUP,
                quotas,
                outbox);
        this.clock = clock;
    }

    @WithSession
    public Uni<List<PolicyGroupState>> list(UUID orgId) {
        return writes.list(orgId);
    }

    @WithSession
    public Uni<PolicyGroupState> get(UUID orgId, UUID id) {
        return writes.get(orgId, id);
    }

    @WithTransaction
    @PublishesChanges
    public Uni<PolicyGroupState> create(UUID orgId, PolicyGroupRequest request, String actor) {
        Instant now = Clocks.now(clock);
        PolicyGroupState group = valid(request, UUID.randomUUID(), orgId, now, now, actor, actor, 1);
        return Panache.getSession()
                .chain(session -> writes.checkQuota(session, orgId)
                        .chain(() -> groups.persist(PolicyGroupEntity.of(group)))
                        .chain(() -> writes.created(session, group, actor, now)));
    }

    /** Replaces the group: every field as on create. */
    @WithTransaction
    @PublishesChanges
    public Uni<PolicyGroupState> update(UUID orgId, UUID id, PolicyGroupRequest request, Long ifMatch, String actor) {
        Instant now = Clocks.now(clock);
        return writes.change(orgId, id, ifMatch, (session, entity, existing) -> {
            PolicyGroupState updated = valid(
                    request, id, orgId, existing.createdAt(), now, existing.createdBy(), actor, existing.version() + 1);
            entity.set(updated);
            return writes.updated(session, updated, existing, actor, now);
        });
    }

    /**
     * Deletes the group unless a policy names it ({@link OrgRecordWrites#deleteUnlessUsed}); the
     * foreign key of {@code policy_group_use} refuses the rest.
     */
    @WithTransaction
    @PublishesChanges
    public Uni<Void> delete(UUID orgId, UUID id, Long ifMatch, String actor) {
        Instant now = Clocks.now(clock);
        return writes.deleteUnlessUsed(orgId, id, ifMatch, actor, now, () -> policies.usingGroup(orgId, id));
    }

    private static PolicyGroupState valid(
            PolicyGroupRequest request,
            UUID id,
            UUID orgId,
            Instant createdAt,
            Instant updatedAt,
            String createdBy,
            String updatedBy,
            long version) {
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON object with name and maxDevices is required");
        }
        List<Violation> problems = new ArrayList<>();
        int maxDevices = 0;
        BigDecimal requested = request.maxDevices();
        if (requested == null) {
            problems.add(new Violation(
                    "maxDevices", "is required: a whole number from 0 to " + PolicyConstraints.MAX_DEVICES_LIMIT));
        } else if (requested.signum() < 0
                || requested.compareTo(BigDecimal.valueOf(PolicyConstraints.MAX_DEVICES_LIMIT)) > 0
                || requested.stripTrailingZeros().scale() > 0) {
            problems.add(new Violation(
                    "maxDevices",
                    "must be a whole number from 0 to " + PolicyConstraints.MAX_DEVICES_LIMIT + ", got " + requested));
        } else {
            maxDevices = requested.intValueExact();
        }
        PolicyGroupState group = new PolicyGroupState(
                id,
                orgId,
                request.name(),
                request.description(),
                maxDevices,
                Boolean.TRUE.equals(request.isSamlDefaultGroup()),
                request.idpMapping() == null ? List.of() : request.idpMapping(),
                createdAt,
                updatedAt,
                createdBy,
                updatedBy,
                version);
        problems.addAll(PolicyConstraints.checkGroup(group));
        Violations.throwIfAny(WHAT, problems);
        return group;
    }
}
