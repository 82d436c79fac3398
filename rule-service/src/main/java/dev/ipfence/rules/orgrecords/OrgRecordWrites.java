package dev.ipfence.rules.orgrecords;

import dev.ipfence.rules.common.ETags;
import dev.ipfence.rules.common.Violations;
import dev.ipfence.rules.outbox.ChangeEvents;
import dev.ipfence.rules.outbox.Outbox;
import dev.ipfence.rules.quota.QuotaService;
import dev.ipfence.web.Problem;
import dev.ipfence.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The steps every write of an organization's versioned record takes (admission rules, policy
 * groups, policies): on create the organization's quota lock and count; on update and delete the
 * row found in the organization and locked, and its version checked against If-Match; and the
 * change event written to the outbox in the same transaction. Callers run inside
 * {@code @WithTransaction} and {@code @PublishesChanges}.
 *
 * @param <E> the entity
 * @param <S> the state the API and the events carry
 */
public final class OrgRecordWrites<E, S> {

    private final OrgRecordRepository<E> store;
    private final Function<E, S> state;
    private final ToVersion<S> version;
    private final String what;
    private final String notFound;
    private final QuotaService.Kind quota;
    private final ChangeEvents.Kind<S> events;
    private final QuotaService quotas;
    private final Outbox outbox;

    /** The version of a state, for the If-Match check. */
    @FunctionalInterface
    public interface ToVersion<S> {
        long of(S state);
    }

    public OrgRecordWrites(
            OrgRecordRepository<E> store,
            Function<E, S> state,
            ToVersion<S> version,
            String what,
            QuotaService.Kind quota,
            ChangeEvents.Kind<S> events,
            QuotaService quotas,
            Outbox outbox) {
        this.store = store;
        this.state = state;
        this.version = version;
        this.what = what;
        this.notFound = Character.toUpperCase(what.charAt(0)) + what.substring(1);
        this.quota = quota;
        this.events = events;
        this.quotas = quotas;
        this.outbox = outbox;
    }

    public Uni<List<S>> list(UUID orgId) {
        return store.listOf(orgId).map(found -> found.stream().map(state).toList());
    }

    public Uni<S> get(UUID orgId, UUID id) {
        return store.findOf(orgId, id, LockModeType.NONE).map(this::found);
    }

    /** Takes the organization's quota lock for this kind (held to commit), then refuses a create past the quota. */
    public Uni<Void> checkQuota(Mutiny.Session session, UUID orgId) {
        return quotas.lock(session, quota, orgId)
                .chain(() -> store.countOf(orgId))
                .invoke(count -> quotas.checkOrganization(quota, count))
                .replaceWithVoid();
    }

    /**
     * Runs {@code work} with the session, the record's entity and its current state: found in the
     * organization (else 404), its row locked, its version the one {@code ifMatch} names (else 412).
     */
    public <T> Uni<T> change(UUID orgId, UUID id, Long ifMatch, Change<E, S, T> work) {
        return Panache.getSession()
                .chain(session -> store.findOf(orgId, id, LockModeType.PESSIMISTIC_WRITE)
                        .chain(entity -> {
                            S existing = found(entity);
                            ETags.check(version.of(existing), ifMatch, what);
                            return work.apply(session, entity, existing);
                        }));
    }

    /** The work of {@link #change}. */
    @FunctionalInterface
    public interface Change<E, S, T> {
        Uni<T> apply(Mutiny.Session session, E entity, S existing);
    }

    public Uni<S> created(Mutiny.Session session, S created, String actor, Instant now) {
        return outbox.record(session, List.of(events.created(created, actor, now)))
                .replaceWith(created);
    }

    public Uni<S> updated(Mutiny.Session session, S updated, S existing, String actor, Instant now) {
        return outbox.record(session, List.of(events.updated(updated, existing, actor, now)))
                .replaceWith(updated);
    }

    public Uni<Void> deleted(Mutiny.Session session, S existing, String actor, Instant now) {
        return outbox.record(session, List.of(events.deleted(existing, actor, now)));
    }

    /**
     * Deletes the record, with its event, unless a policy names it (409 {@code in-use}, naming
     * them): the record's row is locked first ({@link #change}), and a policy write holds the
     * records it names FOR SHARE until it commits, so whichever comes second sees the other's
     * outcome. {@code users} looks up the policies that name it.
     */
    public Uni<Void> deleteUnlessUsed(
            UUID orgId,
            UUID id,
            Long ifMatch,
            String actor,
            Instant now,
            Supplier<Uni<List<Problem.Reference>>> users) {
        return change(
                orgId,
                id,
                ifMatch,
                (session, entity, existing) -> users.get()
                        .invoke(this::refuseIfUsed)
                        .chain(() -> store.delete(entity))
                        .chain(() -> deleted(session, existing, actor, now)));
    }

    /** 409 {@code in-use} naming the policies that still name the record. */
    public void refuseIfUsed(List<Problem.Reference> users) {
        if (!users.isEmpty()) {
            throw ProblemException.inUse(
                    "The " + what + " is used by " + users.size() + (users.size() == 1 ? " policy: " : " policies: ")
                            + Violations.list(users)
                            + ". Remove it from them (or delete them) first.",
                    users);
        }
    }

    private S found(E entity) {
        return state.apply(Violations.found(entity, notFound));
    }
}
