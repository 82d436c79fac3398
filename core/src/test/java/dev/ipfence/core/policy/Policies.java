package dev.ipfence.core.policy;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.AdmissionRuleState.TimeWindow;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders of policy states and requests for plain tests. */
public final class Policies {

    public static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

    private Policies() {}

    /** A policy state with every list empty and every flag false, to change field by field. */
    public static final class PolicyBuilder {
        public UUID id = UUID.randomUUID();
        public UUID orgId = UUID.randomUUID();
        public List<UUID> groups = new ArrayList<>();
        public List<String> users = new ArrayList<>();
        public List<String> devices = new ArrayList<>();
        public List<String> resources = new ArrayList<>();
        public List<String> gateways = new ArrayList<>();
        public boolean allGroups;
        public boolean allUsers;
        public boolean allDevices;
        public boolean allResources;
        public List<String> sourceIps = new ArrayList<>();
        public String type = "PRIVATE";
        public String mode;
        public boolean action = true;
        public UUID rule;

        public PolicyState build() {
            return new PolicyState(
                    id,
                    orgId,
                    "policy",
                    "",
                    groups,
                    users,
                    devices,
                    resources,
                    gateways,
                    allGroups,
                    allUsers,
                    allDevices,
                    allResources,
                    sourceIps,
                    type,
                    mode,
                    action,
                    rule,
                    AT,
                    AT,
                    "tester",
                    "tester",
                    1);
        }
    }

    public static PolicyBuilder policy() {
        return new PolicyBuilder();
    }

    public static PolicyGroupState group(UUID id, UUID orgId, boolean samlDefault, String... idpMapping) {
        return new PolicyGroupState(
                id, orgId, "group", "", 10, samlDefault, List.of(idpMapping), AT, AT, "tester", "tester", 1);
    }

    public static AdmissionRuleState admission(UUID id, UUID orgId, String type, String rule, TimeWindow window) {
        return new AdmissionRuleState(
                id, orgId, "rule", type, rule, window != null, window, AT, AT, "tester", "tester", 1);
    }

    public static PolicyRequest request(
            Identity.User user,
            Identity.Device device,
            String resource,
            String type,
            String gateway,
            String ip,
            Instant time) {
        return new PolicyRequest(
                new Identity(user, device),
                new ResourceRef(resource, type),
                gateway,
                Addresses.parseAddress(ip),
                "GET",
                "/",
                time);
    }

    public static Identity.User user(String id, String department, List<String> groups) {
        return new Identity.User(id, id + "@example.com", groups, department, Map.of());
    }
}
