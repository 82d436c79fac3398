package dev.ipfence.rules.groups;

import dev.ipfence.core.events.PolicyGroupState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of {@code policy_group}; never leaves the service (the API and events use {@link PolicyGroupState}). */
@Entity
@Table(name = "policy_group")
public class PolicyGroupEntity {

    @Id
    public UUID id;

    @Column(name = "org_id", nullable = false, updatable = false)
    public UUID orgId;

    public String name;
    public String description;

    @Column(name = "max_devices")
    public int maxDevices;

    @Column(name = "is_saml_default_group")
    public boolean samlDefaultGroup;

    @Column(name = "idp_mapping")
    public String[] idpMapping;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "created_by", updatable = false)
    public String createdBy;

    @Column(name = "updated_by")
    public String updatedBy;

    public long version;

    void set(PolicyGroupState state) {
        name = state.name();
        description = state.description();
        maxDevices = state.maxDevices();
        samlDefaultGroup = state.isSamlDefaultGroup();
        idpMapping = state.idpMapping().toArray(String[]::new);
        updatedAt = state.updatedAt();
        updatedBy = state.updatedBy();
        version = state.version();
    }

    static PolicyGroupEntity of(PolicyGroupState state) {
        PolicyGroupEntity entity = new PolicyGroupEntity();
        entity.id = state.id();
        entity.orgId = state.orgId();
        entity.createdAt = state.createdAt();
        entity.createdBy = state.createdBy();
        entity.set(state);
        return entity;
    }

    PolicyGroupState state() {
        return new PolicyGroupState(
                id,
                orgId,
                name,
                description,
                maxDevices,
                samlDefaultGroup,
                List.of(idpMapping),
                createdAt,
                updatedAt,
                createdBy,
                updatedBy,
                version);
    }
}
