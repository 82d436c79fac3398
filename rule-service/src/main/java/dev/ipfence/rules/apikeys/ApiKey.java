package dev.ipfence.rules.apikeys;

import dev.ipfence.core.events.ApiKeyState;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A row of {@code api_key} (schema: Flyway, V5). */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "org_id", nullable = false)
    public UUID orgId;

    @Column(nullable = false)
    public String name;

    /** Space-separated. */
    @Column(nullable = false)
    public String roles;

    @Column(name = "secret_hash", nullable = false)
    public String secretHash;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(nullable = false)
    public long version;

    public List<String> roleList() {
        return Arrays.stream(roles.split(" ")).filter(r -> !r.isEmpty()).toList();
    }

    /** The event form: everything but {@code lastUsedAt} (a use is not a change). */
    public ApiKeyState toState() {
        return new ApiKeyState(
                id,
                orgId,
                name,
                roleList(),
                secretHash,
                expiresAt,
                revokedAt,
                createdAt,
                updatedAt,
                createdBy,
                updatedBy,
                version);
    }
}
