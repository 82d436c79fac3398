package dev.ipfence.enforcement.state;

import dev.ipfence.enforcement.common.SharedToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/**
 * {@code GET /v1/quarantine}: the records of {@code ipfence.rules.v1} this replica could not apply,
 * and what fails closed because of them. For operators inside the cluster; protected as every
 * {@code /v1} endpoint (network policy and, where set, the shared token).
 */
@Path("/v1/quarantine")
public class QuarantineResource {

    private final RuleStore store;

    public QuarantineResource(RuleStore store) {
        this.store = store;
    }

    /**
     * The quarantined records, the ids (organizations, projects, environments) whose chains fail
     * closed, and the organizations whose requests with an identity fail closed (a policy, policy
     * group or admission rule record).
     */
    public record QuarantineResponse(
            int count,
            List<QuarantinedRecord> records,
            List<String> failingClosed,
            List<String> identityRequestsFailingClosed) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Parameter(
            name = SharedToken.HEADER,
            in = ParameterIn.HEADER,
            description = SharedToken.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "401", description = "No or another shared token")
    @APIResponseSchema(value = QuarantineResponse.class, responseCode = "200", responseDescription = "OK")
    @Operation(
            operationId = "getQuarantine",
            summary = "Rule-topic records this replica could not apply; their chains answer RULES_UNAVAILABLE")
    public QuarantineResponse list() {
        Snapshot snapshot = store.snapshot();
        return new QuarantineResponse(
                snapshot.quarantined().size(),
                snapshot.quarantined(),
                snapshot.unavailable().stream().map(Object::toString).sorted().toList(),
                snapshot.policiesUnavailable().stream()
                        .map(Object::toString)
                        .sorted()
                        .toList());
    }
}
