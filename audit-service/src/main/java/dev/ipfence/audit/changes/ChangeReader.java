package dev.ipfence.audit.changes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ipfence.audit.ingest.IngestPipeline;
import dev.ipfence.audit.ingest.JsonErrors;
import dev.ipfence.audit.ingest.Read;
import dev.ipfence.audit.ingest.SourceRecord;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.ApiKeyState;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.ChangeEvent.EntityType;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.events.ProjectState;
import dev.ipfence.core.events.RuleState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Binds a record of {@code ipfence.rules.v1} to {@link ChangeEvent} and its entity to the state
 * record of its type ({@link ProjectState}, {@link EnvironmentState}, {@link RuleState}, {@link
 * AdmissionRuleState}, {@link PolicyGroupState}, {@link PolicyState}, {@link ApiKeyState}), ignoring
 * fields this version does not know. An API key's {@code secretHash} is dropped from before and
 * after: the change log never holds it. A tombstone is skipped (the deletion event before it was logged).
 * Rejected, for the dead-letter topic: what is not such an event, an entity type this version does
 * not know (replay it from the dead-letter topic after upgrading), a key that is not the entity id,
 * a {@code ce_id} that is not a UUID, a missing {@code orgId}, {@code actor}, {@code occurredAt},
 * {@code entity}, or a {@code version} below 1.
 */
public final class ChangeReader implements IngestPipeline.Reader<ChangeRow> {

    private final ObjectReader events;
    private final ObjectReader projects;
    private final ObjectReader environments;
    private final ObjectReader rules;
    private final ObjectReader admissionRules;
    private final ObjectReader policyGroups;
    private final ObjectReader policies;
    private final ObjectReader apiKeys;

    public ChangeReader(ObjectMapper json) {
        this.events = json.readerFor(new TypeReference<ChangeEvent<JsonNode>>() {})
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.projects = json.readerFor(ProjectState.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.environments =
                json.readerFor(EnvironmentState.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.rules = json.readerFor(RuleState.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.admissionRules =
                json.readerFor(AdmissionRuleState.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.policyGroups =
                json.readerFor(PolicyGroupState.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.policies = json.readerFor(PolicyState.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.apiKeys = json.readerFor(ApiKeyState.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Override
    public Read<ChangeRow> read(SourceRecord record) {
        if (record.value() == null) {
            return Read.skipped();
        }
        try {
            ChangeEvent<JsonNode> event = events.readValue(record.value());
            if (event == null) {
                return Read.rejected("not a change event: the value is JSON null");
            }
            String problem = problem(record, event);
            if (problem != null) {
                return Read.rejected(problem);
            }
            UUID eventId = eventId(record, event);
            if (eventId == null) {
                return Read.rejected("ce_id \"" + record.header("ce_id") + "\" is not a UUID");
            }
            Object entity = entity(event.entityType(), event.entity(), "entity");
            if (event.previous() != null && !event.previous().isNull()) {
                entity(event.entityType(), event.previous(), "previous");
            }
            return row(eventId, event, entity);
        } catch (IOException e) {
            return Read.rejected("not a change event: " + JsonErrors.describe(e));
        }
    }

    private static String problem(SourceRecord record, ChangeEvent<JsonNode> event) {
        if (event.entityType() == null) {
            return "entityType is missing";
        }
        if (event.change() == null) {
            return "change is missing";
        }
        if (event.id() == null) {
            return "id is missing";
        }
        if (!event.id().toString().equals(record.key())) {
            return "the record key \"" + record.key() + "\" is not the entity id " + event.id();
        }
        if (event.orgId() == null) {
            return "orgId is missing";
        }
        if (event.version() < 1) {
            return "version " + event.version() + " is below 1";
        }
        if (event.actor() == null) {
            return "actor is missing";
        }
        if (event.occurredAt() == null) {
            return "occurredAt is missing";
        }
        if (event.entity() == null || !event.entity().isObject()) {
            return "entity is missing";
        }
        return null;
    }

    /** The entity bound to its state record: checks its fields have the contract's types. */
    private Object entity(EntityType type, JsonNode node, String field) throws IOException {
        try {
            return switch (type) {
                case project -> projects.readValue(node);
                case environment -> environments.readValue(node);
                case rule -> rules.readValue(node);
                case admissionRule -> admissionRules.readValue(node);
                case policyGroup -> policyGroups.readValue(node);
                case policy -> policies.readValue(node);
                case apiKey -> apiKeys.readValue(node);
            };
        } catch (JsonMappingException e) {
            e.prependPath(null, field);
            throw e;
        }
    }

    private static Read<ChangeRow> row(UUID eventId, ChangeEvent<JsonNode> event, Object entity) {
        String scope = null;
        UUID scopeId = null;
        ChangeRow.EnvironmentRef environment = null;
        if (entity instanceof RuleState rule) {
            scope = rule.scope();
            scopeId = rule.scopeId();
        } else if (entity instanceof EnvironmentState env) {
            if (env.projectId() == null || env.name() == null) {
                return Read.rejected("the environment has no " + (env.projectId() == null ? "projectId" : "name"));
            }
            environment = new ChangeRow.EnvironmentRef(
                    event.id(), event.orgId(), env.projectId(), env.name(), event.deleted(), event.version());
        }
        JsonNode previous = withoutSecrets(event.entityType(), event.previous());
        JsonNode after = withoutSecrets(event.entityType(), event.entity());
        return Read.ok(new ChangeRow(
                eventId,
                event.orgId(),
                event.entityType().name(),
                event.id(),
                event.change().name(),
                event.version(),
                event.actor(),
                event.occurredAt(),
                scope,
                scopeId,
                previous == null || previous.isNull() ? null : previous.toString(),
                event.deleted() ? null : after.toString(),
                environment));
    }

    /** An API key's state without its {@code secretHash}: the change log never keeps nor shows it. */
    static JsonNode withoutSecrets(EntityType type, JsonNode state) {
        if (type != EntityType.apiKey || state == null || !state.isObject()) {
            return state;
        }
        ObjectNode copy = state.deepCopy();
        copy.remove(SECRET_HASH);
        return copy;
    }

    static final String SECRET_HASH = "secretHash";

    /** The CloudEvent id (a replayed record carries the same); without one, derived from entity and version. */
    private static UUID eventId(SourceRecord record, ChangeEvent<JsonNode> event) {
        String ceId = record.header("ce_id");
        if (ceId == null) {
            String name = event.id() + "@" + event.version();
            return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return UUID.fromString(ceId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
