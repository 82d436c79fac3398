package dev.ipfence.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.events.Topic;
import dev.ipfence.core.model.AccessModel;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.model.ScopeChain;
import dev.ipfence.testing.DevServersProcess;
import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import dev.ipfence.testing.TopicReader;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged services under faults: Kafka stopped during a stream of rule writes, and
 * enforcement-service restarted under decision load. Nothing is lost, nothing is doubled, and no
 * decision is ALLOW that should not be.
 */
class FaultsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ServiceProcess rules;
    private static ServiceProcess enforcement;

    @BeforeAll
    static void start() {
        Path root = Path.of(System.getProperty("ipfence.root", ".."));
        rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", Map.of());
        enforcement = ServiceProcess.start(root, "enforcement-service", null, Map.of());
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess service : new ServiceProcess[] {enforcement, rules}) {
            if (service != null) {
                service.close();
            }
        }
    }

    /** One organization with a project and an environment, as an API client makes them. */
    private record Tenant(UUID org, String token, UUID project, UUID env) {

        static Tenant create() throws Exception {
            UUID org = UUID.randomUUID();
            String token = TestTokens.admin(org);
            UUID project = UUID.fromString(send(rules, token, "POST", "/api/projects", "{\"name\":\"shop\"}")
                    .get("id")
                    .asText());
            UUID env = UUID.fromString(
                    send(rules, token, "POST", "/api/projects/" + project + "/environments", "{\"name\":\"prod\"}")
                            .get("id")
                            .asText());
            return new Tenant(org, token, project, env);
        }

        String rulesPath(Scope scope) {
            return switch (scope) {
                case ORG -> "/api/org/ip-access-rules";
                case PROJECT -> "/api/projects/" + project + "/ip-access-rules";
                case ENVIRONMENT -> "/api/environments/" + env + "/ip-access-rules";
            };
        }
    }

    @Test
    void ruleWritesDuringAKafkaOutageAllSucceedArriveOnceInOrderAndEnforcementConverges() throws Exception {
        Tenant tenant = Tenant.create();
        Random random = new Random(14);
        List<String[]> created = new ArrayList<>();
        DevServersProcess servers = DevServersProcess.shared();
        servers.stopKafka();
        int writes = 0;
        try {
            for (int i = 0; i < 60; i++) {
                if (!created.isEmpty() && random.nextInt(4) == 0) {
                    String[] victim = created.remove(random.nextInt(created.size()));
                    HttpResponse<String> deleted =
                            raw(rules, tenant.token(), "DELETE", victim[0] + "/" + victim[1], null);
                    assertThat(deleted.statusCode())
                            .as("delete during the outage")
                            .isEqualTo(204);
                } else {
                    Scope scope = Scope.values()[random.nextInt(3)];
                    int prefix = 16 + 4 * random.nextInt(3);
                    int third = random.nextInt(256) & (0xFF << (24 - prefix)) & 0xFF;
                    String cidr = "10." + random.nextInt(4) + "." + third + ".0/" + prefix;
                    String action = random.nextInt(3) == 0 ? "allow" : "deny";
                    HttpResponse<String> response = raw(
                            rules,
                            tenant.token(),
                            "POST",
                            tenant.rulesPath(scope),
                            "{\"cidr\":\"" + cidr + "\",\"action\":\"" + action + "\"}");
                    if (response.statusCode() == 409) {
                        continue; // the same rule twice at one scope: refused, nothing written
                    }
                    assertThat(response.statusCode())
                            .as("create during the outage: %s", response.body())
                            .isEqualTo(201);
                    created.add(new String[] {
                        tenant.rulesPath(scope),
                        JSON.readTree(response.body()).get("id").asText()
                    });
                }
                writes++;
            }
        } finally {
            servers.startKafka();
        }
        assertThat(writes).isGreaterThan(40);
        int expectedEvents = writes + 2; // with the project and the environment

        // every event of this organization arrives once, in version order per entity
        Map<String, List<Long>> versions = new HashMap<>();
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(
                Topic.RULES.topicName(),
                Duration.ofSeconds(60),
                read -> eventsOf(read, tenant.org()) >= expectedEvents);
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            JsonNode event = JSON.readTree(record.value());
            if (tenant.org().toString().equals(event.path("orgId").asText())) {
                versions.computeIfAbsent(record.key(), k -> new ArrayList<>())
                        .add(event.get("version").asLong());
            }
        }
        assertThat(versions.values().stream().mapToInt(List::size).sum())
                .as("events of the organization: its project, environment and every write, once")
                .isEqualTo(expectedEvents);
        versions.forEach((key, list) ->
                assertThat(list).as("versions of %s", key).isSorted().doesNotHaveDuplicates());

        // enforcement converges to the reference decision over what the database holds
        ScopeChain chain = new ScopeChain(
                stored(tenant, Scope.ENVIRONMENT), stored(tenant, Scope.PROJECT), stored(tenant, Scope.ORG));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> mismatches;
        do {
            mismatches = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String ip = "10." + (i % 4) + "." + (i * 7 % 256) + "." + (i * 13 % 256);
                Decision expected = AccessModel.decide(chain, Addresses.parseAddress(ip), null, Instant.now());
                JsonNode actual = decide(tenant.env(), ip);
                if (!expected.reason().name().equals(actual.get("reason").asText())
                        || (expected.ruleId() != null
                                && !expected.ruleId()
                                        .toString()
                                        .equals(actual.path("ruleId").asText()))) {
                    mismatches.add(
                            ip + ": expected " + expected.reason() + " " + expected.ruleId() + ", got " + actual);
                }
            }
        } while (!mismatches.isEmpty() && System.nanoTime() < deadline && pause());
        assertThat(mismatches)
                .as("decisions that differ from the reference over the database")
                .isEmpty();
    }

    @Test
    void enforcementRestartedUnderDecisionLoadNeverAllowsWhatItShouldDeny() throws Exception {
        Tenant tenant = Tenant.create();
        StringBuilder cidrs = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            cidrs.append("172.")
                    .append(16 + i / 256)
                    .append('.')
                    .append(i % 256)
                    .append(".0/24\\n");
        }
        send(
                rules,
                tenant.token(),
                "POST",
                tenant.rulesPath(Scope.ENVIRONMENT) + "/bulk",
                "{\"cidrs\":\"" + cidrs + "\"}");
        send(
                rules,
                tenant.token(),
                "POST",
                tenant.rulesPath(Scope.ORG),
                "{\"cidr\":\"172.16.0.66\",\"action\":\"deny\"}");
        awaitReason(tenant.env(), "172.16.0.66", "DENY_RULE");
        awaitReason(tenant.env(), "198.51.100.1", "NOT_ALLOWLISTED");

        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        Thread load = new Thread(() -> {
            String[] denied = {"172.16.0.66", "198.51.100.1", "203.0.113.9"};
            int i = 0;
            while (running.get()) {
                String ip = denied[i++ % denied.length];
                outcomes.computeIfAbsent(outcome(tenant.env(), ip), k -> new AtomicInteger())
                        .incrementAndGet();
            }
        });
        load.start();
        int deniedBeforeRestart;
        int deniedAfterRestart;
        try {
            // the load runs at the machine's pace: count answers, not milliseconds
            awaitCount(outcomes, "200 DENY", 50);
            deniedBeforeRestart = outcomes.get("200 DENY").get();
            enforcement.restart();
            int atReady = outcomes.get("200 DENY").get();
            awaitCount(outcomes, "200 DENY", atReady + 50);
            deniedAfterRestart = outcomes.get("200 DENY").get() - atReady;
        } finally {
            running.set(false);
            load.join();
        }
        assertThat(outcomes.keySet())
                .as("outcomes of decisions for denied addresses across a restart: %s", outcomes)
                .doesNotContain("200 ALLOW")
                .isSubsetOf(Set.of("200 DENY", "503", "no answer"));
        assertThat(deniedBeforeRestart).isGreaterThanOrEqualTo(50);
        assertThat(deniedAfterRestart)
                .as("denials answered once the restarted service was ready")
                .isGreaterThanOrEqualTo(50);
    }

    /** Waits (at most 60 s) until {@code outcome} was seen {@code count} times. */
    private static void awaitCount(Map<String, AtomicInteger> outcomes, String outcome, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (outcomes.getOrDefault(outcome, new AtomicInteger()).get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " \"" + outcome + "\" within 60 s: " + outcomes);
            }
            Thread.sleep(10);
        }
    }

    private static String outcome(UUID env, String ip) {
        try {
            HttpResponse<String> response = raw(
                    enforcement,
                    null,
                    "POST",
                    "/v1/decisions",
                    "{\"ip\":\"" + ip + "\",\"environmentId\":\"" + env + "\"}");
            if (response.statusCode() == 200) {
                return "200 " + JSON.readTree(response.body()).get("decision").asText();
            }
            return Integer.toString(response.statusCode());
        } catch (IOException e) {
            return "no answer";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no answer";
        }
    }

    private static long eventsOf(List<ConsumerRecord<String, byte[]>> records, UUID org) {
        String needle = "\"orgId\":\"" + org + "\"";
        return records.stream()
                .filter(r -> r.value() != null
                        && new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).startsWith("{")
                        && new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains(needle))
                .count();
    }

    /** The rules at a scope as rule-service lists them, as the reference model takes them. */
    private static List<Rule> stored(Tenant tenant, Scope scope) throws Exception {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode rule : send(FaultsIT.rules, tenant.token(), "GET", tenant.rulesPath(scope), null)
                .get("rules")) {
            rules.add(new Rule(
                    UUID.fromString(rule.get("id").asText()),
                    scope,
                    UUID.fromString(rule.get("scopeId").asText()),
                    Addresses.parseNetwork(rule.get("cidr").asText()),
                    Action.fromWireName(rule.get("action").asText()),
                    Set.of(),
                    rule.get("isActive").asBoolean(),
                    null,
                    Instant.parse(rule.get("createdAt").asText())));
        }
        return rules;
    }

    private static void awaitReason(UUID env, String ip, String reason) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = decide(env, ip);
            if (reason.equals(last.path("reason").asText())) {
                return;
            }
            pause();
        }
        throw new AssertionError("no " + reason + " for " + ip + "; last " + last);
    }

    private static JsonNode decide(UUID env, String ip) throws Exception {
        IpAddress parsed = Addresses.parseAddress(ip);
        return send(
                enforcement,
                null,
                "POST",
                "/v1/decisions",
                "{\"ip\":\"" + parsed + "\",\"environmentId\":\"" + env + "\"}");
    }

    private static boolean pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private static JsonNode send(ServiceProcess service, String token, String method, String path, String body)
            throws Exception {
        HttpResponse<String> response = raw(service, token, method, path, body);
        if (response.statusCode() >= 300) {
            throw new AssertionError(
                    method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> raw(
            ServiceProcess service, String token, String method, String path, String body)
            throws IOException, InterruptedException {
        return ServiceCalls.call(service, method, path, token, body);
    }
}
