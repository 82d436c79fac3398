package dev.ipfence.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tenant isolation generated from the OpenAPI documents of the three services: every operation
 * whose path names a resource is called with another organization's token on organization A's
 * resources and must answer exactly what it answers for an id that does not exist (404
 * problem+json) and leak nothing of A. An operation with a path parameter this test cannot fill
 * fails the test, so a new endpoint cannot be forgotten. Every operation also answers 401 without
 * a token and 403 without the role, and afterwards A's data is unchanged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantIsolationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    private static final List<String> METHODS = List.of("get", "put", "post", "patch", "delete");

    /** Path-parameter operations each OpenAPI document has today; fewer means the fetch or scan broke. */
    private static final Map<String, Integer> EXPECTED_MINIMUM =
            Map.of("rule-service", 42, "enforcement-service", 0, "audit-service", 2);

    private static final String TAG = Long.toString(System.nanoTime(), 36);
    private static final UUID ORG_A = UUID.randomUUID();
    private static final UUID ORG_B = UUID.randomUUID();
    private static final String A = TestTokens.admin(ORG_A);
    private static final String B = TestTokens.admin(ORG_B);
    private static final String A_READ_ONLY = TestTokens.token(ORG_A, TestTokens.READ);
    private static final String A_NO_ROLES = TestTokens.token(ORG_A);

    // organization A's data, each value distinctive so that any echo of it is visible
    private static final String PROJECT_NAME = "alpha-project-" + TAG;
    private static final String ENV_NAME = "alpha-env-" + TAG;
    private static final String ORG_LABEL = "alpha-org-label-" + TAG;
    private static final String PROJECT_LABEL = "alpha-project-label-" + TAG;
    private static final String ENV_LABEL = "alpha-env-label-" + TAG;
    private static final String ORG_CIDR = "192.0.2.0/25";
    private static final String PROJECT_CIDR = "2001:db8:a1fa::/48";
    private static final String ENV_CIDR = "198.51.100.128/25";
    private static final String ADDRESS_IP = "203.0.113.77";
    private static final String LOGIN_FROM = "192.0.2.201";
    private static final String LOGIN_TO = "192.0.2.209";
    private static final String BLOCKED_IP_PREFIX = "10.91.82.";
    private static final String GROUP_NAME = "alpha-group-" + TAG;
    private static final String ADMISSION_RULE_NAME = "alpha-admission-" + TAG;
    private static final String POLICY_NAME = "alpha-policy-" + TAG;
    private static final String API_KEY_NAME = "alpha-key-" + TAG;

    private static ServiceProcess rules;
    private static ServiceProcess enforcement;
    private static ServiceProcess audit;
    private static final Map<String, ServiceProcess> SERVICES = new LinkedHashMap<>();

    private static String project;
    private static String env;
    private static String orgRule;
    private static String projectRule;
    private static String envRule;
    private static String address;
    private static String login;
    private static String admissionRule;
    private static String group;
    private static String policy;
    private static String apiKey;
    private static final List<String> SECRETS = new ArrayList<>();
    private static Map<String, String> snapshotOfA;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("ipfence.root", ".."));
        rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", Map.of());
        enforcement = ServiceProcess.start(root, "enforcement-service", null, Map.of());
        audit = ServiceProcess.start(root, "audit-service", "ipfence_audit", Map.of());
        SERVICES.put("rule-service", rules);
        SERVICES.put("enforcement-service", enforcement);
        SERVICES.put("audit-service", audit);

        project = ok(rules, "POST", "/api/projects", A, "{\"name\":\"" + PROJECT_NAME + "\"}")
                .get("id")
                .asText();
        env = ok(rules, "POST", "/api/projects/" + project + "/environments", A, "{\"name\":\"" + ENV_NAME + "\"}")
                .get("id")
                .asText();
        orgRule = ok(
                        rules,
                        "POST",
                        "/api/org/ip-access-rules",
                        A,
                        "{\"cidr\":\"" + ORG_CIDR + "\",\"action\":\"deny\",\"label\":\"" + ORG_LABEL + "\"}")
                .get("id")
                .asText();
        projectRule = ok(
                        rules,
                        "POST",
                        "/api/projects/" + project + "/ip-access-rules",
                        A,
                        "{\"cidr\":\"" + PROJECT_CIDR + "\",\"label\":\"" + PROJECT_LABEL
                                + "\",\"trafficScopes\":[\"http\"]}")
                .get("id")
                .asText();
        envRule = ok(
                        rules,
                        "POST",
                        "/api/environments/" + env + "/ip-access-rules",
                        A,
                        "{\"cidr\":\"" + ENV_CIDR + "\",\"label\":\"" + ENV_LABEL + "\"}")
                .get("id")
                .asText();
        address = ok(rules, "POST", "/api/addresses", A, "{\"ipAddress\":\"" + ADDRESS_IP + "\",\"policy\":\"deny\"}")
                .get("addressId")
                .asText();
        login = ok(
                        rules,
                        "POST",
                        "/api/global/loginIpAllowlists",
                        A,
                        "{\"ipRangeFrom\":\"" + LOGIN_FROM + "\",\"ipRangeTo\":\"" + LOGIN_TO + "\"}")
                .get("id")
                .asText();
        admissionRule = ok(
                        rules,
                        "POST",
                        "/api/tenants/admission-rules",
                        A,
                        "{\"name\":\"" + ADMISSION_RULE_NAME
                                + "\",\"rule\":\"user.department == 'Engineering'\",\"hasTimeConstraint\":false}")
                .get("id")
                .asText();
        group = ok(
                        rules,
                        "POST",
                        "/api/tenants/groups",
                        A,
                        "{\"name\":\"" + GROUP_NAME + "\",\"maxDevices\":10,\"idpMapping\":[\"alpha-idp-" + TAG
                                + "\"]}")
                .get("id")
                .asText();
        policy = ok(
                        rules,
                        "POST",
                        "/api/tenants/policies",
                        A,
                        "{\"name\":\"" + POLICY_NAME + "\",\"type\":\"PRIVATE\",\"action\":true,\"groups\":[\""
                                + group + "\"],\"resources\":[\"alpha-wiki-" + TAG + "\"],\"rule\":\"" + admissionRule
                                + "\"}")
                .get("id")
                .asText();
        JsonNode key = ok(
                rules,
                "POST",
                "/api/tenants/api-keys",
                A,
                "{\"name\":\"" + API_KEY_NAME + "\",\"roles\":[\"ip-access:read\"]}");
        apiKey = key.get("id").asText();
        SECRETS.addAll(List.of(
                admissionRule,
                group,
                policy,
                apiKey,
                key.get("secret").asText(),
                GROUP_NAME,
                ADMISSION_RULE_NAME,
                POLICY_NAME,
                API_KEY_NAME,
                project,
                env,
                orgRule,
                projectRule,
                envRule,
                address,
                login,
                ORG_A.toString(),
                PROJECT_NAME,
                ENV_NAME,
                ORG_LABEL,
                PROJECT_LABEL,
                ENV_LABEL,
                ORG_CIDR.substring(0, ORG_CIDR.indexOf('/')),
                "2001:db8:a1fa",
                ENV_CIDR.substring(0, ENV_CIDR.indexOf('/')),
                ADDRESS_IP,
                LOGIN_FROM,
                LOGIN_TO,
                BLOCKED_IP_PREFIX));

        // blocked attempts of A's environment, read back from audit
        await(
                "enforcement denies in A's environment",
                Duration.ofSeconds(60),
                () -> "NOT_ALLOWLISTED"
                        .equals(decide(BLOCKED_IP_PREFIX + "1").path("reason").asText()));
        await(
                "audit knows A's environment",
                Duration.ofSeconds(60),
                () -> call(audit, "GET", "/api/environments/" + env + "/blocked-attempts", A, null)
                                .statusCode()
                        == 200);
        for (int i = 2; i <= 4; i++) {
            assertThat(decide(BLOCKED_IP_PREFIX + i).path("decision").asText()).isEqualTo("DENY");
        }
        await(
                "audit lists A's blocked attempts",
                Duration.ofSeconds(60),
                () -> ok(audit, "GET", "/api/environments/" + env + "/blocked-attempts", A, null)
                                .path("total")
                                .asLong()
                        >= 3);
        await(
                "audit lists A's changes",
                Duration.ofSeconds(60),
                () -> ok(audit, "GET", "/api/audit/changes?limit=100", A, null)
                                .path("changes")
                                .size()
                        >= 7);
        snapshotOfA = snapshotOfA();
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
    @Order(1)
    void everyOperationWithAnIdAnswersAnotherOrganization404AndLeaksNothing() throws Exception {
        List<String> failures = new ArrayList<>();
        Map<String, Integer> exercised = new LinkedHashMap<>();
        for (var entry : SERVICES.entrySet()) {
            int count = 0;
            for (Operation op : operations(entry.getKey(), entry.getValue())) {
                if (op.params().isEmpty()) {
                    continue;
                }
                count++;
                Map<String, String> ofA = new LinkedHashMap<>();
                Map<String, String> random = new LinkedHashMap<>();
                for (String param : op.params()) {
                    ofA.put(param, idOfA(op, param));
                    random.put(param, UUID.randomUUID().toString());
                }
                String body = bodyFor(op);
                HttpResponse<String> probe = call(op.service(), op.method(), op.url(ofA), B, body);
                HttpResponse<String> absent = call(op.service(), op.method(), op.url(random), B, body);
                String what = op + " with organization B's token on A's " + ofA;
                if (probe.statusCode() != 404) {
                    failures.add(what + ": status " + probe.statusCode() + ", expected 404: " + probe.body());
                    continue;
                }
                if (!problemJson(probe)) {
                    failures.add(what + ": content type " + contentType(probe) + ", expected application/problem+json");
                }
                String leaked = leak(probe.body(), ofA.values());
                if (leaked != null) {
                    failures.add(what + ": the answer contains A's " + leaked + ": " + probe.body());
                }
                // indistinguishable from an id that does not exist: nothing to probe ids with
                String normalizedProbe = normalize(probe.body(), ofA);
                String normalizedAbsent = normalize(absent.body(), random);
                if (absent.statusCode() != probe.statusCode() || !normalizedProbe.equals(normalizedAbsent)) {
                    failures.add(what + ": answers differently for A's ids (" + probe.statusCode() + " "
                            + normalizedProbe + ") than for absent ids (" + absent.statusCode() + " "
                            + normalizedAbsent + ")");
                }
            }
            exercised.put(entry.getKey(), count);
        }
        System.out.println("TenantIsolationIT: operations with an id, per service: " + exercised);
        EXPECTED_MINIMUM.forEach((service, minimum) -> assertThat(exercised.get(service))
                .as("operations with an id in %s's OpenAPI document", service)
                .isGreaterThanOrEqualTo(minimum));
        assertThat(failures).as("tenant isolation failures").isEmpty();
        assertNothingOfAChanged();
    }

    @Test
    @Order(2)
    void idsInBodiesAndQueriesAreIsolatedToo() throws Exception {
        List<String> failures = new ArrayList<>();
        // explain=true shows rules: another organization's environment is 404, as in the paths
        for (String path : List.of("/v1/decisions?explain=true", "/v1/decisions:batch?explain=true")) {
            String one = "{\"ip\":\"" + BLOCKED_IP_PREFIX + "9\",\"environmentId\":\"" + env + "\"}";
            String body = path.contains("batch") ? "{\"requests\":[" + one + "]}" : one;
            HttpResponse<String> response = call(enforcement, "POST", path, B, body);
            if (response.statusCode() != 404 || !problemJson(response)) {
                failures.add("POST " + path + " for A's environment with B's token: " + response.statusCode() + " "
                        + contentType(response) + " " + response.body());
            }
            String leaked = leak(response.body(), List.of(env));
            if (leaked != null) {
                failures.add("POST " + path + " leaks " + leaked + ": " + response.body());
            }
        }
        // the change log filtered by A's ids is B's (empty) change log
        for (String query : List.of(
                "entityId=" + orgRule,
                "entityId=" + project,
                "scopeId=" + project,
                "scopeId=" + env,
                "scope=org",
                "actor=tester",
                "limit=200")) {
            HttpResponse<String> response = call(audit, "GET", "/api/audit/changes?" + query, B, null);
            if (response.statusCode() == 200) {
                JsonNode changes = JSON.readTree(response.body()).path("changes");
                if (changes.size() != 0) {
                    failures.add("GET /api/audit/changes?" + query + " with B's token lists " + response.body());
                }
            } else if (response.statusCode() != 400) {
                failures.add("GET /api/audit/changes?" + query + " with B's token: " + response.statusCode());
            }
            String leaked = leak(response.body(), List.of(query.substring(query.indexOf('=') + 1)));
            if (leaked != null) {
                failures.add("GET /api/audit/changes?" + query + " leaks " + leaked + ": " + response.body());
            }
        }
        // B's own lists hold nothing of A
        for (String path : List.of(
                "/api/projects",
                "/api/org/ip-access-rules",
                "/api/addresses",
                "/api/global/loginIpAllowlists",
                "/api/tenants/admission-rules",
                "/api/tenants/groups",
                "/api/tenants/policies",
                "/api/tenants/api-keys",
                "/api/me")) {
            HttpResponse<String> response = call(rules, "GET", path, B, null);
            String leaked = leak(response.body(), List.of());
            if (response.statusCode() != 200 || leaked != null) {
                failures.add("GET " + path + " with B's token: " + response.statusCode() + " leaks " + leaked);
            }
        }
        // a policy of B naming A's group or admission rule: the same 400 as for an id that does not exist
        String absent = UUID.randomUUID().toString();
        for (String field : List.of("groups", "rule")) {
            String ofA = field.equals("groups") ? "[\"" + group + "\"]" : "\"" + admissionRule + "\"";
            String none = field.equals("groups") ? "[\"" + absent + "\"]" : "\"" + absent + "\"";
            String body = "{\"name\":\"bravo\",\"type\":\"PRIVATE\",\"action\":true,\"" + field + "\":";
            HttpResponse<String> probe = call(rules, "POST", "/api/tenants/policies", B, body + ofA + "}");
            HttpResponse<String> missing = call(rules, "POST", "/api/tenants/policies", B, body + none + "}");
            String normalizedProbe =
                    normalize(probe.body(), Map.of("id", field.equals("groups") ? group : admissionRule));
            String normalizedMissing = normalize(missing.body(), Map.of("id", absent));
            if (probe.statusCode() != 400 || !normalizedProbe.equals(normalizedMissing)) {
                failures.add("POST /api/tenants/policies with B's token naming A's " + field + ": " + probe.statusCode()
                        + " " + normalizedProbe + ", for an absent id: " + missing.statusCode() + " "
                        + normalizedMissing);
            }
        }
        assertThat(failures).as("tenant isolation failures").isEmpty();
    }

    @Test
    @Order(3)
    void everyOperationWithoutATokenIs401AndWithoutTheRoleIs403() throws Exception {
        List<String> failures = new ArrayList<>();
        Map<String, Integer> exercised = new LinkedHashMap<>();
        for (var entry : SERVICES.entrySet()) {
            int count = 0;
            for (Operation op : operations(entry.getKey(), entry.getValue())) {
                if (unauthenticatedByDesign(op.path())) {
                    continue;
                }
                count++;
                Map<String, String> ofA = new LinkedHashMap<>();
                for (String param : op.params()) {
                    ofA.put(param, idOfA(op, param));
                }
                String url = op.url(ofA);
                String body = bodyFor(op);
                HttpResponse<String> anonymous = call(op.service(), op.method(), url, null, body);
                if (anonymous.statusCode() != 401 || !problemJson(anonymous)) {
                    failures.add(op + " without a token: " + anonymous.statusCode() + " " + contentType(anonymous) + " "
                            + anonymous.body());
                }
                HttpResponse<String> badToken = call(op.service(), op.method(), url, "not.a.jwt", body);
                if (badToken.statusCode() != 401) {
                    failures.add(op + " with a garbage token: " + badToken.statusCode());
                }
                HttpResponse<String> noRoles = call(op.service(), op.method(), url, A_NO_ROLES, body);
                if (noRoles.statusCode() != 403 || !problemJson(noRoles)) {
                    failures.add(op + " with a token without roles: " + noRoles.statusCode() + " "
                            + contentType(noRoles) + " " + noRoles.body());
                }
                if (!op.method().equals("GET")) {
                    HttpResponse<String> readOnly = call(op.service(), op.method(), url, A_READ_ONLY, body);
                    if (readOnly.statusCode() != 403 || !problemJson(readOnly)) {
                        failures.add(op + " with a read-only token: " + readOnly.statusCode() + " "
                                + contentType(readOnly) + " " + readOnly.body());
                    }
                }
            }
            exercised.put(entry.getKey(), count);
        }
        System.out.println("TenantIsolationIT: operations needing a token, per service: " + exercised);
        assertThat(exercised.get("rule-service")).isGreaterThanOrEqualTo(60);
        assertThat(exercised.get("enforcement-service")).isGreaterThanOrEqualTo(1);
        assertThat(exercised.get("audit-service")).isGreaterThanOrEqualTo(4);
        assertThat(failures).as("authentication and role failures").isEmpty();
        assertNothingOfAChanged();
    }

    /** Decisions, forward-auth and the quarantine view are for proxies; health and metrics for the platform. */
    private static boolean unauthenticatedByDesign(String path) {
        return path.startsWith("/v1/") || path.startsWith("/q/") || path.contains("forward-auth");
    }

    // ---------------------------------------------------------------------------------------------

    record Operation(String serviceName, ServiceProcess service, String method, String path, List<String> params) {
        String url(Map<String, String> values) {
            Matcher m = PARAM.matcher(path);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
            }
            m.appendTail(out);
            if (method.equals("DELETE")
                    && (path.equals("/api/projects/{projectId}") || path.equals("/api/environments/{envId}"))) {
                out.append("?cascade=true");
            }
            return out.toString();
        }

        @Override
        public String toString() {
            return serviceName + " " + method + " " + path;
        }
    }

    private static List<Operation> operations(String name, ServiceProcess service) throws Exception {
        HttpResponse<String> response = call(service, "GET", "/q/openapi?format=json", null, null);
        assertThat(response.statusCode()).as("%s /q/openapi", name).isEqualTo(200);
        JsonNode paths = JSON.readTree(response.body()).path("paths");
        assertThat(paths.isObject()).as("%s OpenAPI paths", name).isTrue();
        List<Operation> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = paths.fields();
        while (it.hasNext()) {
            var path = it.next();
            List<String> params = new ArrayList<>();
            Matcher m = PARAM.matcher(path.getKey());
            while (m.find()) {
                params.add(m.group(1));
            }
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    operations.add(
                            new Operation(name, service, method.toUpperCase(), path.getKey(), List.copyOf(params)));
                }
            }
        }
        assertThat(operations).as("%s operations", name).isNotEmpty();
        return operations;
    }

    /** A's resource for a path parameter, by its name and the path it is in; unknown: the test fails. */
    private static String idOfA(Operation op, String param) {
        String path = op.path();
        String id = switch (param) {
            case "projectId" -> project;
            case "envId", "environmentId" -> env;
            case "scopeId" ->
                path.startsWith("/api/projects/") ? project : path.startsWith("/api/environments/") ? env : null;
            case "ruleId" ->
                path.startsWith("/api/org/")
                        ? orgRule
                        : path.startsWith("/api/projects/")
                                ? projectRule
                                : path.startsWith("/api/environments/") ? envRule : null;
            case "addressId" -> path.startsWith("/api/addresses/") ? address : null;
            case "id" -> {
                if (path.startsWith("/api/global/loginIpAllowlists/")) {
                    yield login;
                } else if (path.startsWith("/api/addresses/")) {
                    yield address;
                } else if (path.startsWith("/api/tenants/admission-rules/")) {
                    yield admissionRule;
                } else if (path.startsWith("/api/tenants/groups/")) {
                    yield group;
                } else if (path.startsWith("/api/tenants/policies/")) {
                    yield policy;
                } else if (path.startsWith("/api/tenants/api-keys/")) {
                    yield apiKey;
                }
                yield null;
            }
            default -> null;
        };
        if (id == null) {
            throw new AssertionError(op + ": TenantIsolationIT does not know which of organization A's resources"
                    + " fills the path parameter {" + param + "}; teach idOfA() (and bodyFor() for a write)"
                    + " so that this endpoint is checked for tenant isolation");
        }
        return id;
    }

    /** A minimal valid body for each write, with values of organization B (never A's). */
    private static String bodyFor(Operation op) {
        String path = op.path();
        String method = op.method();
        if (method.equals("GET") || method.equals("DELETE")) {
            return null;
        }
        if (path.endsWith("/ip-access-rules/bulk")) {
            return "{\"cidrs\":\"100.64.8.0/24\",\"label\":\"bravo\"}";
        }
        if (path.endsWith("/ip-access-rules") && method.equals("POST")) {
            return "{\"cidr\":\"100.64.7.0/24\",\"label\":\"bravo\"}";
        }
        if (path.endsWith("/ip-access-rules/{ruleId}") && method.equals("PUT")) {
            return "{\"label\":\"bravo\",\"cidr\":\"100.64.9.0/24\"}";
        }
        if (path.equals("/api/projects") || path.endsWith("/environments") && method.equals("POST")) {
            return "{\"name\":\"bravo\"}";
        }
        if ((path.equals("/api/projects/{projectId}") || path.equals("/api/environments/{envId}"))
                && method.equals("PATCH")) {
            return "{\"name\":\"bravo\"}";
        }
        if (path.startsWith("/api/addresses")) {
            return method.equals("PATCH")
                    ? "{\"policy\":\"allow\"}"
                    : "{\"ipAddress\":\"100.64.10.1\",\"policy\":\"allow\"}";
        }
        if (path.startsWith("/api/global/loginIpAllowlists")) {
            return "{\"ipRangeFrom\":\"100.64.11.1\",\"ipRangeTo\":\"100.64.11.2\"}";
        }
        if (path.startsWith("/api/tenants/admission-rules")) {
            return "{\"name\":\"bravo\",\"rule\":\"true\",\"hasTimeConstraint\":false}";
        }
        if (path.startsWith("/api/tenants/groups")) {
            return "{\"name\":\"bravo\",\"maxDevices\":1}";
        }
        if (path.startsWith("/api/tenants/policies")) {
            return "{\"name\":\"bravo\",\"type\":\"PRIVATE\",\"action\":false}";
        }
        if (path.startsWith("/api/tenants/api-keys")) {
            return "{\"name\":\"bravo\",\"roles\":[\"ip-access:read\"]}";
        }
        if (path.startsWith("/v1/decisions:batch")) {
            return "{\"requests\":[{\"ip\":\"100.64.12.1\",\"environmentId\":\"" + env + "\"}]}";
        }
        if (path.startsWith("/v1/decisions")) {
            return "{\"ip\":\"100.64.12.1\",\"environmentId\":\"" + env + "\"}";
        }
        throw new AssertionError(op + ": TenantIsolationIT has no request body for this write; add one to bodyFor()");
    }

    /** The first of A's secrets in {@code body} other than the ids the request itself named, or null. */
    private static String leak(String body, java.util.Collection<String> named) {
        for (String secret : SECRETS) {
            if (!named.contains(secret) && body.contains(secret)) {
                return secret;
            }
        }
        return null;
    }

    /** The body with the ids the request named replaced by their parameter names. */
    private static String normalize(String body, Map<String, String> values) throws Exception {
        String text = body;
        for (var entry : values.entrySet()) {
            text = text.replace(entry.getValue(), "{" + entry.getKey() + "}");
        }
        try {
            return JSON.readTree(text).toString();
        } catch (Exception e) {
            return text;
        }
    }

    /** Everything of A, read back as A: names, every rule with its version, the policy and the range. */
    private static Map<String, String> snapshotOfA() throws Exception {
        Map<String, String> snapshot = new LinkedHashMap<>();
        for (String path : List.of(
                "/api/projects",
                "/api/projects/" + project,
                "/api/projects/" + project + "/environments",
                "/api/environments/" + env,
                "/api/org/ip-access-rules",
                "/api/org/ip-access-rules/" + orgRule,
                "/api/projects/" + project + "/ip-access-rules",
                "/api/projects/" + project + "/ip-access-rules/" + projectRule,
                "/api/environments/" + env + "/ip-access-rules",
                "/api/environments/" + env + "/ip-access-rules/" + envRule,
                "/api/environments/" + env + "/effective-ip-rules",
                "/api/addresses",
                "/api/addresses/" + address,
                "/api/global/loginIpAllowlists",
                "/api/global/loginIpAllowlists/" + login,
                "/api/tenants/admission-rules",
                "/api/tenants/admission-rules/" + admissionRule,
                "/api/tenants/groups",
                "/api/tenants/groups/" + group,
                "/api/tenants/policies",
                "/api/tenants/policies/" + policy,
                "/api/tenants/api-keys",
                "/api/tenants/api-keys/" + apiKey)) {
            snapshot.put(path, ok(rules, "GET", path, A, null).toString());
        }
        return snapshot;
    }

    private static void assertNothingOfAChanged() throws Exception {
        Map<String, String> now = snapshotOfA();
        for (var entry : snapshotOfA.entrySet()) {
            assertThat(now.get(entry.getKey()))
                    .as("A's %s after the other organization's requests", entry.getKey())
                    .isEqualTo(entry.getValue());
        }
        assertThat(JSON.readTree(snapshotOfA.get("/api/projects/" + project))
                        .get("name")
                        .asText())
                .isEqualTo(PROJECT_NAME);
        assertThat(JSON.readTree(snapshotOfA.get("/api/environments/" + env))
                        .get("name")
                        .asText())
                .isEqualTo(ENV_NAME);
        // the organization's deny rule, the address policy and the login range
        assertThat(JSON.readTree(snapshotOfA.get("/api/org/ip-access-rules")).path("rules"))
                .hasSize(3);
        // B never changed anything, so its change log is empty
        Thread.sleep(500);
        JsonNode changesOfB = ok(audit, "GET", "/api/audit/changes?limit=200", B, null);
        assertThat(changesOfB.path("changes")).as("B's change log").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------

    private static JsonNode decide(String ip) throws Exception {
        return ok(
                enforcement,
                "POST",
                "/v1/decisions",
                null,
                "{\"ip\":\"" + ip + "\",\"environmentId\":\"" + env
                        + "\",\"method\":\"GET\",\"path\":\"/alpha\",\"target\":\"alpha.example\"}");
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out: " + what);
    }

    private static boolean problemJson(HttpResponse<String> response) {
        return contentType(response).startsWith("application/problem+json");
    }

    private static String contentType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("(none)");
    }

    private static JsonNode ok(ServiceProcess service, String method, String path, String token, String body)
            throws Exception {
        HttpResponse<String> response = call(service, method, path, token, body);
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    static HttpResponse<String> call(ServiceProcess service, String method, String path, String token, String body)
            throws Exception {
        return ServiceCalls.call(service, method, path, token, body);
    }
}
