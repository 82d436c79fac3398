package dev.ipfence.web.openapi;

import dev.ipfence.web.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
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

    /**
     * Path prefixes whose operations take no credentials ({@code security: []}); every other
     * operation takes a bearer token or an API key.
     */
    public static final String UNAUTHENTICATED_PATHS = "ipfence.openapi.unauthenticated-paths";

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
            List<String> template = PathParameters.of(path);
            for (Map.Entry<PathItem.HttpMethod, Operation> op :
                    item.getOperations().entrySet()) {
                PathItem.HttpMethod method = op.getKey();
                Operation operation = op.getValue();
                PathParameters.declare(path, template, item, operation);
                if (operation.getOperationId() == null) {
                    operation.setOperationId(OperationIds.of(path, method, item));
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
                SuccessResponses.complete(method, operation);
                ProblemResponses.declare(operation, template, secured, usedErrors);
            }
        }
        SuccessResponses.versionHeaders(openAPI.getPaths().getPathItems());
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
        ProblemResponses.addComponents(components, usedErrors);
    }
}
