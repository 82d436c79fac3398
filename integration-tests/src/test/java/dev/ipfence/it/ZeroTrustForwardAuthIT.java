package dev.ipfence.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zero-trust access through a real nginx: the user's bearer token reaches forward-auth in the
 * {@code auth_request} sub-request (nginx passes the client's headers, {@code Authorization}
 * included, to it by default), each location names its resource in the forward-auth URL, and the
 * group, admission rules and policies are created through rule-service's API and carried by Kafka.
 * Clients are loopback addresses: 127.0.0.10 is inside the policy's {@code sourceIps},
 * 127.0.0.20 is not; nginx itself (127.0.0.1) is the one trusted proxy.
 */
class ZeroTrustForwardAuthIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSIDE = "127.0.0.10";
    private static final String OUTSIDE = "127.0.0.20";
    private static final UUID ORG = UUID.randomUUID();
    private static final String ADMIN = TestTokens.admin(ORG);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private static ServiceProcess rules;
    private static ServiceProcess enforcement;
    private static Nginx nginx;
    private static String policyId;
    private static String env;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("ipfence.root", ".."));
        rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", Map.of());
        enforcement = ServiceProcess.start(
                root,
                "enforcement-service",
                null,
                Map.of(
                        "IPFENCE_TRUSTED_PROXIES", "127.0.0.1/32",
                        // nginx copies the reason into the client's answer, so that each denial says why
                        "IPFENCE_FORWARD_AUTH_DECISION_HEADERS", "true"));
        String project =
                post("/api/projects", "{\"name\":\"intranet\"}").get("id").asText();
        env = post("/api/projects/" + project + "/environments", "{\"name\":\"prod\"}")
                .get("id")
                .asText();

        String engineering = post(
                        "/api/tenants/groups",
                        "{\"name\":\"engineering\",\"maxDevices\":5,\"idpMapping\":[\"engineering\"]}")
                .get("id")
                .asText();
        String department = post(
                        "/api/tenants/admission-rules",
                        "{\"name\":\"engineers\",\"type\":\"ALLOW\",\"rule\":\"user.department == 'Engineering'\","
                                + "\"hasTimeConstraint\":false}")
                .get("id")
                .asText();
        policyId = post("/api/tenants/policies", policy("wiki for engineers", engineering, "wiki", department, true))
                .get("id")
                .asText();

        // the same condition, on a day two days from now (UTC): never the current day while this runs
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        DayOfWeek otherDay = now.getDayOfWeek().plus(2);
        String notToday = timedRule("engineers, another day", "[\"" + otherDay + "\"]", "00:00", "23:59");
        post("/api/tenants/policies", policy("reports on another day", engineering, "reports", notToday, false));
        // and, as the control, every day from two hours ago to two hours from now (across midnight if need be)
        String aroundNow = timedRule(
                "engineers, around now",
                "[\"MONDAY\",\"TUESDAY\",\"WEDNESDAY\",\"THURSDAY\",\"FRIDAY\",\"SATURDAY\",\"SUNDAY\"]",
                now.toLocalTime().minusHours(2).format(HH_MM),
                now.toLocalTime().plusHours(2).format(HH_MM));
        post("/api/tenants/policies", policy("status around now", engineering, "status", aroundNow, false));

        int upstream = ServiceProcess.freePort();
        int proxy = ServiceProcess.freePort();
        StringBuilder locations = new StringBuilder();
        for (String resource : new String[] {"wiki", "reports", "status"}) {
            locations.append("""
                        location /%1$s/ {
                          auth_request /_ipfence/%1$s;
                          auth_request_set $ipfence_reason $upstream_http_x_ipfence_reason;
                          add_header X-Ipfence-Reason $ipfence_reason always;
                          proxy_pass http://127.0.0.1:%2$d;
                        }
                        location = /_ipfence/%1$s {
                          internal;
                          proxy_pass http://127.0.0.1:%3$d/v1/forward-auth?environmentId=%4$s&resourceId=%1$s&gateway=edge-nginx;
                          proxy_pass_request_body off;
                          proxy_set_header Content-Length "";
                          proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                          proxy_set_header X-Forwarded-Method $request_method;
                          proxy_set_header X-Original-URI $request_uri;
                          proxy_set_header X-Forwarded-Host $host;
                        }
                    """.formatted(resource, upstream, enforcement.port(), env));
        }
        nginx = Nginx.start("nginx-zero-trust", proxy, """
                  server {
                    listen 127.0.0.1:%d;
                    location / { return 200 "hello from upstream\\n"; }
                  }
                  server {
                    listen 127.0.0.1:%d;
                  %s
                  }
                """.formatted(upstream, proxy, locations));
        // before a policy arrives, the IP decision (no rules: NO_RULES) allows: wait for each policy
        awaitReason(INSIDE, "/wiki/", token("alice", "Engineering"), "POLICY_ALLOW", 30_000);
        awaitReason(INSIDE, "/status/", token("alice", "Engineering"), "POLICY_ALLOW", 30_000);
        awaitReason(INSIDE, "/reports/", token("alice", "Engineering"), "NO_POLICY", 30_000);
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
    void anEngineerFromAnAllowedSourceReachesTheApp() throws IOException {
        String answer = get(INSIDE, "/wiki/page", token("alice", "Engineering"));
        assertThat(answer).startsWith("HTTP/1.1 200").contains("hello from upstream");
        assertThat(reason(answer)).isEqualTo("POLICY_ALLOW");
    }

    @Test
    void aUserOfAnotherDepartmentIsDenied() throws IOException {
        String answer = get(INSIDE, "/wiki/page", token("bob", "Sales"));
        assertThat(answer).startsWith("HTTP/1.1 403").doesNotContain("hello from upstream");
        assertThat(reason(answer)).isEqualTo("NO_POLICY");
    }

    @Test
    void withoutATokenTheRequestIsAnonymousAndDenied() throws IOException {
        String answer = get(INSIDE, "/wiki/page", null);
        assertThat(answer).startsWith("HTTP/1.1 403").doesNotContain("hello from upstream");
        assertThat(reason(answer)).isEqualTo("NO_POLICY");
        // nor does a token the service cannot verify make a user
        String forged = get(
                INSIDE,
                "/wiki/page",
                TestTokens.builder()
                        .org(ORG)
                        .subject("mallory")
                        .roles("engineering")
                        .claim("department", "Engineering")
                        .signedByUnknownKey()
                        .sign());
        assertThat(forged).startsWith("HTTP/1.1 403");
        assertThat(reason(forged)).isEqualTo("NO_POLICY");
    }

    @Test
    void anEngineerFromOutsideTheSourceAddressesIsDenied() throws IOException {
        String answer = get(OUTSIDE, "/wiki/page", token("alice", "Engineering"));
        assertThat(answer).startsWith("HTTP/1.1 403").doesNotContain("hello from upstream");
        assertThat(reason(answer)).isEqualTo("NO_POLICY");
    }

    @Test
    void anAdmissionRuleOutsideItsTimeWindowDeniesAndInsideItAllows() throws IOException {
        String outside = get(INSIDE, "/reports/q3", token("alice", "Engineering"));
        assertThat(outside).startsWith("HTTP/1.1 403").doesNotContain("hello from upstream");
        assertThat(reason(outside)).isEqualTo("NO_POLICY");
        String inside = get(OUTSIDE, "/status/", token("alice", "Engineering"));
        assertThat(inside).startsWith("HTTP/1.1 200").contains("hello from upstream");
        assertThat(reason(inside)).isEqualTo("POLICY_ALLOW");
    }

    @Test
    void theAllowNamesItsPolicyToTheProxy() throws Exception {
        // straight to forward-auth from the proxy's address, as nginx asks
        String answer = send(
                "127.0.0.1",
                enforcement.port(),
                "/v1/forward-auth?environmentId=" + env + "&resourceId=wiki",
                "X-Forwarded-For: " + INSIDE,
                "Authorization: Bearer " + token("alice", "Engineering"));
        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(header(answer, "X-Ipfence-Policy-Id")).isEqualTo(policyId);
        assertThat(header(answer, "X-Ipfence-Reason")).isEqualTo("POLICY_ALLOW");
    }

    private static String token(String subject, String department) {
        return TestTokens.builder()
                .org(ORG)
                .subject(subject)
                .roles("engineering")
                .claim("email", subject + "@example.com")
                .claim("department", department)
                .sign();
    }

    private static String policy(String name, String group, String resource, String rule, boolean sourceIps) {
        return "{\"name\":\"" + name + "\",\"groups\":[\"" + group + "\"],\"resources\":[\"" + resource
                + "\"],\"sourceIps\":" + (sourceIps ? "[\"" + INSIDE + "\"]" : "[]")
                + ",\"type\":\"PRIVATE\",\"action\":true,\"rule\":\"" + rule + "\"}";
    }

    private static String timedRule(String name, String days, String start, String end) throws Exception {
        return post(
                        "/api/tenants/admission-rules",
                        "{\"name\":\"" + name + "\",\"type\":\"ALLOW\",\"rule\":\"user.department == 'Engineering'\","
                                + "\"hasTimeConstraint\":true,\"timeWindow\":{\"daysOfWeek\":" + days
                                + ",\"startTime\":\"" + start + "\",\"endTime\":\"" + end
                                + "\",\"timeZone\":\"UTC\"}}")
                .get("id")
                .asText();
    }

    private static JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(rules.url() + path))
                        .header("Authorization", "Bearer " + ADMIN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private static void awaitReason(String client, String path, String token, String reason, long timeoutMillis)
            throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        String last = null;
        while (System.nanoTime() < deadline) {
            last = get(client, path, token);
            if (reason.equals(reason(last))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + reason + " for " + path + " within " + timeoutMillis + " ms; last: " + last);
    }

    /** A GET through nginx from a chosen loopback address, with {@code token} (null: none). */
    private static String get(String from, String path, String token) throws IOException {
        return token == null
                ? send(from, nginx.port(), path)
                : send(from, nginx.port(), path, "Authorization: Bearer " + token);
    }

    private static String reason(String answer) {
        return header(answer, "X-Ipfence-Reason");
    }

    private static String header(String answer, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return answer.lines()
                .takeWhile(line -> !line.isEmpty())
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(line -> line.substring(prefix.length()).trim())
                .findFirst()
                .orElse(null);
    }

    /** One HTTP/1.1 GET sent from a chosen loopback address; the whole response as text. */
    private static String send(String from, int port, String path, String... headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            StringBuilder request =
                    new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: intranet.example\r\nConnection: close\r\n");
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
