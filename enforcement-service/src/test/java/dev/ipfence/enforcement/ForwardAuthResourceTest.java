package dev.ipfence.enforcement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.events.Topic;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.RuleEvents;
import dev.ipfence.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The test profile trusts 127.0.0.1 as a proxy that appends to X-Forwarded-For (one trusted hop)
 * and turns the decision headers on; other loopback addresses are untrusted clients.
 */
@QuarkusTest
@QuarkusTestResource(IpfenceServers.class)
class ForwardAuthResourceTest {

    private final RuleEvents events = new RuleEvents();
    private UUID env;

    @BeforeEach
    void allowListOfOneNetwork() {
        env = events.environment();
        events.rule("environment", env, "203.0.113.0/24", "allow", List.of("http"));
        events.rule("environment", env, "127.0.0.10", "allow", List.of("http"));
        DecisionResourceTest.awaitDecision(
                env, "203.0.113.7", "http", r -> r.path("reason").equals("ALLOW_RULE"));
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void trustedProxyForwardsTheClientInXForwardedFor() {
        forwardAuth()
                .header("X-Forwarded-For", "203.0.113.7")
                .get("/v1/forward-auth?environmentId=" + env + "&trafficScope=http")
                .then()
                .statusCode(200)
                .header("X-Ipfence-Decision", "ALLOW")
                .header("X-Ipfence-Reason", "ALLOW_RULE")
                .header("X-Ipfence-Client-Ip", "203.0.113.7");
        forwardAuth()
                .header("X-Forwarded-For", "198.51.100.1")
                .get("/v1/forward-auth?environmentId=" + env + "&trafficScope=http")
                .then()
                .statusCode(403)
                .header("X-Ipfence-Decision", "DENY")
                .header("X-Ipfence-Reason", "NOT_ALLOWLISTED");
    }

    @Test
    void theClientIsTheRightmostEntryEvenWhenItIsInsideTheTrustedNetwork() {
        // the client wrote the left entry itself; the right one was added by the trusted proxy
        forwardAuth()
                .header("X-Forwarded-For", "203.0.113.7, 198.51.100.1")
                .get(url())
                .then()
                .statusCode(403)
                .header("X-Ipfence-Client-Ip", "198.51.100.1");
        // a client that shares the proxy's network is that client, not whatever it wrote before it
        forwardAuth()
                .header("X-Forwarded-For", "203.0.113.7, 127.0.0.1")
                .get(url())
                .then()
                .statusCode(403)
                .header("X-Ipfence-Reason", "NOT_ALLOWLISTED")
                .header("X-Ipfence-Client-Ip", "127.0.0.1");
        forwardAuth()
                .header("X-Forwarded-For", "198.51.100.1, 203.0.113.7")
                .get(url())
                .then()
                .statusCode(200)
                .header("X-Ipfence-Client-Ip", "203.0.113.7");
        // several header lines are one list, in order
        forwardAuth()
                .header("X-Forwarded-For", "198.51.100.1")
                .header("X-Forwarded-For", "203.0.113.7")
                .get(url())
                .then()
                .statusCode(200)
                .header("X-Ipfence-Client-Ip", "203.0.113.7");
        forwardAuth()
                .header("X-Forwarded-For", "203.0.113.7")
                .header("X-Forwarded-For", "198.51.100.1")
                .get(url())
                .then()
                .statusCode(403)
                .header("X-Ipfence-Client-Ip", "198.51.100.1");
    }

    @Test
    void aTrustedProxyThatSendsNoClientIsDeniedNotJudgedAsTheClient() {
        // the proxy's own address is allow-listed (as an internal network often is): judging the
        // proxy instead of its client would let every request through
        events.rule("environment", env, "127.0.0.1", "allow", List.of("http"));
        DecisionResourceTest.awaitDecision(
                env, "127.0.0.1", "http", r -> r.path("reason").equals("ALLOW_RULE"));
        forwardAuth()
                .get(url())
                .then()
                .statusCode(403)
                .header("X-Ipfence-Decision", "DENY")
                .header("X-Ipfence-Reason", "MISSING_CLIENT_IP")
                .header("X-Ipfence-Client-Ip", nullValue());
        // with the header, the same proxy forwards an allowed client
        forwardAuth()
                .header("X-Forwarded-For", "203.0.113.7")
                .get(url())
                .then()
                .statusCode(200)
                .header("X-Ipfence-Client-Ip", "203.0.113.7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"})
    void answersEveryMethodAProxyForwards(String method) {
        // Envoy's ext_authz asks with the method of the request it holds
        forwardAuth()
                .header("X-Forwarded-For", "203.0.113.7")
                .request(method, url())
                .then()
                .statusCode(200)
                .header("X-Ipfence-Decision", "ALLOW")
                .header("X-Ipfence-Reason", "ALLOW_RULE");
        forwardAuth()
                .header("X-Forwarded-For", "198.51.100.1")
                .request(method, url())
                .then()
                .statusCode(403)
                .header("X-Ipfence-Decision", "DENY")
                .header("X-Ipfence-Reason", "NOT_ALLOWLISTED");
    }

    @Test
    void aRequestWithABodyIsAnsweredToo() {
        forwardAuth()
                .header("X-Forwarded-For", "198.51.100.1")
                .contentType("application/json")
                .body("{\"order\": 1}")
                .post(url())
                .then()
                .statusCode(403)
                .header("X-Ipfence-Reason", "NOT_ALLOWLISTED");
    }

    @Test
    void malformedForwardedForIsADenyNeverAFallback() {
        for (String header :
                new String[] {"203.0.113.007", "203.0.113.7, garbage", "", "203.0.113.7,", "unknown", "203.0.113.7:443"
                }) {
            forwardAuth()
                    .header("X-Forwarded-For", header)
                    .get(url())
                    .then()
                    .statusCode(403)
                    .header("X-Ipfence-Reason", "BAD_CLIENT_IP");
        }
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItsHeadersSay() throws IOException {
        String allowedPeer = rawGet("127.0.0.10", url(), "X-Forwarded-For: 198.51.100.1");
        assertThat(allowedPeer).startsWith("HTTP/1.1 200").contains("X-Ipfence-Client-Ip: 127.0.0.10");
        String spoofing = rawGet("127.0.0.20", url(), "X-Forwarded-For: 203.0.113.7");
        assertThat(spoofing).startsWith("HTTP/1.1 403").contains("X-Ipfence-Client-Ip: 127.0.0.20");
    }

    @Test
    void badQueryParametersAreProblems() {
        forwardAuth()
                .get("/v1/forward-auth?environmentId=nope")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("environmentId"));
        forwardAuth().get("/v1/forward-auth").then().statusCode(400);
        forwardAuth()
                .get("/v1/forward-auth?environmentId=" + env + "&trafficScope=Bad Scope")
                .then()
                .statusCode(400);
    }

    @Test
    void everyDenyIsPublishedAndAFloodIsMergedWithACount() throws IOException {
        String ip = "198.51.100.77";
        for (int i = 0; i < 50; i++) {
            forwardAuth()
                    .header("X-Forwarded-For", ip)
                    .header("X-Forwarded-Method", "POST")
                    .header("X-Forwarded-Uri", "/login?next=/admin")
                    .header("X-Forwarded-Host", "shop.example")
                    .get(url())
                    .then()
                    .statusCode(403);
        }
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(
                Topic.BLOCKED_ATTEMPTS.topicName(), Duration.ofSeconds(30), read -> countFor(read, ip) >= 50);
        List<JsonNode> mine = records.stream()
                .filter(r -> env.toString().equals(r.key()))
                .map(ForwardAuthResourceTest::json)
                .filter(e -> e.get("ip").asText().equals(ip))
                .toList();
        assertThat(mine.stream().mapToLong(e -> e.get("count").asLong()).sum()).isEqualTo(50);
        assertThat(mine.size())
                .as("50 identical attempts within the window merge into few events")
                .isLessThan(10);
        JsonNode first = mine.get(0);
        assertThat(first.get("method").asText()).isEqualTo("POST");
        assertThat(first.get("path").asText()).isEqualTo("/login?next=/admin");
        assertThat(first.get("target").asText()).isEqualTo("shop.example");
        assertThat(first.get("environmentId").asText()).isEqualTo(env.toString());
        assertThat(first.get("orgId").asText()).isEqualTo(events.org.toString());
        assertThat(first.get("trafficScope").asText()).isEqualTo("http");
        assertThat(first.get("reason").asText()).isEqualTo("NOT_ALLOWLISTED");
        assertThat(first.get("timestamp").asText()).isNotBlank();
        assertThat(TopicReader.header(
                        records.stream()
                                .filter(r -> env.toString().equals(r.key()))
                                .findFirst()
                                .get(),
                        "ce_type"))
                .isEqualTo("dev.ipfence.blocked-attempt");
    }

    private String url() {
        return "/v1/forward-auth?environmentId=" + env + "&trafficScope=http";
    }

    private static io.restassured.specification.RequestSpecification forwardAuth() {
        return given();
    }

    private static long countFor(List<ConsumerRecord<String, byte[]>> records, String ip) {
        return records.stream()
                .filter(r -> r.value() != null)
                .map(ForwardAuthResourceTest::json)
                .filter(e -> e.path("ip").asText().equals(ip))
                .mapToLong(e -> e.get("count").asLong())
                .sum();
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        try {
            return new ObjectMapper().readTree(record.value());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A GET sent from a chosen loopback address, so the service sees that address as the peer. */
    static String rawGet(String from, String path, String... headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5000);
            socket.setSoTimeout(5000);
            StringBuilder request =
                    new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
