package dev.ipfence.enforcement.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ipfence.core.events.ApiKeyState;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.Rule;
import dev.ipfence.testing.EventJson;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/** Records of {@code ipfence.rules.v1} as rule-service writes them, and broken ones, for plain tests. */
final class RuleRecords {

    private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

    private RuleRecords() {}

    static RuleState state(Rule rule, UUID orgId, long version) {
        return RuleState.of(rule, orgId, rule.createdAt(), "tester", version);
    }

    static byte[] rule(Rule rule, UUID orgId, long version) {
        return json(new ChangeEvent<>(
                ChangeEvent.EntityType.rule,
                version == 1 ? ChangeEvent.Change.created : ChangeEvent.Change.updated,
                rule.id(),
                orgId,
                version,
                false,
                "tester",
                AT,
                state(rule, orgId, version),
                null));
    }

    static byte[] deletedRule(Rule rule, UUID orgId, long version) {
        RuleState last = state(rule, orgId, version);
        return json(new ChangeEvent<>(
                ChangeEvent.EntityType.rule,
                ChangeEvent.Change.deleted,
                rule.id(),
                orgId,
                version,
                true,
                "tester",
                AT,
                last,
                last));
    }

    static byte[] environment(UUID id, UUID orgId, UUID projectId, long version) {
        return environment(id, orgId, projectId, version, false);
    }

    /** The record of an environment's deletion, with its last state. */
    static byte[] deletedEnvironment(UUID id, UUID orgId, UUID projectId, long version) {
        return environment(id, orgId, projectId, version, true);
    }

    private static byte[] environment(UUID id, UUID orgId, UUID projectId, long version, boolean deleted) {
        EnvironmentState env = new EnvironmentState(id, orgId, projectId, "env", AT, AT, "tester", "tester", version);
        return json(new ChangeEvent<>(
                ChangeEvent.EntityType.environment,
                deleted ? ChangeEvent.Change.deleted : ChangeEvent.Change.created,
                id,
                orgId,
                version,
                deleted,
                "tester",
                AT,
                env,
                deleted ? env : null));
    }

    /** A rule record changed as {@code change} says, on its JSON tree (fields added, removed, set to nonsense). */
    static byte[] ruleEdited(Rule rule, UUID orgId, long version, Consumer<ObjectNode> change) {
        try {
            ObjectNode event = (ObjectNode) EventJson.MAPPER.readTree(rule(rule, orgId, version));
            change.accept(event);
            return EventJson.MAPPER.writeValueAsBytes(event);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An admission rule, policy group or policy record; {@code deleted}: its deletion, {@code state} its last state. */
    /** {@code rule}'s record with an expiry past what the matcher's clock can hold: it is refused. */
    static byte[] expiringBeyondTheMatcherClock(Rule rule, UUID orgId, long version) {
        return ruleEdited(
                rule,
                orgId,
                version,
                event -> ((ObjectNode) event.get("entity")).put("expiresAt", "+294260-01-01T00:00:00Z"));
    }

    static byte[] policyEntity(
            ChangeEvent.EntityType type, UUID id, UUID orgId, Object state, long version, boolean deleted) {
        return json(new ChangeEvent<>(
                type,
                deleted
                        ? ChangeEvent.Change.deleted
                        : version == 1 ? ChangeEvent.Change.created : ChangeEvent.Change.updated,
                id,
                orgId,
                version,
                deleted,
                "tester",
                AT,
                state,
                deleted ? state : null));
    }

    static byte[] admissionRule(dev.ipfence.core.events.AdmissionRuleState state, long version) {
        return policyEntity(ChangeEvent.EntityType.admissionRule, state.id(), state.orgId(), state, version, false);
    }

    static byte[] policyGroup(dev.ipfence.core.events.PolicyGroupState state, long version) {
        return policyEntity(ChangeEvent.EntityType.policyGroup, state.id(), state.orgId(), state, version, false);
    }

    static byte[] policy(dev.ipfence.core.events.PolicyState state, long version) {
        return policyEntity(ChangeEvent.EntityType.policy, state.id(), state.orgId(), state, version, false);
    }

    /** A valid API key of {@code orgId} in {@code version}. */
    static ApiKeyState apiKeyState(UUID id, UUID orgId, long version) {
        return new ApiKeyState(
                id,
                orgId,
                "key " + version,
                java.util.List.of("ip-access:read"),
                "ab".repeat(32),
                null,
                null,
                AT,
                AT,
                "tester",
                "tester",
                version);
    }

    /** An API key's record; {@code deleted}: its deletion, {@code state} its last state. */
    static byte[] apiKey(ApiKeyState state, boolean deleted) {
        return policyEntity(ChangeEvent.EntityType.apiKey, state.id(), state.orgId(), state, state.version(), deleted);
    }

    /** An API key's record that cannot be read as one: it names its type and nothing else. */
    static byte[] unreadableApiKey() {
        return "{\"entityType\":\"apiKey\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A record changed as {@code change} says, on its JSON tree. */
    static byte[] edited(byte[] record, Consumer<ObjectNode> change) {
        try {
            ObjectNode event = (ObjectNode) EventJson.MAPPER.readTree(record);
            change.accept(event);
            return EventJson.MAPPER.writeValueAsBytes(event);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] json(ChangeEvent<?> event) {
        try {
            return EventJson.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
