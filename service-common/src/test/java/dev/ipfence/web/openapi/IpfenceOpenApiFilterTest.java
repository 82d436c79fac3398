package dev.ipfence.web.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.junit.jupiter.api.Test;

/** The error responses and version headers the filter gives each operation of a collection and an item. */
class IpfenceOpenApiFilterTest {

    private final OpenAPI openAPI = filtered();

    @Test
    void createCanConflictAndTakesABody() {
        Operation create = openAPI.getPaths().getPathItem("/api/things").getPOST();
        assertThat(create.getOperationId()).isEqualTo("createThing");
        assertThat(codes(create)).containsExactly("201", "400", "401", "403", "409", "413", "503");
        assertThat(create.getResponses().getAPIResponse("201").getHeaders()).containsKeys("Location", "ETag");
    }

    @Test
    void listHasNoConflictNorBodyLimit() {
        assertThat(codes(openAPI.getPaths().getPathItem("/api/things").getGET()))
                .containsExactly("200", "401", "403", "503");
    }

    @Test
    void readAndUpdateOfAVersionedResourceCarryItsETag() {
        PathItem item = openAPI.getPaths().getPathItem("/api/things/{id}");
        assertThat(item.getGET().getResponses().getAPIResponse("200").getHeaders())
                .containsKey("ETag");
        assertThat(item.getPUT().getResponses().getAPIResponse("200").getHeaders())
                .containsKey("ETag");
        assertThat(codes(item.getGET())).containsExactly("200", "400", "401", "403", "404", "503");
        assertThat(codes(item.getPUT())).containsExactly("200", "400", "401", "403", "404", "412", "413", "503");
        Parameter ifMatch = item.getPUT().getParameters().stream()
                .filter(p -> p.getName().equals("If-Match"))
                .findFirst()
                .orElseThrow();
        assertThat(ifMatch.getDescription()).contains("412");
    }

    @Test
    void deleteDeclaringItsConflictKeepsItsNoContent() {
        Operation delete = openAPI.getPaths().getPathItem("/api/things/{id}").getDELETE();
        assertThat(codes(delete)).containsExactly("204", "400", "401", "403", "404", "409", "412", "503");
        assertThat(delete.getResponses().getAPIResponse("409").getRef()).isEqualTo("#/components/responses/Conflict");
    }

    @Test
    void aCredentialHeaderIsNoReasonForA400() {
        Operation status = openAPI.getPaths().getPathItem("/api/status").getGET();
        assertThat(codes(status)).containsExactly("200", "401", "403", "503");
    }

    @Test
    void everyDeclaredErrorIsASharedProblemResponse() {
        assertThat(openAPI.getComponents().getResponses())
                .containsKeys(
                        "BadRequest",
                        "Unauthorized",
                        "Forbidden",
                        "NotFound",
                        "Conflict",
                        "PreconditionFailed",
                        "PayloadTooLarge",
                        "ServiceUnavailable");
        assertThat(openAPI.getComponents().getSchemas()).containsKey("Problem");
    }

    private static OpenAPI filtered() {
        OpenAPI openAPI = OASFactory.createOpenAPI().paths(OASFactory.createPaths());
        openAPI.getPaths()
                .addPathItem(
                        "/api/things",
                        OASFactory.createPathItem().GET(operation(false)).POST(operation(true)))
                .addPathItem(
                        "/api/things/{id}",
                        OASFactory.createPathItem()
                                .GET(operation(false))
                                .PUT(operation(true).addParameter(header("If-Match")))
                                .DELETE(operation(false)
                                        .addParameter(header("If-Match"))
                                        .responses(OASFactory.createAPIResponses()
                                                .addAPIResponse(
                                                        "409",
                                                        OASFactory.createAPIResponse()
                                                                .description("Still in use")))))
                .addPathItem(
                        "/api/status",
                        OASFactory.createPathItem().GET(operation(false).addParameter(header("X-Ipfence-Token"))));
        new IpfenceOpenApiFilter().filterOpenAPI(openAPI);
        return openAPI;
    }

    private static Operation operation(boolean body) {
        Operation operation = OASFactory.createOperation()
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("200", OASFactory.createAPIResponse().description("OK")));
        if (body) {
            operation.requestBody(OASFactory.createRequestBody());
        }
        return operation;
    }

    private static Parameter header(String name) {
        return OASFactory.createParameter().name(name).in(Parameter.In.HEADER);
    }

    private static java.util.List<String> codes(Operation operation) {
        APIResponses responses = operation.getResponses();
        Map<String, APIResponse> all = responses.getAPIResponses();
        return all.keySet().stream().toList();
    }
}
