package dev.ipfence.rules.policies;

import dev.ipfence.core.events.PolicyState;
import dev.ipfence.rules.orgrecords.OrgRecordEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** A row of {@code policy}; never leaves the service (the API and events use {@link PolicyState}). */
@Entity
@Table(name = "policy")
public class PolicyEntity extends OrgRecordEntity {

    public String name;
    public String description;

    @Column(name = "group_ids")
    public String[] groupIds;

    public String[] users;
    public String[] devices;
    public String[] resources;
    public String[] gateways;

    @Column(name = "all_groups")
    public boolean allGroups;

    @Column(name = "all_users")
    public boolean allUsers;

    @Column(name = "all_devices")
    public boolean allDevices;

    @Column(name = "all_resources")
    public boolean allResources;

    @Column(name = "source_ips")
    public String[] sourceIps;

    public String type;
    public String mode;
    public boolean action;

    @Column(name = "rule_id")
    public UUID ruleId;

    void set(PolicyState state) {
        name = state.name();
        description = state.description();
        groupIds = state.groups().stream().map(UUID::toString).toArray(String[]::new);
        users = array(state.users());
        devices = array(state.devices());
        resources = array(state.resources());
        gateways = array(state.gateways());
        allGroups = state.allGroups();
        allUsers = state.allUsers();
        allDevices = state.allDevices();
        allResources = state.allResources();
        sourceIps = array(state.sourceIps());
        type = state.type();
        mode = state.mode();
        action = state.action();
        ruleId = state.rule();
        stamped(state.updatedAt(), state.updatedBy(), state.version());
    }

    static PolicyEntity of(PolicyState state) {
        PolicyEntity entity = new PolicyEntity();
        entity.created(state.id(), state.orgId(), state.createdAt(), state.createdBy());
        entity.set(state);
        return entity;
    }

    PolicyState state() {
        return new PolicyState(
                id,
                orgId,
                name,
                description,
                Stream.of(groupIds).map(UUID::fromString).toList(),
                List.of(users),
                List.of(devices),
                List.of(resources),
                List.of(gateways),
                allGroups,
                allUsers,
                allDevices,
                allResources,
                List.of(sourceIps),
                type,
                mode,
                action,
                ruleId,
                createdAt,
                updatedAt,
                createdBy,
                updatedBy,
                version);
    }

    private static String[] array(List<String> values) {
        return values.toArray(String[]::new);
    }
}
