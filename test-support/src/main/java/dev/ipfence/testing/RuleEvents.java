package dev.ipfence.testing;

import static dev.ipfence.testing.TesterStates.TESTER;

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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Publishes events the way the services do, for one test organization: hierarchy and rule events
 * as rule-service, blocked attempts as enforcement-service. The states are {@link TesterStates}.
 */
public final class RuleEvents implements AutoCloseable {

    public final UUID org = UUID.randomUUID();
    public final UUID project = UUID.randomUUID();
    private final TopicWriter writer = new TopicWriter();

    public UUID environment() {
        UUID id = UUID.randomUUID();
        Instant now = now();
        EnvironmentState env = new EnvironmentState(id, org, project, "env", now, now, TESTER, TESTER, 1);
        publishCreated(EntityType.environment, id, now, env);
        return id;
    }

    public RuleState rule(String scope, UUID scopeId, String cidr, String action, List<String> trafficScopes) {
        Instant now = now();
        RuleState rule = TesterStates.rule(UUID.randomUUID(), org, scope, scopeId, cidr, action, trafficScopes, 1, now);
        publishCreated(EntityType.rule, rule.id(), now, rule);
        return rule;
    }

    public void delete(RuleState rule) {
        publishDeletion(EntityType.rule, rule.id(), rule.version(), rule);
    }

    /** An API key published as rule-service does, and its secret (which only the test knows). */
    public record ApiKey(ApiKeyState state, String secret) {}

    /** Publishes a new API key of the organization with {@code roles}. */
    public ApiKey apiKey(String... roles) {
        Instant now = now();
        ApiKey key = TesterStates.apiKey(org, List.of(roles), now);
        publishCreated(EntityType.apiKey, key.state().id(), now, key.state());
        return key;
    }

    /** Publishes the revocation of {@code key}. */
    public void revoke(ApiKey key) {
        Instant now = now();
        ApiKeyState before = key.state();
        ApiKeyState after = TesterStates.revoked(before, now);
        publish(new ChangeEvent<>(
                EntityType.apiKey,
                Change.updated,
                before.id(),
                org,
                after.version(),
                false,
                TESTER,
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
        AdmissionRuleState rule = TesterStates.admissionRule(org, type, condition, window, now);
        publishCreated(EntityType.admissionRule, rule.id(), now, rule);
        return rule;
    }

    /** A policy group of the organization. */
    public PolicyGroupState policyGroup(boolean samlDefault, List<String> idpMapping) {
        Instant now = now();
        PolicyGroupState group = TesterStates.policyGroup(org, samlDefault, idpMapping, now);
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
        PolicyState policy = TesterStates.policy(org, spec, now);
        publishCreated(EntityType.policy, policy.id(), now, policy);
        return policy;
    }

    /** A policy's update event at {@code version}, as JSON text, for tests that change it before sending. */
    public String policyJson(PolicyState policy, long version) {
        return EventJson.text(new ChangeEvent<>(
                EntityType.policy, Change.updated, policy.id(), org, version, false, TESTER, now(), policy, null));
    }

    /** Deletes a policy: the deletion event, then the tombstone. */
    public void delete(PolicyState policy) {
        publishDeletion(EntityType.policy, policy.id(), policy.version(), policy);
    }

    /** Any record on the rules topic, as given: for events a newer or a broken producer might write. */
    public void raw(String key, String json) {
        writer.send(
                Topic.RULES.topicName(),
                key,
                json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                "ce_specversion",
                "1.0");
    }

    /** A rule event as rule-service writes it, as JSON text, for tests that change it before sending. */
    public String ruleJson(String scope, UUID scopeId, String cidr, String action, UUID id, long version) {
        Instant now = now();
        RuleState rule = TesterStates.rule(id, org, scope, scopeId, cidr, action, List.of(), version, now);
        Change change = version == 1 ? Change.created : Change.updated;
        return EventJson.text(
                new ChangeEvent<>(EntityType.rule, change, id, org, version, false, TESTER, now, rule, null));
    }

    /** A blocked-attempt event as enforcement-service sends it; returns it so a test can send it again. */
    public BlockedAttemptEvent blockedAttempt(
            UUID environment, String ip, Instant at, String reason, UUID ruleId, long count) {
        BlockedAttemptEvent event = TesterStates.blockedAttempt(org, environment, ip, at, reason, ruleId, count);
        send(event);
        return event;
    }

    /** Sends an already published blocked-attempt event again (a replay). */
    public void send(BlockedAttemptEvent event) {
        writer.send(
                Topic.BLOCKED_ATTEMPTS.topicName(),
                event.environmentId().toString(),
                EventJson.bytes(event),
                "ce_id",
                event.id().toString(),
                "ce_type",
                BlockedAttemptEvent.CLOUD_EVENT_TYPE);
    }

    /** Publishes the creation of {@code state}, version 1, by the tester. */
    private void publishCreated(EntityType type, UUID id, Instant now, Object state) {
        publish(new ChangeEvent<>(type, Change.created, id, org, 1, false, TESTER, now, state, null));
    }

    /** Publishes the deletion of {@code state} at {@code version}, then the tombstone. */
    private void publishDeletion(EntityType type, UUID id, long version, Object state) {
        publish(new ChangeEvent<>(type, Change.deleted, id, org, version + 1, true, TESTER, now(), state, state));
        writer.send(Topic.RULES.topicName(), id.toString(), null);
    }

    private void publish(ChangeEvent<?> event) {
        writer.send(
                Topic.RULES.topicName(),
                event.id().toString(),
                EventJson.bytes(event),
                "ce_type",
                event.cloudEventType(),
                "ce_specversion",
                "1.0");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public void close() {
        writer.close();
    }
}
