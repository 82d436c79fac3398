package dev.ipfence.rules.policies;

import dev.ipfence.core.events.PolicyState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response records of the policy API (seed 004's CreatePolicy, plus audit fields). */
public final class PolicyApi {

    private PolicyApi() {}

    /**
     * Create or replace a policy. {@code groups} (policy group ids) and {@code rule} (an admission
     * rule id) are read as text so that a malformed id is refused naming its position; absent lists
     * are empty, absent {@code all*} flags false.
     */
    @Schema(
            requiredProperties = {"name", "type", "action"},
            example =
                    "{\"name\": \"Engineering Team Access\", \"description\": \"Allows engineering team to access development resources\", \"type\": \"PRIVATE\", \"mode\": \"LOCAL\", \"action\": true, \"allGroups\": false, \"allUsers\": false, \"allDevices\": false, \"allResources\": false, \"groups\": [\"550e8400-e29b-41d4-a716-446655440000\"], \"sourceIps\": [\"192.168.1.0/24\", \"10.0.0.0/8\"], \"rule\": \"550e8400-e29b-41d4-a716-446655440005\"}")
    public record PolicyRequest(
            String name,
            String description,

            @Schema(type = SchemaType.ARRAY, implementation = UUID.class)
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

            @Schema(type = SchemaType.STRING, format = "uuid")
            String rule) {}

    @Schema(
            requiredProperties = {
                "id",
                "name",
                "groups",
                "users",
                "devices",
                "resources",
                "gateways",
                "allGroups",
                "allUsers",
                "allDevices",
                "allResources",
                "sourceIps",
                "type",
                "action",
                "createdAt",
                "updatedAt",
                "version"
            },
            example =
                    "{\"id\": \"550e8400-e29b-41d4-a716-446655440010\", \"name\": \"Engineering Team Access\", \"description\": \"Allows engineering team to access development resources\", \"groups\": [\"550e8400-e29b-41d4-a716-446655440000\"], \"users\": [], \"devices\": [], \"resources\": [], \"gateways\": [], \"allGroups\": false, \"allUsers\": false, \"allDevices\": false, \"allResources\": false, \"sourceIps\": [\"192.168.1.0/24\", \"10.0.0.0/8\"], \"type\": \"PRIVATE\", \"mode\": \"LOCAL\", \"action\": true, \"rule\": \"550e8400-e29b-41d4-a716-446655440005\", \"createdAt\": \"2023-01-15T14:30:00Z\", \"updatedAt\": \"2023-01-15T14:30:00Z\", \"createdBy\": \"alice@example.com\", \"updatedBy\": \"alice@example.com\", \"version\": 1}")
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
