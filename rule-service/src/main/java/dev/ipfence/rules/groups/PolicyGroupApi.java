package dev.ipfence.rules.groups;

import dev.ipfence.core.events.PolicyGroupState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response records of the policy group API (seed 004's PolicyGroup, plus audit fields). */
public final class PolicyGroupApi {

    private PolicyGroupApi() {}

    /**
     * Create or replace a group. {@code maxDevices} is read as any JSON number so that a value no
     * int holds ({@code 1e400}) or a fraction is refused with its range.
     */
    @Schema(
            requiredProperties = {"name", "maxDevices"},
            example =
                    "{\"name\": \"Engineering Team\", \"description\": \"Team responsible for software development and engineering\", \"maxDevices\": 10, \"isSamlDefaultGroup\": false, \"idpMapping\": [\"engineering-team\", \"dev-team\"]}")
    public record PolicyGroupRequest(
            String name,
            String description,

            @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "1000")
            BigDecimal maxDevices,

            Boolean isSamlDefaultGroup,
            List<String> idpMapping) {}

    @Schema(
            requiredProperties = {
                "id",
                "name",
                "maxDevices",
                "isSamlDefaultGroup",
                "idpMapping",
                "createdAt",
                "updatedAt",
                "version"
            },
            example =
                    "{\"id\": \"550e8400-e29b-41d4-a716-446655440000\", \"name\": \"Engineering Team\", \"description\": \"Team responsible for software development and engineering\", \"maxDevices\": 10, \"isSamlDefaultGroup\": false, \"idpMapping\": [\"engineering-team\", \"dev-team\"], \"createdAt\": \"2023-01-15T14:30:00Z\", \"updatedAt\": \"2023-01-15T14:30:00Z\", \"createdBy\": \"alice@example.com\", \"updatedBy\": \"alice@example.com\", \"version\": 1}")
    public record PolicyGroupResponse(
            UUID id,
            String name,
            String description,
            int maxDevices,
            boolean isSamlDefaultGroup,
            List<String> idpMapping,
            Instant createdAt,
            Instant updatedAt,
            String createdBy,
            String updatedBy,
            long version) {

        static PolicyGroupResponse of(PolicyGroupState g) {
            return new PolicyGroupResponse(
                    g.id(),
                    g.name(),
                    g.description(),
                    g.maxDevices(),
                    g.isSamlDefaultGroup(),
                    g.idpMapping(),
                    g.createdAt(),
                    g.updatedAt(),
                    g.createdBy(),
                    g.updatedBy(),
                    g.version());
        }
    }
}
