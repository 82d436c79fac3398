package dev.ipfence.enforcement.state;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.events.RecordKeys;
import dev.ipfence.core.events.RuleState;
import java.io.IOException;
import java.util.UUID;

/**
 * Reads records of {@code ipfence.rules.v1} into {@link RuleEvent}s. Never throws: a record that
 * is not a valid event of the contract is a {@link RuleEvent.Rejected} with the reason and what
 * could be read of its organization and scope, so the store can fail closed for those only.
 * Fields it does not know are ignored (a newer rule-service may add some, see docs/events.md).
 * Pure and thread-safe, so a batch is read on all cores.
 */
public final class RuleEventReader {

    private final ObjectMapper json;
    private final ObjectReader environments;
    private final ObjectReader rules;
    private final ObjectReader admissionRules;
    private final ObjectReader policyGroups;
    private final ObjectReader policies;

    public RuleEventReader(ObjectMapper json) {
        this.json = json;
        this.environments =
                json.readerFor(EnvironmentState.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.rules = json.readerFor(RuleState.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.admissionRules =
                json.readerFor(AdmissionRuleState.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.policyGroups =
                json.readerFor(PolicyGroupState.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.policies = json.readerFor(PolicyState.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** One record: {@code value} is the event data, or null for a tombstone. */
    public RuleEvent read(String key, byte[] value) {
        // a key is an id only as UUID.toString writes it: else a tombstone under another spelling
        // of an id would delete the entity here while compaction keeps its record under its own key
        UUID id = RecordKeys.entityId(key);
        if (id == null) {
            if (value == null) {
                return new RuleEvent.KeyTombstone(key);
            }
            return rejected(
                    key,
                    value,
                    "the record key \"" + key + "\" is not an entity id as rule-service writes it"
                            + " (lower-case, 8-4-4-4-12 hex digits)");
        }
        if (value == null) {
            return new RuleEvent.Tombstone(id);
        }
        try {
            return readEvent(id, value);
        } catch (IOException | RuntimeException e) {
            RuleEvent.Rejected rejected = rejected(key, value, e.getMessage() == null ? e.toString() : e.getMessage());
            if ("apiKey".equals(rejected.entityType())) {
                // a key whose record cannot be read is refused, it does not close any decision
                return new RuleEvent.ApiKeyChange(id, 0, false, null, rejected.reason());
            }
            return rejected;
        }
    }

    /** Streamed: the entity is bound straight from the parser and "previous" is skipped unread. */
    private RuleEvent readEvent(UUID id, byte[] value) throws IOException {
        String type = null;
        Long version = null;
        boolean deleted = false;
        Object entity = null;
        JsonNode entityTree = null;
        try (JsonParser parser = json.getFactory().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a rule event is a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "entityType" -> type = parser.getValueAsString();
                    case "version" -> version = parser.getLongValue();
                    case "deleted" -> deleted = token == JsonToken.VALUE_TRUE;
                    case "entity" -> {
                        if (token == JsonToken.VALUE_NULL) {
                            break;
                        }
                        if (type == null) {
                            // the type comes later in this event: keep the entity as a tree until then
                            entityTree = json.readTree(parser);
                        } else {
                            entity = readEntity(parser, type);
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        }
        if (type == null) {
            throw new IOException("the event names no entityType");
        }
        if (version == null) {
            throw new IOException("the event has no version");
        }
        if (version < 0) {
            // a negative version would read as "none" wherever versions order records
            throw new IOException("the event's version must be 0 or more, got " + version);
        }
        if (entityTree != null) {
            JsonParser parser = entityTree.traverse(json);
            parser.nextToken();
            entity = readEntity(parser, type);
        }
        return switch (type) {
            case "environment" -> RuleEntityChecks.environment(id, version, deleted, (EnvironmentState) entity);
            case "rule" -> RuleEntityChecks.rule(id, version, deleted, (RuleState) entity);
            case "apiKey" -> new RuleEvent.ApiKeyChange(id, version, deleted, deleted ? null : (JsonNode) entity, null);
            case "admissionRule" -> RuleEntityChecks.admissionRule(id, version, deleted, (AdmissionRuleState) entity);
            case "policyGroup" -> RuleEntityChecks.policyGroup(id, version, deleted, (PolicyGroupState) entity);
            case "policy" -> RuleEntityChecks.policy(id, version, deleted, (PolicyState) entity);
            default -> new RuleEvent.OtherChange(id, type);
        };
    }

    private Object readEntity(JsonParser parser, String type) throws IOException {
        return switch (type) {
            case "environment" -> environments.readValue(parser);
            case "rule" -> rules.readValue(parser);
            case "apiKey" -> json.readTree(parser);
            case "admissionRule" -> admissionRules.readValue(parser);
            case "policyGroup" -> policyGroups.readValue(parser);
            case "policy" -> policies.readValue(parser);
            default -> {
                parser.skipChildren();
                yield null;
            }
        };
    }

    /** What can still be read of a record that is refused: its entity type, organization and scope. */
    private RuleEvent.Rejected rejected(String key, byte[] value, String reason) {
        String type = null;
        UUID orgId = null;
        UUID scopeId = null;
        if (value != null) {
            try {
                JsonNode event = json.readTree(value);
                type = text(event, "entityType");
                JsonNode entity = event == null ? null : event.get("entity");
                orgId = uuid(event, "orgId") != null ? uuid(event, "orgId") : uuid(entity, "orgId");
                scopeId = uuid(entity, "scopeId");
            } catch (IOException | RuntimeException unreadable) {
                // not even JSON: only the key is known
            }
        }
        return new RuleEvent.Rejected(key, type, orgId, scopeId, reason);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static UUID uuid(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
