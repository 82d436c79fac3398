package dev.ipfence.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The bad-input catalogue of issue 14 against the packaged services: each input a named case with
 * its exact answer (400/401/403/413 problem+json naming the field and quoting the value, never a
 * 500), and nothing written.
 */
class BadInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final UUID ORG = UUID.randomUUID();
    private static final String TOKEN = TestTokens.admin(ORG);
    private static final String TEN_KB = "1".repeat(10 * 1024);
    private static final List<String> SQL = List.of(
            "' or 1=1 --",
            "\"; drop table ip_rule; --",
            "1); delete from ip_rule where (1=1",
            "x' union select * from change_log --");

    private static ServiceProcess rules;
    private static ServiceProcess enforcement;
    private static ServiceProcess audit;
    private static String project;
    private static String envRejects;
    private static String envAccepts;
    private static String envDecides;
    private static String envMapped;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("ipfence.root", ".."));
        rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", Map.of());
        enforcement = ServiceProcess.start(root, "enforcement-service", null, Map.of());
        audit = ServiceProcess.start(root, "audit-service", "ipfence_audit", Map.of());
        project = ok(rules, "POST", "/api/projects", "{\"name\":\"bad-input\"}")
                .get("id")
                .asText();
        envRejects = environment("rejects");
        envAccepts = environment("accepts");
        envDecides = environment("decides");
        envMapped = environment("mapped");
        ok(
                rules,
                "POST",
                "/api/environments/" + envMapped + "/ip-access-rules",
                "{\"cidr\":\"10.0.0.0/8\",\"action\":\"deny\"}");
        await(
                "enforcement knows the empty environment",
                () -> "NO_RULES"
                        .equals(decide(envDecides, "192.0.2.1").path("reason").asText()));
        await(
                "enforcement knows the deny rule",
                () -> "DENY_RULE"
                        .equals(decide(envMapped, "10.1.2.3").path("reason").asText()));
        await(
                "audit knows the environment",
                () -> call(audit, "GET", "/api/environments/" + envDecides + "/blocked-attempts", TOKEN, null)
                                .statusCode()
                        == 200);
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess service : new ServiceProcess[] {audit, enforcement, rules}) {
            if (service != null) {
                service.close();
            }
        }
    }

    // --- addresses ---------------------------------------------------------------------------------

    /** Name, value: every form the access model rejects. */
    static Map<String, String> badAddresses() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("leading zero in the first octet", "010.0.0.1");
        cases.put("leading zero in the last octet", "10.0.0.01");
        cases.put("octal-looking octet", "0177.0.0.1");
        cases.put("hex octet", "0x0a.0.0.1");
        cases.put("hex integer", "0xa000001");
        cases.put("decimal integer", "167772161");
        cases.put("shorthand 10.1", "10.1");
        cases.put("shorthand 10.0.1", "10.0.1");
        cases.put("five octets", "1.2.3.4.5");
        cases.put("empty octet", "1..2.3");
        cases.put("octet out of range", "256.0.0.1");
        cases.put("negative octet", "-1.0.0.0");
        cases.put("IPv4 prefix out of range", "10.0.0.0/33");
        cases.put("IPv6 prefix out of range", "2001:db8::/129");
        cases.put("prefix with a leading zero", "10.0.0.0/08");
        cases.put("negative prefix", "10.0.0.0/-1");
        cases.put("empty prefix", "10.0.0.0/");
        cases.put("two prefixes", "10.0.0.0/8/8");
        cases.put("zone id", "fe80::1%eth0");
        cases.put("zone id, URL-encoded", "fe80::1%25eth0");
        cases.put("brackets", "[2001:db8::1]");
        cases.put("brackets with a prefix", "[2001:db8::]/32");
        cases.put("address with a port", "192.0.2.1:80");
        cases.put("two double colons", "2001:db8::1::1");
        cases.put("triple colon", "2001:db8:::1");
        cases.put("IPv6 group too long", "12345::1");
        cases.put("IPv6 non-hex digit", "g::1");
        cases.put("IPv6 nine groups", "1:2:3:4:5:6:7:8:9");
        cases.put("IPv4 host bits", "10.0.0.5/24");
        cases.put("IPv6 host bits", "2001:db8::1/32");
        cases.put("empty", "");
        cases.put("blank", " ");
        cases.put("leading space", " 10.0.0.1");
        cases.put("trailing space", "10.0.0.1 ");
        cases.put("trailing tab", "10.0.0.1\t");
        cases.put("trailing newline", "10.0.0.1\n");
        cases.put("inner space", "10.0.0.0 /8");
        cases.put("fullwidth digits", "\uff11.2.3.4");
        cases.put("Arabic-Indic digits", "\u0661\u0660.\u0660.\u0660.\u0661");
        cases.put("Devanagari digits", "\u0967.\u0968.\u0969.\u096a");
        cases.put("NUL", "10.0.0.1\u0000");
        cases.put("NUL inside", "10.0\u0000.0.1");
        cases.put("escape character", "\u001b[31m10.0.0.1");
        cases.put("DEL", "10.0.0.1\u007f");
        cases.put("zero-width space", "10.0.0.1\u200b");
        cases.put("right-to-left override", "\u202e10.0.0.1");
        cases.put("10 KB of digits", TEN_KB);
        cases.put("10 KB of IPv6 groups", "1:".repeat(5 * 1024));
        cases.put("SQL text", SQL.get(0));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> badAddressesOnRuleCreateAre400NamingTheFieldAndTheValue() {
        List<DynamicTest> tests = new ArrayList<>();
        badAddresses()
                .forEach((name, value) -> tests.add(dynamicTest(name, () -> {
                    assertRejected(
                            call(
                                    rules,
                                    "POST",
                                    "/api/environments/" + envRejects + "/ip-access-rules",
                                    TOKEN,
                                    body("cidr", value)),
                            "cidr",
                            value);
                    assertRejected(
                            call(rules, "POST", "/api/addresses", TOKEN, body("ipAddress", value, "policy", "deny")),
                            "ipAddress",
                            value);
                    assertRejected(
                            call(
                                    rules,
                                    "POST",
                                    "/api/global/loginIpAllowlists",
                                    TOKEN,
                                    body("ipRangeFrom", value, "ipRangeTo", "192.0.2.9")),
                            "ipRangeFrom",
                            value);
                    assertRejected(
                            call(
                                    rules,
                                    "POST",
                                    "/api/global/loginIpAllowlists",
                                    TOKEN,
                                    body("ipRangeFrom", "192.0.2.1", "ipRangeTo", value)),
                            "ipRangeTo",
                            value);
                    assertRejected(
                            call(
                                    rules,
                                    "POST",
                                    "/api/environments/" + envRejects + "/ip-access-rules",
                                    TOKEN,
                                    JSON.writeValueAsString(Map.of("range", Map.of("from", "192.0.2.1", "to", value)))),
                            "range.to",
                            value);
                })));
        tests.add(dynamicTest("nothing was written", () -> {
            assertThat(ok(rules, "GET", "/api/environments/" + envRejects + "/ip-access-rules", null)
                            .path("rules"))
                    .isEmpty();
            assertThat(ok(rules, "GET", "/api/global/loginIpAllowlists", null).toString())
                    .doesNotContain("192.0.2.9");
            assertThat(ok(rules, "GET", "/api/addresses?limit=1000", null).toString())
                    .doesNotContain("\"deny\"");
        }));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> badClientAddressesAreDenyBadClientIpNever400() {
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, String> cases = new LinkedHashMap<>(badAddresses());
        cases.put("a network, not an address", "10.0.0.0/8");
        cases.put("an IPv6 network, not an address", "2001:db8::/32");
        cases.forEach((name, value) -> tests.add(dynamicTest(name, () -> {
            HttpResponse<String> response = call(
                    enforcement,
                    "POST",
                    "/v1/decisions",
                    null,
                    JSON.writeValueAsString(Map.of("ip", value, "environmentId", envDecides)));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode decision = JSON.readTree(response.body());
            assertThat(decision.path("decision").asText()).as(response.body()).isEqualTo("DENY");
            assertThat(decision.path("reason").asText()).as(response.body()).isEqualTo("BAD_CLIENT_IP");
        })));
        tests.add(dynamicTest("a missing ip", () -> {
            JsonNode decision = ok(enforcement, "POST", "/v1/decisions", "{\"environmentId\":\"" + envDecides + "\"}");
            assertThat(decision.path("reason").asText()).isIn("BAD_CLIENT_IP", "MISSING_CLIENT_IP");
            assertThat(decision.path("decision").asText()).isEqualTo("DENY");
        }));
        tests.add(dynamicTest("unpaired surrogates (JSON escapes) in the address and the path", () -> {
            JsonNode decision = ok(
                    enforcement,
                    "POST",
                    "/v1/decisions",
                    "{\"ip\":\"10.0.0.1\\ud800\",\"environmentId\":\"" + envDecides
                            + "\",\"method\":\"GET\\u0000\",\"path\":\"/\\udc00\\u0000\"}");
            assertThat(decision.path("reason").asText()).isEqualTo("BAD_CLIENT_IP");
        }));
        tests.add(dynamicTest("audit records every one of them, escaped, and keeps recording", () -> {
            String attempts = "/api/environments/" + envDecides + "/blocked-attempts";
            await(
                    "audit stores the bad client addresses",
                    () -> ok(audit, "GET", attempts, null).path("total").asLong() >= cases.size());
            for (JsonNode attempt :
                    ok(audit, "GET", attempts + "?limit=100", null).path("attempts")) {
                assertThat(attempt.path("ip").asText().chars().noneMatch(c -> c < 0x20))
                        .as("stored address %s", attempt.path("ip"))
                        .isTrue();
            }
            long before = ok(audit, "GET", attempts, null).path("total").asLong();
            decide(envDecides, "not-an-address-after-the-flood");
            await(
                    "audit still stores",
                    () -> ok(audit, "GET", attempts, null).path("total").asLong() > before);
        }));
        tests.add(dynamicTest(
                "a good address is still allowed (control)",
                () -> assertThat(
                                decide(envDecides, "192.0.2.1").path("decision").asText())
                        .isEqualTo("ALLOW")));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> mappedAndCompatibleIpv6() {
        return Stream.of(
                dynamicTest(
                        "::ffff:10.0.0.1 is stored as 10.0.0.1",
                        () -> assertThat(create(envAccepts, "::ffff:10.0.0.1")).isIn("10.0.0.1/32", "10.0.0.1")),
                dynamicTest(
                        "::ffff:10.0.0.0/104 is stored as 10.0.0.0/8",
                        () -> assertThat(create(envAccepts, "::FFFF:10.0.0.0/104"))
                                .isEqualTo("10.0.0.0/8")),
                dynamicTest(
                        "upper-case IPv6 is stored in RFC 5952 form",
                        () -> assertThat(create(envAccepts, "2001:DB8:0:0:0:0:0:1"))
                                .isIn("2001:db8::1/128", "2001:db8::1")),
                // IPv4-compatible (deprecated, RFC 4291 2.5.5.1) is an IPv6 address like any other
                dynamicTest(
                        "::10.0.0.1 is the IPv6 address ::a00:1",
                        () -> assertThat(create(envAccepts, "::10.0.0.1")).isIn("::a00:1/128", "::a00:1")),
                dynamicTest(
                        "client ::ffff:10.0.0.1 is matched as 10.0.0.1",
                        () -> assertThat(decide(envMapped, "::ffff:10.0.0.1")
                                        .path("reason")
                                        .asText())
                                .isEqualTo("DENY_RULE")),
                dynamicTest(
                        "client ::FFFF:10.0.0.1 is matched as 10.0.0.1",
                        () -> assertThat(decide(envMapped, "::FFFF:10.0.0.1")
                                        .path("reason")
                                        .asText())
                                .isEqualTo("DENY_RULE")),
                dynamicTest(
                        "client ::10.0.0.1 is IPv6 and not matched by 10.0.0.0/8",
                        () -> assertThat(decide(envMapped, "::10.0.0.1")
                                        .path("reason")
                                        .asText())
                                .isEqualTo("NO_RULES")));
    }

    private static String create(String env, String cidr) throws Exception {
        return ok(rules, "POST", "/api/environments/" + env + "/ip-access-rules", body("cidr", cidr))
                .get("cidr")
                .asText();
    }

    // --- tokens ------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> tokens() throws Exception {
        String valid = TestTokens.admin(ORG);
        String[] parts = valid.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String otherOrgClaims = claims.replace(ORG.toString(), UUID.randomUUID().toString());
        Map<String, String> unauthorized = new LinkedHashMap<>();
        unauthorized.put("none", null);
        unauthorized.put("empty bearer", "Bearer ");
        unauthorized.put("garbage", "Bearer not-a-token");
        unauthorized.put("basic credentials", "Basic dGVzdGVyOnRlc3Rlcg==");
        unauthorized.put(
                "expired",
                bearer(TestTokens.builder()
                        .org(ORG)
                        .expiredAgo(Duration.ofMinutes(10))
                        .sign()));
        unauthorized.put(
                "not yet valid",
                bearer(TestTokens.builder()
                        .org(ORG)
                        .notBefore(Instant.now().plus(Duration.ofMinutes(10)))
                        .sign()));
        unauthorized.put(
                "wrong issuer",
                bearer(TestTokens.builder()
                        .org(ORG)
                        .issuer("https://evil.example/")
                        .sign()));
        unauthorized.put(
                "wrong audience",
                bearer(TestTokens.builder().org(ORG).audience("other").sign()));
        unauthorized.put(
                "signed by another key",
                bearer(TestTokens.builder().org(ORG).signedByUnknownKey().sign()));
        unauthorized.put("alg none", bearer(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + "."));
        unauthorized.put("alg None", bearer(b64("{\"alg\":\"None\",\"typ\":\"JWT\"}") + "." + parts[1] + "."));
        unauthorized.put("signature stripped", bearer(parts[0] + "." + parts[1] + "."));
        unauthorized.put(
                "payload of another organization, original signature",
                bearer(parts[0] + "." + b64(otherOrgClaims) + "." + parts[2]));
        unauthorized.put(
                "HS256 with the public key PEM as secret",
                bearer(hs256(claims, TestTokens.publicKeyPem().getBytes(StandardCharsets.US_ASCII))));
        unauthorized.put("HS256 with the public key DER as secret", bearer(hs256(claims, publicKeyDer())));
        Map<String, String> forbidden = new LinkedHashMap<>();
        forbidden.put("no org_id", bearer(TestTokens.builder().withoutOrg().sign()));
        forbidden.put("no roles", bearer(TestTokens.token(ORG)));
        forbidden.put("unknown roles only", bearer(TestTokens.token(ORG, "admin", "ip-access:*")));

        List<DynamicTest> tests = new ArrayList<>();
        unauthorized.forEach((name, header) -> tests.add(dynamicTest(name + " is 401", () -> {
            for (var target : targets()) {
                HttpResponse<String> response =
                        raw(target.service(), target.method(), target.path(), header, target.body());
                assertThat(response.statusCode())
                        .as("%s %s: %s", target.method(), target.path(), response.body())
                        .isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type").orElse(""))
                        .startsWith("application/problem+json");
                assertThat(response.headers().firstValue("WWW-Authenticate").orElse(""))
                        .as("WWW-Authenticate of %s %s", target.method(), target.path())
                        .startsWith("Bearer");
            }
        })));
        forbidden.forEach((name, header) -> tests.add(dynamicTest(name + " is 403", () -> {
            for (var target : targets()) {
                if (target.path().startsWith("/v1/")) {
                    continue; // explain: an organization-less token is 404 there, as for another organization
                }
                HttpResponse<String> response =
                        raw(target.service(), target.method(), target.path(), header, target.body());
                assertThat(response.statusCode())
                        .as("%s %s: %s", target.method(), target.path(), response.body())
                        .isEqualTo(403);
                assertThat(response.headers().firstValue("Content-Type").orElse(""))
                        .startsWith("application/problem+json");
            }
        })));
        tests.add(dynamicTest("read-only on a write is 403", () -> {
            HttpResponse<String> response = raw(
                    rules,
                    "POST",
                    "/api/projects",
                    bearer(TestTokens.token(ORG, TestTokens.READ)),
                    "{\"name\":\"token-probe\"}");
            assertThat(response.statusCode()).isEqualTo(403);
        }));
        tests.add(dynamicTest("a valid token works (control) and nothing was written", () -> {
            for (var target : targets()) {
                if (target.method().equals("GET")) {
                    HttpResponse<String> response = raw(target.service(), "GET", target.path(), bearer(valid), null);
                    assertThat(response.statusCode()).as(target.path()).isEqualTo(200);
                }
            }
            assertThat(ok(rules, "GET", "/api/projects", null).toString()).doesNotContain("token-probe");
        }));
        return tests.stream();
    }

    record Target(ServiceProcess service, String method, String path, String body) {}

    private static List<Target> targets() {
        return List.of(
                new Target(rules, "GET", "/api/projects", null),
                new Target(rules, "POST", "/api/projects", "{\"name\":\"token-probe\"}"),
                new Target(rules, "GET", "/api/me", null),
                new Target(enforcement, "GET", "/api/me", null),
                new Target(audit, "GET", "/api/me", null),
                new Target(audit, "GET", "/api/audit/changes", null),
                new Target(audit, "GET", "/api/environments/" + envDecides + "/blocked-attempts", null),
                new Target(
                        enforcement,
                        "POST",
                        "/v1/decisions?explain=true",
                        "{\"ip\":\"192.0.2.1\",\"environmentId\":\"" + envDecides + "\"}"));
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String hs256(String claims, byte[] secret) throws Exception {
        String signingInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(claims);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return signingInput + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] publicKeyDer() {
        String pem =
                TestTokens.publicKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(pem);
    }

    // --- lists -------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> listAbuse() {
        String attempts = "/api/environments/" + envDecides + "/blocked-attempts";
        Map<String, Object[]> cases = new LinkedHashMap<>(); // name -> service, path+query, field, quoted value
        cases.put(
                "addresses: unknown sort key", new Object[] {rules, "/api/addresses?sort_by=nope", "sort_by", "nope"});
        cases.put(
                "addresses: unknown sort order",
                new Object[] {rules, "/api/addresses?sort_order=sideways", "sort_order", "sideways"});
        cases.put(
                "addresses: unknown filter",
                new Object[] {rules, "/api/addresses?filter%5Bnope%5D=1", "filter[nope]", null});
        cases.put("addresses: unknown parameter", new Object[] {rules, "/api/addresses?page=2", "page", null});
        for (String limit : List.of("-1", "0", "1001", "2147483648", "99999999999999999999", "abc", "1e3", "")) {
            cases.put(
                    "addresses: limit=" + limit, new Object[] {rules, "/api/addresses?limit=" + limit, "limit", null});
        }
        for (String offset : List.of("-1", "2147483648", "99999999999999999999", "abc")) {
            cases.put(
                    "addresses: offset=" + offset,
                    new Object[] {rules, "/api/addresses?offset=" + offset, "offset", null});
        }
        for (String limit : List.of("-1", "0", "100000")) {
            cases.put("changes: limit=" + limit, new Object[] {audit, "/api/audit/changes?limit=" + limit, "limit", null
            });
            cases.put(
                    "blocked attempts: limit=" + limit,
                    new Object[] {audit, attempts + "?limit=" + limit, "limit", null});
        }
        for (String sql : SQL) {
            for (String field : List.of(
                    "sort_by",
                    "sort_order",
                    "filter[ip]",
                    "filter[policy]",
                    "filter[ttl]",
                    "filter[createTime]",
                    "filter[expireTime]",
                    "filter[updateTime]",
                    "limit",
                    "offset")) {
                cases.put(
                        "addresses: SQL in " + field + ": " + sql,
                        new Object[] {rules, "/api/addresses?" + enc(field) + "=" + enc(sql), field, null});
            }
            for (String field : List.of("entityType", "entityId", "scope", "scopeId", "since", "until", "before")) {
                cases.put(
                        "changes: SQL in " + field + ": " + sql,
                        new Object[] {audit, "/api/audit/changes?" + field + "=" + enc(sql), field, null});
            }
            for (String field : List.of("ip", "since", "until", "before")) {
                cases.put(
                        "blocked attempts: SQL in " + field + ": " + sql,
                        new Object[] {audit, attempts + "?" + field + "=" + enc(sql), field, null});
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        cases.forEach((name, c) -> tests.add(dynamicTest(name, () -> {
            HttpResponse<String> response = call((ServiceProcess) c[0], "GET", (String) c[1], TOKEN, null);
            assertRejected(response, (String) c[2], (String) c[3]);
        })));
        for (String sql : SQL) {
            tests.add(dynamicTest("changes: SQL in actor is a value like any other: " + sql, () -> {
                JsonNode page = ok(audit, "GET", "/api/audit/changes?actor=" + enc(sql), null);
                assertThat(page.path("changes")).isEmpty();
            }));
        }
        tests.add(dynamicTest(
                "addresses: offset past the end is an empty page",
                () -> assertThat(ok(rules, "GET", "/api/addresses?offset=2147483647", null)
                                .path("addresses"))
                        .isEmpty()));
        tests.add(dynamicTest("the tables still answer", () -> {
            ok(rules, "GET", "/api/addresses?limit=1000", null);
            ok(rules, "GET", "/api/environments/" + envMapped + "/ip-access-rules", null);
            ok(audit, "GET", "/api/audit/changes?limit=10", null);
            ok(audit, "GET", attempts, null);
            assertThat(ok(rules, "GET", "/api/environments/" + envMapped + "/ip-access-rules", null)
                            .path("rules"))
                    .hasSize(1);
        }));
        return tests.stream();
    }

    /**
     * audit-service's lists refuse a parameter they do not know (a mistyped filter must not show
     * everything) and a limit that is not a whole number, each with a 400 naming it.
     */
    @TestFactory
    Stream<DynamicTest> auditListsRefuseUnknownParametersAndLimitsThatAreNotInts() {
        String attempts = "/api/environments/" + envDecides + "/blocked-attempts";
        return Stream.of(
                        "sort_by=nope",
                        "filter%5Bip%5D=10.0.0.1",
                        "entity=rule",
                        "limit=2147483648",
                        "limit=99999999999999999999",
                        "limit=abc")
                .flatMap(query -> Stream.of(
                        dynamicTest(
                                "changes: " + query,
                                () -> assertRejected(
                                        call(audit, "GET", "/api/audit/changes?" + query, TOKEN, null),
                                        URLDecoder.decode(
                                                query.substring(0, query.indexOf('=')), StandardCharsets.UTF_8),
                                        null)),
                        dynamicTest(
                                "blocked attempts: " + query,
                                () -> assertRejected(
                                        call(audit, "GET", attempts + "?" + query, TOKEN, null),
                                        URLDecoder.decode(
                                                query.substring(0, query.indexOf('=')), StandardCharsets.UTF_8),
                                        null))));
    }

    @TestFactory
    Stream<DynamicTest> sqlTextInEveryStringFieldOfTheWrites() {
        List<DynamicTest> tests = new ArrayList<>();
        String rulesPath = "/api/environments/" + envAccepts + "/ip-access-rules";
        for (String sql : SQL) {
            tests.add(dynamicTest("rule label stored verbatim: " + sql, () -> {
                JsonNode rule = ok(rules, "POST", rulesPath, body("cidr", "198.18.0.0/15", "label", sql));
                assertThat(rule.get("label").asText()).isEqualTo(sql);
                String id = rule.get("id").asText();
                assertThat(ok(rules, "GET", rulesPath + "/" + id, null)
                                .get("label")
                                .asText())
                        .isEqualTo(sql);
                call(rules, "DELETE", rulesPath + "/" + id, TOKEN, null);
            }));
            tests.add(dynamicTest("project name stored verbatim: " + sql, () -> {
                JsonNode created = ok(rules, "POST", "/api/projects", body("name", sql));
                assertThat(created.get("name").asText()).isEqualTo(sql);
                assertThat(ok(
                                rules,
                                "DELETE",
                                "/api/projects/" + created.get("id").asText() + "?cascade=true",
                                null))
                        .isNotNull();
            }));
            tests.add(dynamicTest(
                    "rule action: " + sql,
                    () -> assertRejected(
                            call(rules, "POST", rulesPath, TOKEN, body("cidr", "198.18.0.0/15", "action", sql)),
                            "action",
                            sql)));
            tests.add(dynamicTest(
                    "rule traffic scope: " + sql,
                    () -> assertRejected(
                            call(
                                    rules,
                                    "POST",
                                    rulesPath,
                                    TOKEN,
                                    JSON.writeValueAsString(
                                            Map.of("cidr", "198.18.0.0/15", "trafficScopes", List.of(sql)))),
                            "trafficScopes",
                            null)));
            tests.add(dynamicTest(
                    "rule expiresAt: " + sql,
                    () -> assertRejected(
                            call(rules, "POST", rulesPath, TOKEN, body("cidr", "198.18.0.0/15", "expiresAt", sql)),
                            "expiresAt",
                            null)));
            tests.add(dynamicTest("bulk entries: " + sql, () -> {
                JsonNode bulk = ok(rules, "POST", rulesPath + "/bulk", body("cidrs", sql));
                assertThat(bulk.get("created").asInt()).isZero();
                assertThat(bulk.get("errors")).isNotEmpty();
            }));
            tests.add(dynamicTest(
                    "address policy: " + sql,
                    () -> assertRejected(
                            call(
                                    rules,
                                    "POST",
                                    "/api/addresses",
                                    TOKEN,
                                    body("ipAddress", "198.18.0.1", "policy", sql)),
                            "policy",
                            sql)));
            tests.add(dynamicTest(
                    "login range end: " + sql,
                    () -> assertRejected(
                            call(
                                    rules,
                                    "POST",
                                    "/api/global/loginIpAllowlists",
                                    TOKEN,
                                    body("ipRangeFrom", "198.18.0.1", "ipRangeTo", sql)),
                            "ipRangeTo",
                            sql)));
            tests.add(dynamicTest(
                    "decision traffic scope: " + sql,
                    () -> assertRejected(
                            call(
                                    enforcement,
                                    "POST",
                                    "/v1/decisions",
                                    null,
                                    JSON.writeValueAsString(Map.of(
                                            "ip", "192.0.2.1", "environmentId", envDecides, "trafficScope", sql))),
                            "trafficScope",
                            null)));
            tests.add(dynamicTest(
                    "decision environment id: " + sql,
                    () -> assertRejected(
                            call(
                                    enforcement,
                                    "POST",
                                    "/v1/decisions",
                                    null,
                                    JSON.writeValueAsString(Map.of("ip", "192.0.2.1", "environmentId", sql))),
                            "environmentId",
                            sql)));
        }
        tests.add(dynamicTest("the rule table still answers and holds what it held", () -> {
            assertThat(ok(rules, "GET", "/api/environments/" + envMapped + "/ip-access-rules", null)
                            .path("rules"))
                    .hasSize(1);
            assertThat(decide(envMapped, "10.9.9.9").path("reason").asText()).isEqualTo("DENY_RULE");
        }));
        return tests.stream();
    }

    // --- sizes and depth ---------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> hugeAndDeepBodies() {
        String tenMiB = "{\"name\":\"" + "a".repeat(10 * 1024 * 1024) + "\"}";
        String deepArrays = "[".repeat(10_000) + "]".repeat(10_000);
        String deepInField = "{\"cidr\":\"192.0.2.0/24\",\"label\":" + deepArrays + "}";
        String deepObjects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        String rulesPath = "/api/environments/" + envRejects + "/ip-access-rules";
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest("10 MiB body to rule-service is 413", () -> {
            HttpResponse<String> response = call(rules, "POST", "/api/projects", TOKEN, tenMiB);
            assertThat(response.statusCode()).isEqualTo(413);
        }));
        tests.add(dynamicTest("10 MiB body to enforcement-service is 413", () -> {
            // the server may close the connection while the client still writes: then no status is read
            HttpResponse<String> response;
            try {
                response = call(
                        enforcement,
                        "POST",
                        "/v1/decisions",
                        null,
                        "{\"ip\":\"192.0.2.1\",\"environmentId\":\"" + envDecides + "\",\"path\":\""
                                + "a".repeat(10 * 1024 * 1024 + 1) + "\"}");
            } catch (java.io.IOException closed) {
                assertThat(decide(envDecides, "192.0.2.1").path("decision").asText())
                        .isEqualTo("ALLOW");
                return;
            }
            assertThat(response.statusCode()).isEqualTo(413);
        }));
        tests.add(dynamicTest(
                "10 KB label is 400",
                () -> assertRejected(
                        call(rules, "POST", rulesPath, TOKEN, body("cidr", "192.0.2.0/24", "label", TEN_KB)),
                        "label",
                        null)));
        tests.add(dynamicTest(
                "10 KB project name is 400",
                () -> assertRejected(call(rules, "POST", "/api/projects", TOKEN, body("name", TEN_KB)), "name", null)));
        Map<String, String> deep = new LinkedHashMap<>();
        deep.put("10,000 nested arrays", deepArrays);
        deep.put("10,000 nested arrays in a field", deepInField);
        deep.put("10,000 nested objects", deepObjects);
        deep.forEach((name, json) -> {
            tests.add(dynamicTest(
                    name + " to a rule create is 400",
                    () -> assertRejected(call(rules, "POST", rulesPath, TOKEN, json), null, null)));
            tests.add(dynamicTest(
                    name + " to a project create is 400",
                    () -> assertRejected(call(rules, "POST", "/api/projects", TOKEN, json), null, null)));
            tests.add(dynamicTest(
                    name + " to a decision is 400",
                    () -> assertRejected(call(enforcement, "POST", "/v1/decisions", null, json), null, null)));
            tests.add(dynamicTest(
                    name + " to an address policy is 400",
                    () -> assertRejected(call(rules, "POST", "/api/addresses", TOKEN, json), null, null)));
        });
        tests.add(dynamicTest("nothing was written and the services still answer", () -> {
            assertThat(ok(rules, "GET", rulesPath, null).path("rules")).isEmpty();
            assertThat(ok(rules, "GET", "/api/projects", null).path("projects").size())
                    .isLessThanOrEqualTo(1);
            assertThat(decide(envDecides, "192.0.2.1").path("decision").asText())
                    .isEqualTo("ALLOW");
        }));
        return tests.stream();
    }

    /**
     * A body over {@code quarkus.http.limits.max-body-size} is refused and nothing is written: with a
     * Content-Length, a 413 problem+json before the body is read; chunked, a 413 or, when the HTTP
     * layer stops reading at the limit, the connection closed (docs/reliability.md).
     */
    @TestFactory
    Stream<DynamicTest> a10MiBBodyIsRefusedAndTheServiceGoesOn() {
        String tenMiB = "{\"name\":\"" + "a".repeat(10 * 1024 * 1024) + "\"}";
        return Stream.of(
                dynamicTest("10 MiB chunked body (no Content-Length) to rule-service: refused", () -> {
                    try {
                        HttpResponse<String> response = HTTP.send(
                                HttpRequest.newBuilder(URI.create(rules.url() + "/api/projects"))
                                        .header("Authorization", "Bearer " + TOKEN)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                                HttpRequest.BodyPublishers.ofString(tenMiB)))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertThat(response.statusCode()).isEqualTo(413);
                    } catch (java.io.IOException closed) {
                        // the connection was closed on the body: refused too
                    }
                }),
                dynamicTest("10 MiB with Content-Length to rule-service: 413 problem+json", () -> {
                    HttpResponse<String> response = call(rules, "POST", "/api/projects", TOKEN, tenMiB);
                    assertThat(response.statusCode()).isEqualTo(413);
                    assertThat(response.headers().firstValue("Content-Type").orElse(""))
                            .startsWith("application/problem+json");
                    assertThat(JSON.readTree(response.body()).path("status").asInt())
                            .isEqualTo(413);
                }),
                dynamicTest("nothing was written and rule-service still answers", () -> {
                    JsonNode projects = ok(rules, "GET", "/api/projects", null).path("projects");
                    for (JsonNode project : projects) {
                        assertThat(project.path("name").asText()).hasSizeLessThan(1024);
                    }
                }));
    }

    // --- helpers -----------------------------------------------------------------------------------

    /**
     * 400 problem+json; {@code field} (when given) among the errors; {@code quoted} (when given, and
     * printable) quoted in that error's message.
     */
    private static void assertRejected(HttpResponse<String> response, String field, String quoted) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as(response.body())
                .startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        if (field == null) {
            return;
        }
        List<String> messages = new ArrayList<>();
        for (JsonNode error : problem.path("errors")) {
            if (field.equals(error.path("field").asText())) {
                messages.add(error.path("message").asText());
            }
        }
        assertThat(messages)
                .as("errors naming %s in %s", field, response.body())
                .isNotEmpty();
        if (quoted != null
                && !quoted.isEmpty()
                && quoted.length() <= 64
                && quoted.chars().allMatch(c -> c >= 0x21 && c < 0x7f)) {
            assertThat(String.join("\n", messages))
                    .as("the message quotes the value")
                    .contains("\"" + quoted + "\"");
        }
        for (String message : messages) {
            assertThat(message.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x202e))
                    .as("no raw control characters in %s", message)
                    .isTrue();
        }
    }

    private static String environment(String name) throws Exception {
        return ok(rules, "POST", "/api/projects/" + project + "/environments", "{\"name\":\"" + name + "\"}")
                .get("id")
                .asText();
    }

    private static JsonNode decide(String env, String ip) throws Exception {
        return ok(
                enforcement, "POST", "/v1/decisions", JSON.writeValueAsString(Map.of("ip", ip, "environmentId", env)));
    }

    private static String body(String... keysAndValues) throws Exception {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return JSON.writeValueAsString(map);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out: " + what);
    }

    private static JsonNode ok(ServiceProcess service, String method, String path, String body) throws Exception {
        HttpResponse<String> response = call(service, method, path, TOKEN, body);
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isBetween(200, 299);
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static HttpResponse<String> call(
            ServiceProcess service, String method, String path, String token, String body) throws Exception {
        return raw(service, method, path, token == null ? null : bearer(token), body);
    }

    private static HttpResponse<String> raw(
            ServiceProcess service, String method, String path, String authorization, String body) throws Exception {
        return ServiceCalls.send(service, method, path, authorization, body);
    }
}
