package dev.ipfence.rules.apikeys;

import dev.ipfence.core.events.ApiKeyState;
import dev.ipfence.core.model.RuleConstraints;
import dev.ipfence.rules.apikeys.ApiKeyApi.CreateRequest;
import dev.ipfence.rules.common.Clocks;
import dev.ipfence.rules.outbox.ChangeEvents;
import dev.ipfence.rules.outbox.Outbox;
import dev.ipfence.rules.outbox.PublishesChanges;
import dev.ipfence.rules.quota.QuotaService;
import dev.ipfence.web.ProblemException;
import dev.ipfence.web.Roles;
import dev.ipfence.web.apikeys.ApiKeySecrets;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * API keys of an organization (Hibernate Reactive Panache). Every change (create, revoke) writes
 * its {@code apiKey} event to the outbox in the same transaction.
 */
@ApplicationScoped
public class ApiKeyService {

    static final Set<String> GRANTABLE = Set.of(Roles.READ, Roles.WRITE);

    private final ApiKeyRepository keys;
    private final Outbox outbox;
    private final QuotaService quotas;
    private final Clock clock;

    public ApiKeyService(ApiKeyRepository keys, Outbox outbox, QuotaService quotas, Clock clock) {
        this.keys = keys;
        this.outbox = outbox;
        this.quotas = quotas;
        this.clock = clock;
    }

    /** A new key of {@code orgId} and its secret, shown once. */
    public record Created(ApiKey key, String secret) {}

    @WithTransaction
    @PublishesChanges
    public Uni<Created> create(UUID orgId, Set<String> callerRoles, CreateRequest request, String actor) {
        Instant now = Clocks.now(clock);
        List<String> roles = roles(request.roles(), callerRoles);
        Instant expiresAt = expiresAt(request.expiresAt(), now);
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.orgId = orgId;
        key.name = request.name().strip();
        key.roles = String.join(" ", roles);
        String secret = ApiKeySecrets.generate(key.id);
        key.secretHash = ApiKeySecrets.hash(secret);
        key.expiresAt = expiresAt;
        key.createdAt = now;
        key.updatedAt = now;
        key.createdBy = actor;
        key.updatedBy = actor;
        key.version = 1;
        return Panache.getSession()
                .flatMap(session -> quotas.lock(session, QuotaService.Kind.API_KEYS, orgId)
                        .flatMap(locked -> keys.countOf(orgId))
                        .invoke(count -> quotas.checkOrganization(QuotaService.Kind.API_KEYS, count))
                        .flatMap(ok -> session.persist(key))
                        .flatMap(ok -> session.flush())
                        .flatMap(ok -> outbox.record(
                                session, List.of(ChangeEvents.API_KEY.created(key.toState(), actor, now)))))
                .replaceWith(() -> new Created(key, secret));
    }

    @WithSession
    public Uni<List<ApiKey>> list(UUID orgId) {
        return keys.listOf(orgId);
    }

    @WithSession
    public Uni<ApiKey> get(UUID orgId, UUID id) {
        return keys.findOf(orgId, id, LockModeType.NONE).map(key -> ProblemException.found(key, "API key " + id));
    }

    /** Revokes the key; a key already revoked stays as it is (no new event). */
    @WithTransaction
    @PublishesChanges
    public Uni<Void> revoke(UUID orgId, UUID id, String actor) {
        Instant now = Clocks.now(clock);
        return Panache.getSession()
                .flatMap(session -> keys.findOf(orgId, id, LockModeType.PESSIMISTIC_WRITE)
                        .map(key -> ProblemException.found(key, "API key " + id))
                        .flatMap(key -> {
                            if (key.revokedAt != null) {
                                return Uni.createFrom().voidItem();
                            }
                            ApiKeyState before = key.toState();
                            key.revokedAt = now;
                            key.updatedAt = now;
                            key.updatedBy = actor;
                            key.version = key.version + 1;
                            return session.flush()
                                    .flatMap(ok -> outbox.record(
                                            session,
                                            List.of(ChangeEvents.API_KEY.updated(key.toState(), before, actor, now))));
                        }));
    }

    private static List<String> roles(List<String> requested, Set<String> callerRoles) {
        Set<String> roles = new TreeSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String role = requested.get(i);
            if (role == null || !GRANTABLE.contains(role)) {
                throw ProblemException.badRequest(
                        "roles[" + i + "]",
                        "\"" + role + "\" is not a role of the API (ip-access:read, ip-access:write)");
            }
            roles.add(role);
        }
        for (String role : roles) {
            if (!callerRoles.contains(role)) {
                throw new ProblemException(
                        Response.Status.FORBIDDEN,
                        "A key cannot be granted " + role + ": the caller does not hold it.");
            }
        }
        return List.copyOf(roles);
    }

    private static Instant expiresAt(Instant requested, Instant now) {
        if (requested == null) {
            return null;
        }
        if (!requested.isAfter(now)) {
            throw ProblemException.badRequest("expiresAt", "must be in the future (got " + requested + ")");
        }
        if (requested.isAfter(RuleConstraints.LATEST_EXPIRY)) {
            throw ProblemException.badRequest(
                    "expiresAt", "must be at most " + RuleConstraints.LATEST_EXPIRY + " (got " + requested + ")");
        }
        return requested.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}
