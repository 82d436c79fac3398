package dev.ipfence.rules.outbox;

import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.ApiKeyState;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.ChangeEvent.Change;
import dev.ipfence.core.events.ChangeEvent.EntityType;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.events.ProjectState;
import dev.ipfence.core.events.RuleState;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The change events of every entity rule-service owns, built one way: created and updated carry
 * the new state (and the previous one), a deletion carries the last state one version on, stamped
 * with who deleted it and when.
 */
public final class ChangeEvents {

    public static final Kind<ProjectState> PROJECT = new Kind<>(
            EntityType.project,
            ProjectState::id,
            ProjectState::orgId,
            ProjectState::version,
            (p, actor, now) -> new ProjectState(
                    p.id(), p.orgId(), p.name(), p.createdAt(), now, p.createdBy(), actor, p.version() + 1));

    public static final Kind<EnvironmentState> ENVIRONMENT = new Kind<>(
            EntityType.environment,
            EnvironmentState::id,
            EnvironmentState::orgId,
            EnvironmentState::version,
            (e, actor, now) -> new EnvironmentState(
                    e.id(),
                    e.orgId(),
                    e.projectId(),
                    e.name(),
                    e.createdAt(),
                    now,
                    e.createdBy(),
                    actor,
                    e.version() + 1));

    public static final Kind<RuleState> RULE = new Kind<>(
            EntityType.rule,
            RuleState::id,
            RuleState::orgId,
            RuleState::version,
            (r, actor, now) -> new RuleState(
                    r.id(),
                    r.orgId(),
                    r.scope(),
                    r.scopeId(),
                    r.cidr(),
                    r.range(),
                    r.action(),
                    r.trafficScopes(),
                    r.isActive(),
                    r.label(),
                    r.expiresAt(),
                    r.ttl(),
                    r.createdAt(),
                    now,
                    r.createdBy(),
                    actor,
                    r.version() + 1));

    public static final Kind<AdmissionRuleState> ADMISSION_RULE = new Kind<>(
            EntityType.admissionRule,
            AdmissionRuleState::id,
            AdmissionRuleState::orgId,
            AdmissionRuleState::version,
            (r, actor, now) -> new AdmissionRuleState(
                    r.id(),
                    r.orgId(),
                    r.name(),
                    r.type(),
                    r.rule(),
                    r.hasTimeConstraint(),
                    r.timeWindow(),
                    r.createdAt(),
                    now,
                    r.createdBy(),
                    actor,
                    r.version() + 1));

    public static final Kind<PolicyGroupState> POLICY_GROUP = new Kind<>(
            EntityType.policyGroup,
            PolicyGroupState::id,
            PolicyGroupState::orgId,
            PolicyGroupState::version,
            (g, actor, now) -> new PolicyGroupState(
                    g.id(),
                    g.orgId(),
                    g.name(),
                    g.description(),
                    g.maxDevices(),
                    g.isSamlDefaultGroup(),
                    g.idpMapping(),
                    g.createdAt(),
                    now,
                    g.createdBy(),
                    actor,
                    g.version() + 1));

    public static final Kind<PolicyState> POLICY =
            new Kind<>(EntityType.policy, PolicyState::id, PolicyState::orgId, PolicyState::version, PolicyState::next);

    /** API keys are revoked (an update), never deleted: the change log keeps them. */
    public static final Kind<ApiKeyState> API_KEY =
            new Kind<>(EntityType.apiKey, ApiKeyState::id, ApiKeyState::orgId, ApiKeyState::version, null);

    private ChangeEvents() {}

    /** How the last state of a deleted entity is stamped: one version on, by {@code actor} at {@code now}. */
    @FunctionalInterface
    interface LastState<T> {
        T of(T state, String actor, Instant now);
    }

    /** The events of one entity type. */
    public static final class Kind<T> {
        private final EntityType type;
        private final Function<T, UUID> id;
        private final Function<T, UUID> orgId;
        private final ToLongFunction<T> version;
        private final LastState<T> lastState;

        private Kind(
                EntityType type,
                Function<T, UUID> id,
                Function<T, UUID> orgId,
                ToLongFunction<T> version,
                LastState<T> lastState) {
            this.type = type;
            this.id = id;
            this.orgId = orgId;
            this.version = version;
            this.lastState = lastState;
        }

        public ChangeEvent<T> created(T state, String actor, Instant now) {
            return event(Change.created, state, null, actor, now);
        }

        public ChangeEvent<T> updated(T state, T previous, String actor, Instant now) {
            return event(Change.updated, state, previous, actor, now);
        }

        public ChangeEvent<T> deleted(T state, String actor, Instant now) {
            if (lastState == null) {
                throw new UnsupportedOperationException(type + " is never deleted");
            }
            return event(Change.deleted, lastState.of(state, actor, now), state, actor, now);
        }

        private ChangeEvent<T> event(Change change, T state, T previous, String actor, Instant now) {
            return new ChangeEvent<>(
                    type,
                    change,
                    id.apply(state),
                    orgId.apply(state),
                    version.applyAsLong(state),
                    change == Change.deleted,
                    actor,
                    now,
                    state,
                    previous);
        }
    }
}
