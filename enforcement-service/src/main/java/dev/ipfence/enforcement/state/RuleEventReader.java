package dev.ipfence.enforcement.state;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.RuleConstraints;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.policy.ConditionProblem;
import dev.ipfence.core.policy.Conditions;
import dev.ipfence.core.policy.ResourceRef;
import dev.ipfence.core.policy.SourceIps;
import dev.ipfence.core.policy.TimeWindows;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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

    private static final Set<String> ADMISSION_TYPES = Set.of("ALLOW", "DENY", "CUSTOM");
    private static final Set<String> MODES = Set.of("LOCAL", "REMOTE", "RESTRICTED");

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
        UUID id;
        try {
            id = UUID.fromString(key);
        } catch (RuntimeException e) {
            return rejected(key, value, "the record key \"" + key + "\" is not an entity id");
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
        if (entityTree != null) {
            JsonParser parser = entityTree.traverse(json);
            parser.nextToken();
            entity = readEntity(parser, type);
        }
        return switch (type) {
            case "environment" -> environment(id, version, deleted, (EnvironmentState) entity);
            case "rule" -> rule(id, version, deleted, (RuleState) entity);
            case "apiKey" -> new RuleEvent.ApiKeyChange(id, version, deleted, deleted ? null : (JsonNode) entity, null);
            case "admissionRule" -> admissionRule(id, version, deleted, (AdmissionRuleState) entity);
            case "policyGroup" -> policyGroup(id, version, deleted, (PolicyGroupState) entity);
            case "policy" -> policy(id, version, deleted, (PolicyState) entity);
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

    private static RuleEvent environment(UUID id, long version, boolean deleted, EnvironmentState state)
            throws IOException {
        if (deleted) {
            return new RuleEvent.EnvironmentChange(id, version, null);
        }
        require(state != null, "the environment event carries no entity");
        require(id.equals(state.id()), "the entity id " + state.id() + " is not the record key");
        require(state.orgId() != null, "the environment names no orgId");
        require(state.projectId() != null, "the environment names no projectId");
        return new RuleEvent.EnvironmentChange(id, version, state);
    }

    private static RuleEvent rule(UUID id, long version, boolean deleted, RuleState state) throws IOException {
        if (deleted) {
            return new RuleEvent.RuleChange(id, version, state == null ? null : state.orgId(), null);
        }
        require(state != null, "the rule event carries no entity");
        require(id.equals(state.id()), "the entity id " + state.id() + " is not the record key");
        require(state.orgId() != null, "the rule names no orgId");
        require(state.scopeId() != null, "the rule names no scopeId");
        require(
                Scope.fromWireName(state.scope()) != Scope.ORG
                        || state.scopeId().equals(state.orgId()),
                "an organization rule's scopeId is its orgId");
        require(state.action() != null, "the rule names no action");
        require(state.createdAt() != null, "the rule has no createdAt");
        require(state.trafficScopes() != null, "the rule has no trafficScopes (an empty list means all traffic)");
        List<String> problems = RuleConstraints.checkTrafficScopes(state.trafficScopes());
        require(problems.isEmpty(), "trafficScopes: " + String.join("; ", problems));
        RuleConstraints.checkExpiresAt(state.expiresAt()).ifPresent(problem -> {
            throw new IllegalArgumentException("expiresAt " + problem);
        });
        Rule rule = state.toRule();
        return new RuleEvent.RuleChange(id, version, state.orgId(), rule);
    }

    private static RuleEvent admissionRule(UUID id, long version, boolean deleted, AdmissionRuleState state)
            throws IOException {
        if (deleted) {
            return new RuleEvent.AdmissionRuleChange(id, version, state == null ? null : state.orgId(), null);
        }
        require(state != null, "the admission rule event carries no entity");
        require(id.equals(state.id()), "the entity id " + state.id() + " is not the record key");
        require(state.orgId() != null, "the admission rule names no orgId");
        require(
                state.type() != null && ADMISSION_TYPES.contains(state.type()),
                "type \"" + state.type() + "\" is not one of ALLOW, DENY, CUSTOM");
        List<ConditionProblem> problems = Conditions.check(state.rule());
        require(problems.isEmpty(), "rule: " + problems);
        if (state.hasTimeConstraint()) {
            List<String> window = TimeWindows.check(state.timeWindow());
            require(window.isEmpty(), String.join("; ", window));
        } else {
            require(state.timeWindow() == null, "timeWindow: must be absent when hasTimeConstraint is false");
        }
        return new RuleEvent.AdmissionRuleChange(id, version, state.orgId(), state);
    }

    private static RuleEvent policyGroup(UUID id, long version, boolean deleted, PolicyGroupState state)
            throws IOException {
        if (deleted) {
            return new RuleEvent.PolicyGroupChange(id, version, state == null ? null : state.orgId(), null);
        }
        require(state != null, "the policy group event carries no entity");
        require(id.equals(state.id()), "the entity id " + state.id() + " is not the record key");
        require(state.orgId() != null, "the policy group names no orgId");
        require(
                state.maxDevices() >= 0 && state.maxDevices() <= 1_000,
                "maxDevices " + state.maxDevices() + " is not between 0 and 1000");
        List<String> idpMapping = listOf(state.idpMapping(), "idpMapping");
        return new RuleEvent.PolicyGroupChange(
                id,
                version,
                state.orgId(),
                new PolicyGroupState(
                        state.id(),
                        state.orgId(),
                        state.name(),
                        state.description(),
                        state.maxDevices(),
                        state.isSamlDefaultGroup(),
                        idpMapping,
                        state.createdAt(),
                        state.updatedAt(),
                        state.createdBy(),
                        state.updatedBy(),
                        state.version()));
    }

    private static RuleEvent policy(UUID id, long version, boolean deleted, PolicyState state) throws IOException {
        if (deleted) {
            return new RuleEvent.PolicyChange(id, version, state == null ? null : state.orgId(), null);
        }
        require(state != null, "the policy event carries no entity");
        require(id.equals(state.id()), "the entity id " + state.id() + " is not the record key");
        require(state.orgId() != null, "the policy names no orgId");
        require(
                state.type() != null && ResourceRef.TYPES.contains(state.type()),
                "type \"" + state.type() + "\" is not one of " + String.join(", ", ResourceRef.TYPES));
        require(
                state.mode() == null || MODES.contains(state.mode()),
                "mode \"" + state.mode() + "\" is not one of LOCAL, REMOTE, RESTRICTED (or absent)");
        List<UUID> groups = listOf(state.groups(), "groups");
        List<String> users = listOf(state.users(), "users");
        List<String> devices = listOf(state.devices(), "devices");
        List<String> resources = listOf(state.resources(), "resources");
        List<String> gateways = listOf(state.gateways(), "gateways");
        List<String> sourceIps = listOf(state.sourceIps(), "sourceIps");
        for (String entry : sourceIps) {
            try {
                SourceIps.parse(entry);
            } catch (AddressException e) {
                throw new IOException("sourceIps: " + e.getMessage());
            }
        }
        require(
                !"RESTRICTED".equals(state.mode()) || (!gateways.isEmpty() && !sourceIps.isEmpty()),
                "a RESTRICTED policy names gateways and sourceIps");
        require(!"LOCAL".equals(state.mode()) || gateways.isEmpty(), "a LOCAL policy names no gateways");
        return new RuleEvent.PolicyChange(
                id,
                version,
                state.orgId(),
                new PolicyState(
                        state.id(),
                        state.orgId(),
                        state.name(),
                        state.description(),
                        groups,
                        users,
                        devices,
                        resources,
                        gateways,
                        state.allGroups(),
                        state.allUsers(),
                        state.allDevices(),
                        state.allResources(),
                        sourceIps,
                        state.type(),
                        state.mode(),
                        state.action(),
                        state.rule(),
                        state.createdAt(),
                        state.updatedAt(),
                        state.createdBy(),
                        state.updatedBy(),
                        state.version()));
    }

    /** A list field: absent means empty; an entry that is null is refused. */
    private static <T> List<T> listOf(List<T> list, String field) throws IOException {
        if (list == null) {
            return List.of();
        }
        require(list.stream().allMatch(Objects::nonNull), field + ": an entry is null");
        return List.copyOf(list);
    }

    private static void require(boolean condition, String problem) throws IOException {
        if (!condition) {
            throw new IOException(problem);
        }
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
