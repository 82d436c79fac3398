package dev.ipfence.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ipfence.console.ConsoleConfig;
import dev.ipfence.console.session.CurrentRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Map;

/** Calls the three services with the signed-in user's bearer token. */
@ApplicationScoped
public class ServiceClient {

    public enum Service {
        RULES,
        ENFORCEMENT,
        AUDIT
    }

    private final WebClient client;
    private final ConsoleConfig config;
    private final CurrentRequest current;
    private final ObjectMapper json;

    public ServiceClient(Vertx vertx, ConsoleConfig config, CurrentRequest current, ObjectMapper json) {
        this.client = WebClient.create(vertx);
        this.config = config;
        this.current = current;
        this.json = json;
    }

    public Uni<ApiResponse> get(Service service, String path, Map<String, String> query) {
        HttpRequest<Buffer> request = request(HttpMethod.GET, service, path);
        query.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                request.addQueryParam(name, value);
            }
        });
        return send(request, null);
    }

    public Uni<ApiResponse> get(Service service, String path) {
        return get(service, path, Map.of());
    }

    public Uni<ApiResponse> send(Service service, HttpMethod method, String path, JsonNode body, String ifMatch) {
        HttpRequest<Buffer> request = request(method, service, path);
        if (ifMatch != null && !ifMatch.isBlank()) {
            request.putHeader("If-Match", "\"" + ifMatch + "\"");
        }
        return send(request, body);
    }

    public ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private HttpRequest<Buffer> request(HttpMethod method, Service service, String path) {
        String base = switch (service) {
            case RULES -> config.rulesUrl();
            case ENFORCEMENT -> config.enforcementUrl();
            case AUDIT -> config.auditUrl();
        };
        return client.requestAbs(method, base + path)
                .bearerTokenAuthentication(current.session().token())
                .putHeader("Accept", "application/json, application/problem+json")
                .timeout(config.callTimeout().toMillis());
    }

    private Uni<ApiResponse> send(HttpRequest<Buffer> request, JsonNode body) {
        Uni<HttpResponse<Buffer>> response = body == null
                ? request.send()
                : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.toString()));
        return response.map(this::toApiResponse)
                .onFailure()
                .recoverWithItem(failure -> new ApiResponse(
                        503,
                        JsonNodeFactory.instance
                                .objectNode()
                                .put("title", "Service Unavailable")
                                .put("status", 503)
                                .put("detail", "The service could not be reached: " + failure.getMessage())));
    }

    private ApiResponse toApiResponse(HttpResponse<Buffer> response) {
        Buffer buffer = response.body();
        JsonNode node = null;
        if (buffer != null && buffer.length() > 0) {
            try {
                node = json.readTree(buffer.getBytes());
            } catch (IOException e) {
                node = JsonNodeFactory.instance
                        .objectNode()
                        .put(
                                "detail",
                                "The service answered " + response.statusCode() + " with a body that is not JSON");
            }
        }
        return new ApiResponse(response.statusCode(), node);
    }
}
