package dev.ipfence.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Keycloak for a test class: the dev-servers module's {@code KeycloakServer} in a child JVM,
 * with the realms of {@code deploy/keycloak} imported into a fresh H2 database. The child exits
 * (and stops Keycloak) when this JVM closes its standard input, so a killed test JVM leaves no
 * Keycloak behind.
 */
public final class KeycloakProcess implements AutoCloseable {

    private static final String MAIN_CLASS = "dev.ipfence.devservers.KeycloakServer";
    private static final String READY_MARKER = "IPFENCE-KEYCLOAK-READY";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration TIMEOUT = Duration.ofSeconds(300);

    private final ChildProcess process;
    private final Path dataDir;
    private final String url;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private KeycloakProcess(ChildProcess process, Path dataDir, String url) {
        this.process = process;
        this.dataDir = dataDir;
        this.url = url;
    }

    /** Starts Keycloak with every {@code *-realm.json} of {@code root/deploy/keycloak}; waits until ready. */
    public static KeycloakProcess start(Path root) {
        try {
            Path dataDir = Files.createTempDirectory("ipfence-test-keycloak");
            Path log = Path.of("target", "keycloak.log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            command.addAll(List.of("-cp", DevServersProcess.classpath(), MAIN_CLASS));
            command.addAll(List.of("--data-dir", dataDir.toString(), "--log", log.toString(), "--exit-with-parent"));
            try (Stream<Path> realms = Files.list(root.resolve("deploy/keycloak"))) {
                for (Path realm : realms.filter(p -> p.toString().endsWith("-realm.json"))
                        .sorted()
                        .toList()) {
                    command.addAll(List.of("--realm", realm.toString()));
                }
            }
            ChildProcess process = ChildProcess.start("Keycloak", command, log, READY_MARKER, TIMEOUT);
            String url = process.readyLine().replaceFirst(".*url=([^,}]+).*", "$1");
            return new KeycloakProcess(process, dataDir, url);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Keycloak", e);
        }
    }

    /** Keycloak's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    /** The issuer (and OIDC auth-server-url) of a realm. */
    public String issuer(String realm) {
        return url + "/realms/" + realm;
    }

    /** An access token by the password grant (a user of a public client). */
    public String passwordToken(String realm, String clientId, String username, String password) {
        return token(
                realm,
                Map.of("grant_type", "password", "client_id", clientId, "username", username, "password", password));
    }

    /** An access token by the client credentials grant (a confidential client's service account). */
    public String clientCredentialsToken(String realm, String clientId, String secret) {
        return token(realm, Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    private String token(String realm, Map<String, String> form) {
        String body = new LinkedHashMap<>(form)
                .entrySet().stream()
                        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token (" + form.get("grant_type") + ", "
                        + form.get("client_id") + "): " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The claims of a token, decoded without verification (to read {@code exp} and {@code kid} in tests). */
    public static JsonNode claims(String token) {
        return decodePart(token, 1);
    }

    /** The header of a token, decoded without verification. */
    public static JsonNode header(String token) {
        return decodePart(token, 0);
    }

    private static JsonNode decodePart(String token, int index) {
        try {
            return JSON.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[index]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops Keycloak (this object stays usable: {@link #startAgain()} brings it back with the same data and port). */
    public synchronized void stopServer() {
        command("stop-keycloak", "KEYCLOAK-STOPPED");
    }

    /** Starts Keycloak again on the same port with the same data (the same realms and signing keys). */
    public synchronized void startAgain() {
        command("start-keycloak", "KEYCLOAK-STARTED");
    }

    private void command(String command, String expectedReply) {
        process.command(command, expectedReply, TIMEOUT);
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(60), dataDir);
    }
}
