package dev.ipfence.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.ApiKeyState;
import dev.ipfence.core.events.BlockedAttemptEvent;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.ChangeEvent.Change;
import dev.ipfence.core.events.ChangeEvent.EntityType;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.events.Topic;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Publishes events the way the services do, for one test organization: hierarchy and rule events
 * as rule-service, blocked attempts as enforcement-service.
 */
public final class RuleEvents implements AutoCloseable {

    private static final ObjectMapper JSON = EventJson.MAPPER;

    public final UUID org = UUID.randomUUID();
    public final UUID project = UUID.randomUUID();
    private final TopicWriter writer = new TopicWriter();

    public UUID environment() {
        UUID id = UUID.randomUUID();
        Instant now = now();
        EnvironmentState env = new EnvironmentState(id, org, project, "env", now, now, "tester", "tester", 1);
        publishCreated(EntityType.environment, id, now, env);
        return id;
    }

    public RuleState rule(String scope, UUID scopeId, String cidr, String action, List<String> trafficScopes) {
        Instant now = now();
        RuleState rule = new RuleState(
                UUID.randomUUID(),
                org,
                scope,
                scopeId,
                cidr,
                null,
                action,
                trafficScopes,
                true,
                null,
                null,
                null,
                now,
                now,
                "tester",
                "tester",
                1);
        publishCreated(EntityType.rule, rule.id(), now, rule);
        return rule;
    }

    public void delete(RuleState rule) {
        Instant now = now();
        publish(new ChangeEvent<>(
                EntityType.rule, Change.deleted, rule.id(), org, rule.version() + 1, true, "tester", now, rule, rule));
        writer.send(Topic.RULES.topicName(), rule.id().toString(), null);
    }

    /** An API key published as rule-service does, and its secret (which only the test knows). */
    public record ApiKey(ApiKeyState state, String secret) {}

    /** Publishes a new API key of the organization with {@code roles}. */
    public ApiKey apiKey(String... roles) {
        UUID id = UUID.randomUUID();
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String secret = "ipf_" + id.toString().replace("-", "") + "_"
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant now = now();
        ApiKeyState key = new ApiKeyState(
                id, org, "test key", List.of(roles), sha256(secret), null, null, now, now, "tester", "tester", 1);
        publishCreated(EntityType.apiKey, id, now, key);
        return new ApiKey(key, secret);
    }

    /** Publishes the revocation of {@code key}. */
    public void revoke(ApiKey key) {
        Instant now = now();
        ApiKeyState before = key.state();
        ApiKeyState after = new ApiKeyState(
                before.id(),
                org,
                before.name(),
                before.roles(),
                before.secretHash(),
                before.expiresAt(),
                now,
                before.createdAt(),
                now,
                before.createdBy(),
                "tester",
                before.version() + 1);
        publish(new ChangeEvent<>(
                EntityType.apiKey,
                Change.updated,
                before.id(),
                org,
                after.version(),
                false,
                "tester",
                now,
                after,
                before));
    }

    /** Publishes a new access policy of the organization for everyone and everything, from {@code sourceIps}. */
    public PolicyState policy(String name, List<String> sourceIps) {
        PolicySpec spec = new PolicySpec();
        spec.name = name;
        spec.allGroups = true;
        spec.allUsers = true;
        spec.allDevices = true;
        spec.allResources = true;
        spec.sourceIps = sourceIps;
        return policy(spec);
    }

    /** An admission rule of the organization; {@code window} null: no time constraint. */
    public AdmissionRuleState admissionRule(String type, String condition, AdmissionRuleState.TimeWindow window) {
        Instant now = now();
        AdmissionRuleState rule = new AdmissionRuleState(
                UUID.randomUUID(),
                org,
                "admission rule",
                type,
                condition,
                window != null,
                window,
                now,
                now,
                "tester",
                "tester",
                1);
        publishCreated(EntityType.admissionRule, rule.id(), now, rule);
        return rule;
    }

    /** A policy group of the organization. */
    public PolicyGroupState policyGroup(boolean samlDefault, List<String> idpMapping) {
        Instant now = now();
        PolicyGroupState group = new PolicyGroupState(
                UUID.randomUUID(), org, "group", "", 10, samlDefault, idpMapping, now, now, "tester", "tester", 1);
        publishCreated(EntityType.policyGroup, group.id(), now, group);
        return group;
    }

