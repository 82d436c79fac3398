package dev.ipfence.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.testing.DevServersProcess;
import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path a customer's request takes: client -> nginx ({@code auth_request}) ->
 * enforcement-service forward-auth, with rules managed at rule-service and carried by Kafka.
 * Clients are loopback addresses: 127.0.0.10 is allow-listed, 127.0.0.20 is not. enforcement
 * trusts all of 127.0.0.0/8, so the clients share the proxy's trusted network (as pods in a
 * cluster that trusts its pod network do): only the hop count keeps their own X-Forwarded-For
 * out. Everything else is as shipped: one trusted hop, no decision headers.
 */
class ForwardAuthThroughNginxIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALLOWED = "127.0.0.10";
    private static final String OTHER = "127.0.0.20";
    private static final UUID ORG = UUID.randomUUID();
    private static final String TOKEN = TestTokens.admin(ORG);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final String PROXY = "127.0.0.1";

    private static ServiceProcess rules;
    private static ServiceProcess enforcement;
    private static Nginx nginx;
    /** A server of the same nginx whose auth location forgets X-Forwarded-For. */
    private static int forgetfulProxy;

    private static UUID env;
    private static int forwardAuthPort;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("ipfence.root", ".."));
        rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", Map.of());
        // the proxy that forwards the client calls the forward-auth port (as the manifests' examples
        // do), the forgetful one the main port: nginx meets both listeners
        forwardAuthPort = ServiceProcess.freePort();
        enforcement = ServiceProcess.start(
                root,
                "enforcement-service",
                null,
                Map.of(
                        "IPFENCE_TRUSTED_PROXIES",
                        "127.0.0.0/8",
                        "IPFENCE_FORWARD_AUTH_PORT",
                        Integer.toString(forwardAuthPort)));
        String project = post("/api/projects", "{\"name\":\"shop\"}").get("id").asText();
        env = UUID.fromString(post("/api/projects/" + project + "/environments", "{\"name\":\"prod\"}")
                .get("id")
                .asText());
        post(
                "/api/environments/" + env + "/ip-access-rules",
                "{\"cidr\":\"" + ALLOWED + "\",\"trafficScopes\":[\"http\"],\"label\":\"office\"}");
        // the proxy's own address is allow-listed too (as an internal network often is), so that
        // judging the proxy instead of its client would let the request through
        post(
                "/api/environments/" + env + "/ip-access-rules",
                "{\"cidr\":\"" + PROXY + "\",\"trafficScopes\":[\"http\"],\"label\":\"proxies\"}");

        int upstream = ServiceProcess.freePort();
        int proxy = ServiceProcess.freePort();
        forgetfulProxy = ServiceProcess.freePort();
        nginx = Nginx.start("nginx-forward-auth", proxy, """
                  server {
                    listen 127.0.0.1:%d;
                    location / { return 200 "hello from upstream\\n"; }
                  }
                  server {
                    listen 127.0.0.1:%d;
                    location / {
                      auth_request /_ipfence;
                      proxy_pass http://127.0.0.1:%d;
                    }
                    location = /_ipfence {
                      internal;
                      proxy_pass http://127.0.0.1:%d/v1/forward-auth?environmentId=%s&trafficScope=http;
                      proxy_pass_request_body off;
                      proxy_set_header Content-Length "";
                      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                      proxy_set_header X-Forwarded-Method $request_method;
                      proxy_set_header X-Original-URI $request_uri;
                      proxy_set_header X-Forwarded-Host $host;
                    }
                  }
                  server {
                    listen 127.0.0.1:%d;
                    location / {
                      auth_request /_ipfence;
                      proxy_pass http://127.0.0.1:%d;
                    }
                    location = /_ipfence {
                      internal;
                      proxy_pass http://127.0.0.1:%d/v1/forward-auth?environmentId=%s&trafficScope=http;
                      proxy_pass_request_body off;
                      proxy_set_header Content-Length "";
                    }
                  }
                """.formatted(
                upstream, proxy, upstream, forwardAuthPort, env, forgetfulProxy, upstream, enforcement.port(), env));
        awaitStatus(ALLOWED, 200, 20_000);
        awaitDecision(PROXY, "ALLOW_RULE", 20_000);
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (enforcement != null) {
            enforcement.close();
        }
        if (rules != null) {
            rules.close();
        }
    }

    @Test
    void allowListedClientReachesTheAppAndOthersAreDenied() throws IOException {
        String allowed = get(ALLOWED);
        assertThat(allowed).startsWith("HTTP/1.1 200").contains("hello from upstream");
        String denied = get(OTHER);
        assertThat(denied).startsWith("HTTP/1.1 403").doesNotContain("hello from upstream");
    }

    @Test
    void aClientsOwnXForwardedForChangesNothingEvenInsideTheTrustedNetwork() throws IOException {
        // nginx appends the real peer after whatever the client wrote; skipping every trusted
        // entry (all of loopback here) would have reached the allow-listed address it wrote
        assertThat(get(OTHER, "X-Forwarded-For: " + ALLOWED)).startsWith("HTTP/1.1 403");
        assertThat(get(OTHER, "X-Forwarded-For: " + ALLOWED + ", " + ALLOWED)).startsWith("HTTP/1.1 403");
        assertThat(get(OTHER, "X-Forwarded-For: 203.0.113.7", "X-Forwarded-For: " + ALLOWED))
                .startsWith("HTTP/1.1 403");
        assertThat(get(OTHER, "X-Forwarded-For: garbage")).startsWith("HTTP/1.1 403");
        // and the allow-listed client stays allowed whatever it writes
        assertThat(get(ALLOWED, "X-Forwarded-For: " + OTHER)).startsWith("HTTP/1.1 200");
    }

    @Test
    void aProxyThatSendsNoXForwardedForIsDeniedNotJudgedAsTheClient() throws Exception {
        // the proxy's own address is allow-listed; judging it instead of its client would allow
        assertThat(decision(PROXY)).isEqualTo("ALLOW ALLOW_RULE");
        assertThat(get(ALLOWED, forgetfulProxy)).startsWith("HTTP/1.1 403");
        assertThat(get(OTHER, forgetfulProxy)).startsWith("HTTP/1.1 403");
    }

    @Test
    void aDenialTellsTheProxyOnlyItsStatusWhateverTheMethod() throws IOException {
        // as Envoy's ext_authz asks: the original method, X-Forwarded-For with the client appended
        for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD")) {
            String denied = forwardAuth(method, OTHER);
            assertThat(denied).as(method).startsWith("HTTP/1.1 403");
            assertThat(denied.lines().takeWhile(line -> !line.isEmpty()))
                    .as("headers of a %s denial", method)
                    .noneMatch(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("x-ipfence"));
            String allowed = forwardAuth(method, ALLOWED);
            assertThat(allowed).as(method).startsWith("HTTP/1.1 200");
            assertThat(allowed.lines().takeWhile(line -> !line.isEmpty()))
                    .noneMatch(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("x-ipfence"));
        }
    }

    @Test
    void aRuleChangeTakesEffectThroughTheProxyWithinMilliseconds() throws Exception {
        changeAndMeasure(5_000); // the first change also warms up every code path on the way
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            millis.add(changeAndMeasure(5_000));
        }
        System.out.println("rule change to changed decision through nginx, ms: " + millis);
        Collections.sort(millis);
        assertThat(millis.get(millis.size() / 2)).as("median of %s", millis).isLessThan(100);
        assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(1_000));
    }

    @Test
    void restartingEnforcementKeepsTheSameDecisions() throws Exception {
        enforcement.restart();
        assertThat(get(ALLOWED)).startsWith("HTTP/1.1 200");
        assertThat(get(OTHER)).startsWith("HTTP/1.1 403");
    }

    @Test
    void withKafkaDownEnforcementAnswersFromItsLastSnapshot() throws Exception {
        DevServersProcess servers = DevServersProcess.shared();
        servers.stopKafka();
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(get(ALLOWED)).startsWith("HTTP/1.1 200");
                assertThat(get(OTHER)).startsWith("HTTP/1.1 403");
            }
        } finally {
            servers.startKafka();
            // leave the pipeline as the other tests expect it, whatever runs next: changes flow again
            changeAndMeasure(60_000);
        }
    }

    /**
     * Allows 127.0.0.20, waits (at most {@code timeoutMillis} each) for the first 200, then deletes
     * the rule and waits for the 403. Returns the first delay.
     */
    private static long changeAndMeasure(long timeoutMillis) throws Exception {
        JsonNode rule = post(
                "/api/environments/" + env + "/ip-access-rules",
                "{\"cidr\":\"" + OTHER + "\",\"trafficScopes\":[\"http\"]}");
        long created = System.nanoTime();
        awaitStatus(OTHER, 200, timeoutMillis);
        long elapsed = (System.nanoTime() - created) / 1_000_000;
        HttpResponse<String> deleted = HTTP.send(
                HttpRequest.newBuilder(URI.create(rules.url() + "/api/environments/" + env + "/ip-access-rules/"
                                + rule.get("id").asText()))
                        .header("Authorization", "Bearer " + TOKEN)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        awaitStatus(OTHER, 403, timeoutMillis);
        return elapsed;
    }

    private static void awaitStatus(String client, int status, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        String last = null;
        while (System.nanoTime() < deadline) {
            last = get(client);
            if (last.startsWith("HTTP/1.1 " + status)) {
                return;
            }
        }
        throw new AssertionError("no " + status + " for " + client + " within " + timeoutMillis + " ms; last: " + last);
    }

    private static JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(rules.url() + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    /** A GET through nginx sent from a chosen loopback address. */
    private static String get(String from, String... headers) throws IOException {
        return send(from, nginx.port(), "GET", "/orders", headers);
    }

    /** A GET through the nginx server that forgets X-Forwarded-For. */
    private static String get(String from, int port) throws IOException {
        return send(from, port, "GET", "/orders");
    }

    /** Straight to forward-auth from the proxy's address, as Envoy's ext_authz asks for {@code client}. */
    private static String forwardAuth(String method, String client) throws IOException {
        return send(
                PROXY,
                enforcement.port(),
                method,
                "/v1/forward-auth?environmentId=" + env + "&trafficScope=http&path=/orders",
                "X-Forwarded-For: " + client,
                "Content-Length: 0");
    }

    /** "DECISION REASON" for {@code ip} from the decision endpoint. */
    private static String decision(String ip) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(enforcement.url() + "/v1/decisions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"ip\":\"" + ip + "\",\"environmentId\":\"" + env + "\",\"trafficScope\":\"http\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        return body.get("decision").asText() + " " + body.get("reason").asText();
    }

    private static void awaitDecision(String ip, String reason, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        String last = null;
        while (System.nanoTime() < deadline) {
            last = decision(ip);
            if (last.endsWith(" " + reason)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + reason + " for " + ip + " within " + timeoutMillis + " ms; last: " + last);
    }

    /** One HTTP/1.1 request sent from a chosen loopback address; the whole response as text. */
    private static String send(String from, int port, String method, String path, String... headers)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            StringBuilder request =
                    new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
