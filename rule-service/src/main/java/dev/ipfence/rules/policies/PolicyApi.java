package dev.ipfence.rules.policies;

import dev.ipfence.core.events.PolicyState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response records of the policy API (seed 004's CreatePolicy, plus audit fields). */
public final class PolicyApi {

    private PolicyApi() {}

    /**
     * Create or replace a policy. {@code groups} (policy group ids) and {@code rule} (an admission
     * rule id) are read as text so that a malformed id is refused naming its position; absent lists
     * are empty, absent {@code all*} flags false.
     */
    public record PolicyRequest(
            String name,
            String description,
            List<String> groups,
            List<String> users,
            List<String> devices,
            List<String> resources,
            List<String> gateways,
            Boolean allGroups,
            Boolean allUsers,
            Boolean allDevices,
            Boolean allResources,
            List<String> sourceIps,
            String type,
            String mode,
            Boolean action,
            String rule) {}

    public record PolicyResponse(
            UUID id,
            String name,
            String description,
            List<UUID> groups,
            List<String> users,
            List<String> devices,
            List<String> resources,
            List<String> gateways,
            boolean allGroups,
            boolean allUsers,
            boolean allDevices,
            boolean allResources,
            List<String> sourceIps,
            String type,
            String mode,
            boolean action,
            UUID rule,
            Instant createdAt,
            Instant updatedAt,
            String createdBy,
            String updatedBy,
            long version) {

        static PolicyResponse of(PolicyState p) {
            return new PolicyResponse(
                    p.id(),
                    p.name(),
                    p.description(),
                    p.groups(),
                    p.users(),
                    p.devices(),
                    p.resources(),
                    p.gateways(),
                    p.allGroups(),
                    p.allUsers(),
                    p.allDevices(),
                    p.allResources(),
                    p.sourceIps(),
                    p.type(),
                    p.mode(),
                    p.action(),
                    p.rule(),
                    p.createdAt(),
                    p.updatedAt(),
                    p.createdBy(),
                    p.updatedBy(),
                    p.version());
        }
    }
}