    /** What a policy says; every list empty and every flag false until set. */
    public static final class PolicySpec {
        public String name = "policy";
        public List<UUID> groups = List.of();
        public List<String> users = List.of();
        public List<String> devices = List.of();
        public List<String> resources = List.of();
        public List<String> gateways = List.of();
        public boolean allGroups;
        public boolean allUsers;
        public boolean allDevices;
        public boolean allResources;
        public List<String> sourceIps = List.of();
        public String type = "PRIVATE";
        public String mode;
        public boolean action = true;
        public UUID rule;
    }

    /** A policy of the organization, as {@code spec} says. */
    public PolicyState policy(PolicySpec spec) {
        Instant now = now();
        PolicyState policy = new PolicyState(
                UUID.randomUUID(),
                org,
                spec.name,
                "",
                spec.groups,
                spec.users,
                spec.devices,
                spec.resources,
                spec.gateways,
                spec.allGroups,
                spec.allUsers,
                spec.allDevices,
                spec.allResources,
                spec.sourceIps,
                spec.type,
                spec.mode,
                spec.action,
                spec.rule,
                now,
                now,
                "tester",
                "tester",
                1);
        publishCreated(EntityType.policy, policy.id(), now, policy);
        return policy;
    }

    private static String sha256(String secret) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A policy's update event at {@code version}, as JSON text, for tests that change it before sending. */
    public String policyJson(PolicyState policy, long version) {
        try {
            return JSON.writeValueAsString(new ChangeEvent<>(
                    EntityType.policy,
                    Change.updated,
                    policy.id(),
                    org,
                    version,
                    false,
                    "tester",
                    now(),
                    policy,
                    null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a policy: the deletion event, then the tombstone. */
    public void delete(PolicyState policy) {
        Instant now = now();
        publish(new ChangeEvent<>(
                EntityType.policy,
                Change.deleted,
                policy.id(),
                org,
                policy.version() + 1,
                true,
                "tester",
                now,
                policy,
                policy));
        writer.send(Topic.RULES.topicName(), policy.id().toString(), null);
    }

    /** Any record on the rules topic, as given: for events a newer or a broken producer might write. */
    public void raw(String key, String json) {
        writer.send(
                Topic.RULES.topicName(),
                key,
                json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "ce_specversion",
                "1.0");
    }

    /** A rule event as rule-service writes it, as JSON text, for tests that change it before sending. */
    public String ruleJson(String scope, UUID scopeId, String cidr, String action, UUID id, long version) {
        Instant now = now();
        RuleState rule = new RuleState(
                id, org, scope, scopeId, cidr, null, action, List.of(), true, null, null, null, now, now, "tester",
                "tester", version);
        try {
            return JSON.writeValueAsString(new ChangeEvent<>(
                    EntityType.rule,
                    version == 1 ? Change.created : Change.updated,
                    id,
                    org,
                    version,
                    false,
                    "tester",
                    now,
                    rule,
                    null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A blocked-attempt event as enforcement-service sends it; returns it so a test can send it again. */
    public BlockedAttemptEvent blockedAttempt(
            UUID environment, String ip, Instant at, String reason, UUID ruleId, long count) {
        BlockedAttemptEvent event = new BlockedAttemptEvent(
                UUID.randomUUID(),
                ip,
                "GET",
                "/orders",
                "shop.example",
                at,
                at,
                environment,
                org,
                "http",
                ruleId,
                reason,
                count);
        send(event);
        return event;
    }

    /** Sends an already published blocked-attempt event again (a replay). */
    public void send(BlockedAttemptEvent event) {
        try {
            writer.send(
                    Topic.BLOCKED_ATTEMPTS.topicName(),
                    event.environmentId().toString(),
                    JSON.writeValueAsBytes(event),
                    "ce_id",
                    event.id().toString(),
                    "ce_type",
                    BlockedAttemptEvent.CLOUD_EVENT_TYPE);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes the creation of {@code state}, version 1, by the tester. */
    private void publishCreated(EntityType type, UUID id, Instant now, Object state) {
        publish(new ChangeEvent<>(type, Change.created, id, org, 1, false, "tester", now, state, null));
    }

    private void publish(ChangeEvent<?> event) {
        try {
            writer.send(
                    Topic.RULES.topicName(),
                    event.id().toString(),
                    JSON.writeValueAsBytes(event),
                    "ce_type",
                    event.cloudEventType(),
                    "ce_specversion",
                    "1.0");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public void close() {
        writer.close();
    }
}
