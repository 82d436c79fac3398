package dev.ipfence.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Denied requests at enforcement-service end up, each one, in audit-service: even across its restart. */
class BlockedAttemptsAuditIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ORG = UUID.randomUUID();
    private static final String TOKEN = TestTokens.admin(ORG);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ServiceProcess rules;
    private static ServiceProcess enforcement;
    private static ServiceProcess audit;
    private static UUID env;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("ipfence.root", ".."));
        rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", Map.of());
        enforcement = ServiceProcess.start(root, "enforcement-service", null, Map.of());
        audit = ServiceProcess.start(root, "audit-service", "ipfence_audit", Map.of());
        String project = send(rules, "POST", "/api/projects", "{\"name\":\"shop\"}")
                .get("id")
                .asText();
        env = UUID.fromString(send(rules, "POST", "/api/projects/" + project + "/environments", "{\"name\":\"prod\"}")
                .get("id")
                .asText());
        send(rules, "POST", "/api/environments/" + env + "/ip-access-rules", "{\"cidr\":\"192.0.2.0/24\"}");
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess service : new ServiceProcess[] {audit, enforcement, rules}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    void deniedRequestsAreReadBackInTheSeedShapeAndNoneIsLostWhileAuditRestarts() throws Exception {
        awaitDecision("198.51.100.1", "NOT_ALLOWLISTED");
        // audit learns environments from the rules topic: it must know this one before it goes away
        awaitEnvironmentKnownToAudit();
        int total = 300;
        for (int i = 0; i < total; i++) {
            if (i == 100) {
                audit.stop();
            }
            if (i == 200) {
                audit.restart();
            }
            String ip = "10." + (i / 250) + "." + (i % 250) + ".1";
            JsonNode decision = send(
                    enforcement,
                    "POST",
                    "/v1/decisions",
                    "{\"ip\":\"" + ip + "\",\"environmentId\":\""
                            + env + "\",\"trafficScope\":\"http\",\"method\":\"GET\",\"path\":\"/orders/" + i
                            + "\",\"target\":\"shop.example\"}");
            assertThat(decision.get("decision").asText()).isEqualTo("DENY");
        }

        JsonNode page = awaitTotal(total);
        assertThat(page.get("attempts")).hasSize(10);
        JsonNode newest = page.get("attempts").get(0);
        assertThat(newest.has("ip")
                        && newest.has("method")
                        && newest.has("path")
                        && newest.has("target")
                        && newest.has("timestamp"))
                .as("seed 000 fields in %s", newest)
                .isTrue();
        assertThat(newest.get("target").asText()).isEqualTo("shop.example");
        assertThat(newest.get("method").asText()).isEqualTo("GET");
        assertThat(newest.get("path").asText()).startsWith("/orders/");
    }

    private static void awaitDecision(String ip, String reason) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode decision = send(
                    enforcement, "POST", "/v1/decisions", "{\"ip\":\"" + ip + "\",\"environmentId\":\"" + env + "\"}");
            if (reason.equals(decision.path("reason").asText())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("enforcement never answered " + reason);
    }

    private static void awaitEnvironmentKnownToAudit() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (request(audit, "GET", "/api/environments/" + env + "/blocked-attempts", null)
                            .statusCode()
                    == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("audit-service never learnt environment " + env);
    }

    private static JsonNode awaitTotal(int total) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode page = null;
        while (System.nanoTime() < deadline) {
            page = send(audit, "GET", "/api/environments/" + env + "/blocked-attempts?ip=10.0.0.0/8", null);
            if (page.path("total").asInt() == total) {
                return page;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("audit never held " + total + " attempts; last page: " + page);
    }

    private static JsonNode send(ServiceProcess service, String method, String path, String body) throws Exception {
        HttpResponse<String> response = request(service, method, path, body);
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> request(ServiceProcess service, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
