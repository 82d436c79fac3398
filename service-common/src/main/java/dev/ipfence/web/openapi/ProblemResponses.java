package dev.ipfence.web.openapi;

import dev.ipfence.web.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/** The problem+json error responses of an operation, shared as components with the one {@code Problem} schema. */
final class ProblemResponses {

    static final String PROBLEM = "Problem";

    /** Error responses: status, component name, description. */
    private static final Map<String, String[]> ERRORS = new LinkedHashMap<>();

    static {
        ERRORS.put("400", new String[] {"BadRequest", "The request is invalid; errors[] names each rejected field"});
        ERRORS.put("401", new String[] {"Unauthorized", "No valid bearer token or API key"});
        ERRORS.put("403", new String[] {"Forbidden", "The caller lacks the role this operation needs"});
        ERRORS.put("404", new String[] {"NotFound", "No such resource in the caller's organization"});
        ERRORS.put("406", new String[] {"NotAcceptable", "The Accept header does not allow application/json"});
        ERRORS.put("409", new String[] {
            "Conflict", "The change conflicts with the current state (a quota reached, a resource still in use)"
        });
        ERRORS.put("412", new String[] {"PreconditionFailed", "If-Match does not name the current version"});
        ERRORS.put("413", new String[] {
            "PayloadTooLarge", "The request body is larger than the service takes (quarkus.http.limits.max-body-size)"
        });
        ERRORS.put("503", new String[] {"ServiceUnavailable", "A backend is not available; retry after Retry-After"});
    }

    private ProblemResponses() {}

    /**
     * The errors an operation can answer: 400 for input, 401/403 when secured, 404 under an id, 409
     * for a create (every create counts against a quota), 412 when If-Match is read, 413 with a
     * body, 503 always. An operation declares any other (a 409 for a delete refused while the
     * resource is in use) with a bodiless {@code @APIResponse}, which the shared response replaces.
     */
    static void declare(Operation operation, List<String> template, boolean secured, Set<String> used) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        List<String> codes = new ArrayList<>();
        // a query parameter or If-Match can be malformed; a credential header is 401, never 400
        boolean hasQuery = operation.getParameters() != null
                && operation.getParameters().stream()
                        .anyMatch(p -> p.getIn() == Parameter.In.QUERY
                                || (p.getIn() == Parameter.In.HEADER
                                        && SuccessResponses.IF_MATCH.equalsIgnoreCase(p.getName())));
        if (operation.getRequestBody() != null || hasQuery || !template.isEmpty()) {
            codes.add("400");
        }
        if (secured) {
            codes.add("401");
            codes.add("403");
        }
        if (!template.isEmpty()) {
            codes.add("404");
        }
        if (codes.isEmpty()) {
            codes.add("406");
        }
        String id = operation.getOperationId();
        if (secured && (id.startsWith("create") || id.startsWith("bulkCreate"))) {
            codes.add("409");
        }
        if (SuccessResponses.readsIfMatch(operation)) {
            codes.add("412");
        }
        if (operation.getRequestBody() != null) {
            codes.add("413");
        }
        codes.add("503");
        // the scanner's own error responses (401/403 of @RolesAllowed, 400) have no body: replace them
        if (responses.getAPIResponses() != null) {
            for (String code : List.copyOf(responses.getAPIResponses().keySet())) {
                APIResponse response = responses.getAPIResponse(code);
                if (ERRORS.containsKey(code) && response.getRef() == null && response.getContent() == null) {
                    responses.removeAPIResponse(code);
                    if (!codes.contains(code)) {
                        codes.add(code);
                    }
                }
            }
        }
        for (String code : codes) {
            if (responses.getAPIResponse(code) == null) {
                responses.addAPIResponse(
                        code, OASFactory.createAPIResponse().ref("#/components/responses/" + ERRORS.get(code)[0]));
            }
            used.add(code);
        }
        responses.setAPIResponses(new TreeMap<>(responses.getAPIResponses()));
    }

    /** Adds the Problem schema and the shared response of every code in {@code used}. */
    static void addComponents(Components components, Set<String> used) {
        if (used.isEmpty()) {
            return;
        }
        components.addSchema(PROBLEM, problemSchema());
        for (Map.Entry<String, String[]> error : ERRORS.entrySet()) {
            if (used.contains(error.getKey())) {
                components.addResponse(error.getValue()[0], problemResponse(error.getKey(), error.getValue()[1]));
            }
        }
    }

    private static APIResponse problemResponse(String code, String description) {
        Map<String, Object> example = new LinkedHashMap<>();
        int status = Integer.parseInt(code);
        example.put("type", problemType(status));
        example.put(
                "title",
                jakarta.ws.rs.core.Response.Status.fromStatusCode(status) == null
                        ? "Precondition Failed"
                        : jakarta.ws.rs.core.Response.Status.fromStatusCode(status)
                                .getReasonPhrase());
        example.put("status", status);
        example.put("detail", description);
        if (status == 400) {
            Map<String, Object> error = new LinkedHashMap<>(); // in a stable order, for docs/api
            error.put("field", "cidr");
            error.put("message", "is not an IPv4 or IPv6 CIDR: 10.0.0.0/33");
            example.put("errors", List.of(error));
        }
        Example ex = OASFactory.createExample().value(example);
        return OASFactory.createAPIResponse()
                .description(description)
                .content(OASFactory.createContent()
                        .addMediaType(
                                Problem.MEDIA_TYPE,
                                OASFactory.createMediaType()
                                        .schema(OASFactory.createSchema().ref("#/components/schemas/" + PROBLEM))
                                        .addExample(code, ex)));
    }

    private static String problemType(int status) {
        return Problem.of(
                        jakarta.ws.rs.core.Response.Status.fromStatusCode(status) != null
                                ? jakarta.ws.rs.core.Response.Status.fromStatusCode(status)
                                : jakarta.ws.rs.core.Response.Status.PRECONDITION_FAILED,
                        null,
                        null)
                .type();
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }

    private static Schema problemSchema() {
        Schema fieldError = OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .addRequired("field")
                .addRequired("message")
                .addProperty("field", string("The rejected input: a JSON path, query parameter or header"))
                .addProperty("message", string("Why, naming the value"));
        Schema reference = OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .addProperty("id", string("Its id"))
                .addProperty("name", string("Its name"));
        Schema integer =
                OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int64");
        Schema quota = OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("The limit a create would pass (type quota-exceeded)")
                .addProperty("key", string("The configuration key naming the limit"))
                .addProperty("limit", integer)
                .addProperty("current", integer)
                .addProperty("requested", integer)
                .addProperty("available", integer);
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail, the body of every error response")
                .addRequired("type")
                .addRequired("title")
                .addRequired("status")
                .addProperty("type", string("A URI naming the kind of problem").format("uri-reference"))
                .addProperty("title", string("The status's reason phrase"))
                .addProperty(
                        "status",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.INTEGER)
                                .format("int32"))
                .addProperty("detail", string("What went wrong, for a person"))
                .addProperty("instance", string("The request path").format("uri-reference"))
                .addProperty(
                        "errors",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.ARRAY)
                                .description("One entry per rejected input (400)")
                                .items(fieldError))
                .addProperty("quota", quota)
                .addProperty(
                        "usedBy",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.ARRAY)
                                .description("What still uses the resource a delete was refused for (type in-use)")
                                .items(reference));
    }
}
