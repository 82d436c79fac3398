package dev.ipfence.web.openapi;

import dev.ipfence.web.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the OpenAPI document of every ipfence service (registered with {@code mp.openapi.filter}
 * in service-common's configuration) with what annotations cannot say once for all resources:
 *
 * <ul>
 *   <li>path parameters of a resource's path that its operations do not declare (the rule resources
 *       of {@code RuleResource} share their methods across the three scopes);
 *   <li>an {@code operationId} derived from the method and path where none is annotated:
 *       {@code GET /api/org/ip-access-rules} is {@code listOrgRules}, {@code POST
 *       /api/projects/{scopeId}/ip-access-rules} {@code createProjectRule};
 *   <li>security: a bearer JWT or an API key in the {@code apikey} header on every operation but
 *       those under {@value #UNAUTHENTICATED_PATHS} (enforcement's {@code /v1}): {@code security: []};
 *   <li>201 for creates, 204 for deletes, and the problem+json error responses with the one
 *       {@code Problem} schema of {@link Problem}.
 * </ul>
 */
public class IpfenceOpenApiFilter implements OASFilter {

    static final String BEARER = "bearer";
    static final String API_KEY = "apikey";
    static final String PROBLEM = "Problem";
    static final String ETAG = "ETag";
    static final String IF_MATCH = "If-Match";

    /**
     * Path prefixes whose operations take no credentials ({@code security: []}); every other
     * operation takes a bearer token or an API key.
     */
    public static final String UNAUTHENTICATED_PATHS = "ipfence.openapi.unauthenticated-paths";

    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}/]+)}");

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

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        List<String> unauthenticated = ConfigProvider.getConfig()
                .getOptionalValues(UNAUTHENTICATED_PATHS, String.class)
                .orElse(List.of());
        Set<String> usedErrors = new HashSet<>();
        Set<String> operationIds = new HashSet<>();
        boolean anySecured = false;
        for (Map.Entry<String, PathItem> entry :
                new TreeMap<>(openAPI.getPaths().getPathItems()).entrySet()) {
            String path = entry.getKey();
            PathItem item = entry.getValue();
            List<String> template = templateParameters(path);
            for (Map.Entry<PathItem.HttpMethod, Operation> op :
                    item.getOperations().entrySet()) {
                PathItem.HttpMethod method = op.getKey();
                Operation operation = op.getValue();
                declarePathParameters(path, template, item, operation);
                if (operation.getOperationId() == null) {
                    operation.setOperationId(operationId(path, method, item));
                }
                if (!operationIds.add(operation.getOperationId())) {
                    throw new IllegalStateException("Two operations are named " + operation.getOperationId());
                }
                boolean secured = unauthenticated.stream().noneMatch(path::startsWith);
                anySecured |= secured;
                operation.setSecurity(
                        secured
                                ? List.of(
                                        OASFactory.createSecurityRequirement().addScheme(BEARER),
                                        OASFactory.createSecurityRequirement().addScheme(API_KEY))
                                : new ArrayList<SecurityRequirement>());
                successResponse(method, operation);
                errorResponses(operation, template, secured, usedErrors);
            }
        }
        versionHeaders(openAPI.getPaths().getPathItems());
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        components.setSecuritySchemes(null);
        if (anySecured) {
            components.addSecurityScheme(
                    BEARER,
                    OASFactory.createSecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .bearerFormat("JWT")
                            .description("A JWT of the organization's identity provider; roles in the groups claim"));
            components.addSecurityScheme(
                    API_KEY,
                    OASFactory.createSecurityScheme()
                            .type(SecurityScheme.Type.APIKEY)
                            .in(SecurityScheme.In.HEADER)
                            .name("apikey")
                            .description("An API key created with POST /api/tenants/api-keys"));
        }
        if (!usedErrors.isEmpty()) {
            components.addSchema(PROBLEM, problemSchema());
            for (Map.Entry<String, String[]> error : ERRORS.entrySet()) {
                if (usedErrors.contains(error.getKey())) {
                    components.addResponse(error.getValue()[0], problemResponse(error.getKey(), error.getValue()[1]));
                }
            }
        }
    }

    static List<String> templateParameters(String path) {
        List<String> names = new ArrayList<>();
        Matcher m = TEMPLATE.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static void declarePathParameters(String path, List<String> template, PathItem item, Operation operation) {
        Set<String> declared = new HashSet<>();
        if (item.getParameters() != null) {
            item.getParameters().stream()
                    .filter(p -> p.getIn() == Parameter.In.PATH)
                    .forEach(p -> declared.add(p.getName()));
        }
        if (operation.getParameters() != null) {
            for (Parameter p : List.copyOf(operation.getParameters())) {
                if (p.getIn() == Parameter.In.PATH) {
                    if (template.contains(p.getName())) {
                        declared.add(p.getName());
                    } else {
                        operation.removeParameter(p);
                    }
                }
            }
        }
        for (String name : template) {
            if (!declared.contains(name)) {
                String owner = "scopeId".equals(name) ? ownerOf(path, name) : name;
                operation.addParameter(OASFactory.createParameter()
                        .name(name)
                        .in(Parameter.In.PATH)
                        .required(true)
                        .description("The id of the " + owner)
                        .schema(OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .format("uuid")));
            }
        }
    }

    /** The singular of the segment before {@code {name}}: {@code project} for {@code /api/projects/{scopeId}}. */
    private static String ownerOf(String path, String name) {
        String[] segments = path.split("/");
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].equals("{" + name + "}")) {
                return singular(segments[i - 1]);
            }
        }
        return name;
    }

    /**
     * {@code list}/{@code get}/{@code create}/{@code update}/{@code delete} and the path's words:
     * {@code tenants}, {@code global} and {@code api} say nothing a method name needs, {@code
     * ip-access-rules} reads as {@code Rules}, and a collection followed by an id is singular.
     */
    static String operationId(String path, PathItem.HttpMethod method, PathItem item) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty() && !s.equals("api") && !s.equals("v1") && !s.equals("tenants") && !s.equals("global")) {
                segments.add(s);
            }
        }
        boolean endsWithId =
                !segments.isEmpty() && segments.get(segments.size() - 1).startsWith("{");
        boolean bulk = !segments.isEmpty() && segments.get(segments.size() - 1).equals("bulk");
        if (bulk) {
            segments.remove(segments.size() - 1);
        }
        List<String> words = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (s.startsWith("{")) {
                continue;
            }
            boolean last = true;
            for (int j = i + 1; j < segments.size(); j++) {
                if (!segments.get(j).startsWith("{")) {
                    last = false;
                }
            }
            String word = camel(s.equals("ip-access-rules") ? "rules" : s);
            boolean plural = last && !endsWithId && (method == PathItem.HttpMethod.GET || bulk);
            words.add(plural ? word : singular(word));
        }
        String verb = switch (method) {
            case GET -> endsWithId ? "get" : "list";
            case POST -> bulk ? "bulkCreate" : "create";
            case PUT -> "update";
            case PATCH -> item.getPUT() != null ? "patch" : "update";
            case DELETE -> "delete";
            default -> method.name().toLowerCase(Locale.ROOT);
        };
        return verb + String.join("", words);
    }

    private static String camel(String segment) {
        StringBuilder out = new StringBuilder();
        for (String part : segment.split("[-_]")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    static String singular(String word) {
        if (word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.endsWith("sses")) {
            return word.substring(0, word.length() - 2);
        }
        if (word.endsWith("s") && !word.endsWith("ss")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    private static void successResponse(PathItem.HttpMethod method, Operation operation) {
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
    private static void versionHeaders(Map<String, PathItem> items) {
        for (Map.Entry<String, PathItem> entry : items.entrySet()) {
            PathItem item = entry.getValue();
            if (item.getOperations().values().stream().noneMatch(IpfenceOpenApiFilter::readsIfMatch)) {
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

    private static void addETag(Operation operation, String code) {
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

    private static boolean readsIfMatch(Operation operation) {
        return operation.getParameters() != null
                && operation.getParameters().stream()
                        .anyMatch(p -> p.getIn() == Parameter.In.HEADER && IF_MATCH.equalsIgnoreCase(p.getName()));
    }

    /**
     * The errors an operation can answer: 400 for input, 401/403 when secured, 404 under an id, 409
     * for a create (every create counts against a quota), 412 when If-Match is read, 413 with a
     * body, 503 always. An operation declares any other (a 409 for a delete refused while the
     * resource is in use) with a bodiless {@code @APIResponse}, which the shared response replaces.
     */
    private static void errorResponses(Operation operation, List<String> template, boolean secured, Set<String> used) {
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
                                || (p.getIn() == Parameter.In.HEADER && IF_MATCH.equalsIgnoreCase(p.getName())));
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
        if (readsIfMatch(operation)) {
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
