package dev.ipfence.it;

import dev.ipfence.testing.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Requests to the packaged services as the integration tests send them: JSON bodies, bearer tokens. */
final class ServiceCalls {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceCalls() {}

    /** {@code token} null: no Authorization header; {@code body} null: no body. */
    static HttpResponse<String> call(ServiceProcess service, String method, String path, String token, String body)
            throws IOException, InterruptedException {
        return send(service, method, path, token == null ? null : "Bearer " + token, body);
    }

    /** As {@link #call}, authenticated by an API key in the {@code apikey} header instead of a token. */
    static HttpResponse<String> callWithApiKey(
            ServiceProcess service, String method, String path, String apiKey, String body)
            throws IOException, InterruptedException {
        return send(service, method, path, "apikey", apiKey, body);
    }

    /** As {@link #call}, with the whole Authorization header as given (or none). */
    static HttpResponse<String> send(
            ServiceProcess service, String method, String path, String authorization, String body)
            throws IOException, InterruptedException {
        return send(service, method, path, "Authorization", authorization, body);
    }

    private static HttpResponse<String> send(
            ServiceProcess service, String method, String path, String header, String value, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url() + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (value != null) {
            request.header(header, value);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
