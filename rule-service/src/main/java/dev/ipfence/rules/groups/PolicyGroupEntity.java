package dev.ipfence.rules.groups;

import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.rules.orgrecords.OrgRecordEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;

/** A row of {@code policy_group}; never leaves the service (the API and events use {@link PolicyGroupState}). */
@Entity
@Table(name = "policy_group")
public class PolicyGroupEntity extends OrgRecordEntity {

    public String name;
    public String description;

    @Column(name = "max_devices")
    public int maxDevices;

    @Column(name = "is_saml_default_group")
    public boolean samlDefaultGroup;

    @Column(name = "idp_mapping")
    public String[] idpMapping;

    void set(PolicyGroupState state) {
        name = state.name();
        description = state.description();
        maxDevices = state.maxDevices();
        samlDefaultGroup = state.isSamlDefaultGroup();
        idpMapping = state.idpMapping().toArray(String[]::new);
        stamped(state.updatedAt(), state.updatedBy(), state.version());
    }

    static PolicyGroupEntity of(PolicyGroupState state) {
        PolicyGroupEntity entity = new PolicyGroupEntity();
        entity.created(state.id(), state.orgId(), state.createdAt(), state.createdBy());
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
