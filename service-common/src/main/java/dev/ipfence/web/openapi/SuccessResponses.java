package dev.ipfence.web.openapi;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/** 201 with Location for creates, 204 for deletes, and ETag where a resource's version is read back. */
final class SuccessResponses {

    static final String ETAG = "ETag";
    static final String IF_MATCH = "If-Match";

    private SuccessResponses() {}

    static void complete(PathItem.HttpMethod method, Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            return;
        }
        APIResponse ok = responses.getAPIResponse("200");
        boolean declaresSuccess = responses.getAPIResponses() != null
                && responses.getAPIResponses().keySet().stream().anyMatch(code -> code.startsWith("2"));
        if (method == PathItem.HttpMethod.DELETE && (ok != null || !declaresSuccess)) {
            // a delete that declares its errors with @APIResponse has no scanned 200 left
            responses.removeAPIResponse("200");
            responses.addAPIResponse("204", OASFactory.createAPIResponse().description("Deleted"));
        } else if (method == PathItem.HttpMethod.POST
                && operation.getOperationId().startsWith("create")
                && (ok != null || responses.getAPIResponse("201") != null)) {
            if (ok != null) {
                responses.removeAPIResponse("200");
                ok.setDescription("Created; Location is its URL");
                responses.addAPIResponse("201", ok);
            }
            APIResponse created = responses.getAPIResponse("201");
            if (created.getHeaders() != null && created.getHeaders().containsKey("Location")) {
                return;
            }
            created.addHeader(
                    "Location",
                    OASFactory.createHeader()
                            .description("The URL of the created resource")
                            .schema(OASFactory.createSchema()
                                    .addType(Schema.SchemaType.STRING)
                                    .format("uri-reference")));
        }
    }

    /**
     * The version of a resource whose update or delete reads {@code If-Match} is its {@code ETag}:
     * on the read and the update of that path, and on the create of its collection.
     */
    static void versionHeaders(Map<String, PathItem> items) {
        for (Map.Entry<String, PathItem> entry : items.entrySet()) {
            PathItem item = entry.getValue();
            if (item.getOperations().values().stream().noneMatch(SuccessResponses::readsIfMatch)) {
                continue;
            }
            for (Operation operation : item.getOperations().values()) {
                if (operation.getParameters() != null) {
                    operation.getParameters().stream()
                            .filter(p -> IF_MATCH.equalsIgnoreCase(p.getName()) && p.getDescription() == null)
                            .forEach(p -> p.setDescription(
                                    "The ETag read before (\"3\", W/\"3\" or 3): the change is refused with 412 if the"
                                            + " resource has another version since; absent or *: no check"));
                }
            }
            addETag(item.getGET(), "200");
            addETag(item.getPUT(), "200");
            String path = entry.getKey();
            PathItem collection = items.get(path.substring(0, path.lastIndexOf('/')));
            if (collection != null) {
                addETag(collection.getPOST(), "201");
            }
        }
    }

    static void addETag(Operation operation, String code) {
        if (operation == null || operation.getResponses() == null) {
            return;
        }
        APIResponse response = operation.getResponses().getAPIResponse(code);
        if (response == null
                || (response.getHeaders() != null && response.getHeaders().containsKey(ETAG))) {
            return;
        }
        response.addHeader(
                ETAG,
                OASFactory.createHeader()
                        .description("The resource's version, quoted (\"3\"): send it back in If-Match")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
    }

    static boolean readsIfMatch(Operation operation) {
        return operation.getParameters() != null
                && operation.getParameters().stream()
                        .anyMatch(p -> p.getIn() == Parameter.In.HEADER && IF_MATCH.equalsIgnoreCase(p.getName()));
    }
}
