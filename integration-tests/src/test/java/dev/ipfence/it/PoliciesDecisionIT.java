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

/** The seed 001 and 002 views, observed where they matter: in enforcement-service's decisions. */
class PoliciesDecisionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = TestTokens.admin(UUID.randomUUID());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ServiceProcess rules;
    private static ServiceProcess enforcement;
    private static String env;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("ipfence.root", ".."));
        rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", Map.of());
        enforcement = ServiceProcess.start(root, "enforcement-service", null, Map.of());
        String project = send(rules, "POST", "/api/projects", "{\"name\":\"shop\"}")
                .get("id")
                .asText();
        env = send(rules, "POST", "/api/projects/" + project + "/environments", "{\"name\":\"prod\"}")
                .get("id")
                .asText();
    }

    @AfterAll
    static void stop() {
        if (enforcement != null) {
            enforcement.close();
        }
        if (rules != null) {
            rules.close();
        }
    }

    @Test
    void aPolicyWithTtlStopsMatchingWhenItExpiresWithoutAnyEvent() throws Exception {
        String ip = "203.0.113.99";
        long created = System.nanoTime();
        send(rules, "POST", "/api/addresses", "{\"ipAddress\":\"" + ip + "\",\"policy\":\"deny\",\"ttl\":2}");
        awaitReason(ip, null, "DENY_RULE", Duration.ofSeconds(5));
        awaitReason(ip, null, "NO_RULES", Duration.ofSeconds(5));
        double seconds = (System.nanoTime() - created) / 1e9;
        assertThat(seconds).as("expiry takes effect at 2 s, not before").isGreaterThanOrEqualTo(1.9);
        assertThat(seconds).as("and not much after").isLessThan(3.5);
    }

    @Test
    void aLoginRangeAdmitsItsEndsAndDeniesJustOutsideThemForIpv4AndIpv6() throws Exception {
        send(
                rules,
                "POST",
                "/api/global/loginIpAllowlists",
                "{\"ipRangeFrom\":\"192.0.2.10\",\"ipRangeTo\":\"192.0.2.20\"}");
        send(
                rules,
                "POST",
                "/api/global/loginIpAllowlists",
                "{\"ipRangeFrom\":\"2001:db8::a\",\"ipRangeTo\":\"2001:db8::1:0\"}");
        awaitReason("192.0.2.10", "login", "ALLOW_RULE", Duration.ofSeconds(10));
        awaitReason("2001:db8::a", "login", "ALLOW_RULE", Duration.ofSeconds(10));

        for (String inside : new String[] {
            "192.0.2.10",
            "192.0.2.15",
            "192.0.2.20",
            "2001:db8::a",
            "2001:db8::ffff",
            "2001:db8::1:0",
            "::ffff:192.0.2.20"
        }) {
            assertThat(decide(inside, "login").get("decision").asText())
                    .as(inside)
                    .isEqualTo("ALLOW");
        }
        for (String outside : new String[] {"192.0.2.9", "192.0.2.21", "2001:db8::9", "2001:db8::1:1"}) {
            JsonNode decision = decide(outside, "login");
            assertThat(decision.get("decision").asText()).as(outside).isEqualTo("DENY");
            assertThat(decision.get("reason").asText()).as(outside).isEqualTo("NOT_ALLOWLISTED");
        }
        // the login allow list applies to login traffic only
        assertThat(decide("198.51.100.1", "http").get("reason").asText()).isEqualTo("NO_RULES");
    }

    private static void awaitReason(String ip, String trafficScope, String reason, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = decide(ip, trafficScope);
            if (reason.equals(last.path("reason").asText())) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("never " + reason + " for " + ip + "; last " + last);
    }

    private static JsonNode decide(String ip, String trafficScope) throws Exception {
        String scope = trafficScope == null ? "" : ",\"trafficScope\":\"" + trafficScope + "\"";
        return send(
                enforcement,
                "POST",
                "/v1/decisions",
                "{\"ip\":\"" + ip + "\",\"environmentId\":\"" + env + "\"" + scope + "}");
    }

    private static JsonNode send(ServiceProcess service, String method, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(service.url() + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isBetween(200, 299);
        return JSON.readTree(response.body());
    }
}
