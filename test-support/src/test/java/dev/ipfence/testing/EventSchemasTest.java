package dev.ipfence.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.ApiKeyState;
import dev.ipfence.core.events.BlockedAttemptEvent;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.ChangeEvent.Change;
import dev.ipfence.core.events.ChangeEvent.EntityType;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.events.ProjectState;
import dev.ipfence.core.events.RuleState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The event schemas accept what the core records serialise to, and reject what breaks the contract. */
class EventSchemasTest {

    private static final UUID ORG = UUID.randomUUID();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Test
    void everyEntityTypeBuiltFromTheCoreRecordsValidatesForEveryChange() throws Exception {
        for (Object state : List.of(
                project(),
                environment(),
                rule("10.0.0.0/8"),
                rangeRule(),
                admissionRule(),
                policyGroup(),
                policy(),
                apiKey())) {
            EntityType type = typeOf(state);
            EventSchemas.assertValid(
                    EventSchemas.RULE_CHANGE_EVENT, json(event(type, Change.created, state)), type + " created");
            EventSchemas.assertValid(
                    EventSchemas.RULE_CHANGE_EVENT, json(event(type, Change.updated, state)), type + " updated");
            EventSchemas.assertValid(
                    EventSchemas.RULE_CHANGE_EVENT, json(event(type, Change.deleted, state)), type + " deleted");
        }
        EventSchemas.assertValid(
                EventSchemas.RULE_CHANGE_EVENT,
                json(event(EntityType.rule, Change.created, rule("2001:db8::/32"))),
                "ipv6 rule");
    }

    @Test
    void blockedAttemptsBuiltFromTheCoreRecordValidateWithAndWithoutPolicy() throws Exception {
        EventSchemas.assertValid(EventSchemas.BLOCKED_ATTEMPT_EVENT, json(blocked()), "a DENY_RULE attempt");
        BlockedAttemptEvent byPolicy = new BlockedAttemptEvent(
                UUID.randomUUID(),
                "2001:db8::1",
                "GET",
                "/",
                "shop.example",
                NOW,
                NOW,
                UUID.randomUUID(),
                ORG,
                "http",
                null,
                "POLICY_DENY",
                1,
                UUID.randomUUID());
        EventSchemas.assertValid(EventSchemas.BLOCKED_ATTEMPT_EVENT, json(byPolicy), "a POLICY_DENY attempt");
        ObjectNode withoutPolicyId = tree(blocked());
        withoutPolicyId.remove("policyId");
        EventSchemas.assertValid(
                EventSchemas.BLOCKED_ATTEMPT_EVENT, withoutPolicyId.toString(), "an event of the first release");
        ObjectNode grown = tree(blocked());
        grown.put("aFieldOfALaterRelease", 1);
        EventSchemas.assertValid(EventSchemas.BLOCKED_ATTEMPT_EVENT, grown.toString(), "an event with an added field");
    }

    @Test
    void aMissingRequiredFieldIsRejectedByName() throws Exception {
        assertRejected(ruleEvent(e -> ((ObjectNode) e.get("entity")).remove("orgId")), "orgId");
        assertRejected(ruleEvent(e -> e.remove("version")), "version");
        assertBlockedRejected(blockedEvent(e -> e.remove("reason")), "reason");
    }

    @Test
    void aValueOutsideAnEnumerationIsRejected() throws Exception {
        assertRejected(ruleEvent(e -> ((ObjectNode) e.get("entity")).put("action", "block")), "action");
        assertRejected(ruleEvent(e -> e.put("change", "renamed")), "change");
        assertRejected(ruleEvent(e -> e.put("entityType", "widget")), "entityType");
        assertBlockedRejected(blockedEvent(e -> e.put("reason", "ALLOW_RULE")), "reason");
    }

    @Test
    void aBadUuidOrTimestampIsRejected() throws Exception {
        assertRejected(ruleEvent(e -> e.put("id", "not-a-uuid")), "id");
        assertRejected(ruleEvent(e -> ((ObjectNode) e.get("entity")).put("scopeId", "0b9c1a57")), "scopeId");
        assertRejected(ruleEvent(e -> e.put("occurredAt", "yesterday")), "occurredAt");
        assertBlockedRejected(blockedEvent(e -> e.put("environmentId", "shop")), "environmentId");
    }

    @Test
    void aValueOfTheWrongTypeIsRejected() throws Exception {
        assertRejected(ruleEvent(e -> e.put("version", "2")), "version");
        assertRejected(ruleEvent(e -> e.put("deleted", "false")), "deleted");
        assertBlockedRejected(blockedEvent(e -> e.put("count", "many")), "count");
    }

    @Test
    void aRuleBreakingItsOwnRulesIsRejected() throws Exception {
        assertRejected(ruleEvent(e -> ((ObjectNode) e.get("entity")).put("cidr", "10.0.0.0/33")), "cidr");
        assertRejected(ruleEvent(e -> ((ObjectNode) e.get("entity")).put("cidr", "10.0.0.0")), "cidr");
        assertRejected(
                ruleEvent(e -> ((ObjectNode) e.get("entity"))
                        .putObject("range")
                        .put("from", "10.0.0.1")
                        .put("to", "10.0.0.9")),
                "range");
        assertRejected(ruleEvent(e -> e.put("deleted", true)), "deleted");
        assertRejected(
                ruleEvent(e ->
                        ((ObjectNode) e.get("entity")).putArray("trafficScopes").add("Not A Scope")),
                "trafficScopes");
    }

    @Test
    void aFailedValidationSaysWhatAndWhere() throws Exception {
        String broken = ruleEvent(e -> ((ObjectNode) e.get("entity")).put("action", "block"));
        assertThatThrownBy(() -> EventSchemas.assertValid(EventSchemas.RULE_CHANGE_EVENT, broken, "a rule event"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("a rule event breaks rule-change-event.schema.json")
                .hasMessageContaining("/entity/action");
    }

    private static void assertRejected(String json, String field) {
        List<String> problems = EventSchemas.problems(EventSchemas.RULE_CHANGE_EVENT, json);
        assertThat(problems).as("problems of %s", json).isNotEmpty();
        assertThat(String.join("\n", problems)).contains(field);
    }

    private static void assertBlockedRejected(String json, String field) {
        List<String> problems = EventSchemas.problems(EventSchemas.BLOCKED_ATTEMPT_EVENT, json);
        assertThat(problems).as("problems of %s", json).isNotEmpty();
        assertThat(String.join("\n", problems)).contains(field);
    }

    private static String ruleEvent(Consumer<ObjectNode> mutation) throws JsonProcessingException {
        ObjectNode event = tree(event(EntityType.rule, Change.created, rule("10.0.0.0/8")));
        EventSchemas.assertValid(EventSchemas.RULE_CHANGE_EVENT, event.toString(), "the event before the mutation");
        mutation.accept(event);
        return event.toString();
    }

    private static String blockedEvent(Consumer<ObjectNode> mutation) throws JsonProcessingException {
        ObjectNode event = tree(blocked());
        mutation.accept(event);
        return event.toString();
    }

    private static ObjectNode tree(Object value) {
        return EventJson.MAPPER.valueToTree(value);
    }

    private static String json(Object value) throws JsonProcessingException {
        return EventJson.MAPPER.writeValueAsString(value);
    }

    private static ChangeEvent<Object> event(EntityType type, Change change, Object state) {
        return new ChangeEvent<>(
                type,
                change,
                idOf(state),
                ORG,
                change == Change.created ? 1 : 2,
                change == Change.deleted,
                "alice",
                NOW,
                state,
                change == Change.created ? null : state);
    }

    private static EntityType typeOf(Object state) {
        if (state instanceof ProjectState) {
            return EntityType.project;
        } else if (state instanceof EnvironmentState) {
            return EntityType.environment;
        } else if (state instanceof RuleState) {
            return EntityType.rule;
        } else if (state instanceof AdmissionRuleState) {
            return EntityType.admissionRule;
        } else if (state instanceof PolicyGroupState) {
            return EntityType.policyGroup;
        } else if (state instanceof PolicyState) {
            return EntityType.policy;
        } else if (state instanceof ApiKeyState) {
            return EntityType.apiKey;
        }
        throw new IllegalArgumentException(state.toString());
    }

    private static UUID idOf(Object state) {
        return UUID.fromString(tree(state).get("id").asText());
    }

    private static ProjectState project() {
        return new ProjectState(UUID.randomUUID(), ORG, "shop", NOW, NOW, "alice", "alice", 1);
    }

    private static EnvironmentState environment() {
        return new EnvironmentState(UUID.randomUUID(), ORG, UUID.randomUUID(), "prod", NOW, NOW, "alice", "alice", 1);
    }

    private static RuleState rule(String cidr) {
        return new RuleState(
                UUID.randomUUID(),
                ORG,
                "environment",
                UUID.randomUUID(),
                cidr,
                null,
                "deny",
                List.of("http"),
                true,
                "office",
                NOW.plusSeconds(60),
                60L,
                NOW,
                NOW,
                "alice",
                "alice",
                1);
    }

    private static RuleState rangeRule() {
        return new RuleState(
                UUID.randomUUID(),
                ORG,
                "org",
                ORG,
                null,
                new RuleState.Range("10.0.0.1", "10.0.0.9"),
                "allow",
                List.of(),
                true,
                null,
                null,
                null,
                NOW,
                NOW,
                "alice",
                "alice",
                1);
    }

    private static AdmissionRuleState admissionRule() {
        return new AdmissionRuleState(
                UUID.randomUUID(),
                ORG,
                "office hours",
                "CUSTOM",
                "request.device.managed",
                true,
                new AdmissionRuleState.TimeWindow(List.of("MONDAY", "FRIDAY"), "09:00", "17:30", "Europe/Berlin"),
                NOW,
                NOW,
                "alice",
                "alice",
                1);
    }

    private static PolicyGroupState policyGroup() {
        return new PolicyGroupState(
                UUID.randomUUID(), ORG, "staff", null, 10, false, List.of("staff"), NOW, NOW, "alice", "alice", 1);
    }

    private static PolicyState policy() {
        return new PolicyState(
                UUID.randomUUID(),
                ORG,
                "office",
                "",
                List.of(UUID.randomUUID()),
                List.of(),
                List.of(),
                List.of("crm"),
                List.of(),
                false,
                true,
                true,
                false,
                List.of("10.0.0.0/8", "10.1.0.1-10.1.0.9"),
                "PRIVATE",
                null,
                true,
                UUID.randomUUID(),
                NOW,
                NOW,
                "alice",
                "alice",
                1);
    }

    private static ApiKeyState apiKey() {
        return new ApiKeyState(
                UUID.randomUUID(),
                ORG,
                "ci",
                List.of("ip-access:read"),
                "ab".repeat(32),
                null,
                null,
                NOW,
                NOW,
                "alice",
                "alice",
                1);
    }

    private static BlockedAttemptEvent blocked() {
        return new BlockedAttemptEvent(
                UUID.randomUUID(),
                "198.51.100.77",
                "POST",
                "/login?next=/admin",
                "shop.example",
                NOW,
                NOW.plusMillis(750),
                UUID.randomUUID(),
                ORG,
                "http",
                UUID.randomUUID(),
                "DENY_RULE",
                37);
    }
}
