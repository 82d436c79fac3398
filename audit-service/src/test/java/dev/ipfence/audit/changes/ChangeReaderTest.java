package dev.ipfence.audit.changes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ipfence.audit.ingest.Read;
import dev.ipfence.audit.ingest.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ChangeReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final UUID RULE = UUID.fromString("0b9c1a57-5f0e-4c2b-9a53-3f3e8f0f4a11");
    private static final UUID ENV = UUID.fromString("be150000-0000-4000-8000-000000000001");
    private static final UUID PROJECT = UUID.fromString("be150000-0000-4000-8000-0000000000f1");
    private static final UUID ORG = UUID.fromString("6f1c0000-0000-4000-8000-000000000001");
    private static final UUID CE_ID = UUID.fromString("ce1d0000-0000-4000-8000-000000000001");

    private final ChangeReader reader = new ChangeReader(JSON);

    @Test
    void aRuleChangeIsReadWithItsScopeAndTheEntityAsPublished() {
        ChangeRow row = ok(RULE, rule(e -> e.with("entity").put("futureField", "kept in the log")), CE_ID.toString());
        assertThat(row.eventId()).isEqualTo(CE_ID);
        assertThat(row.orgId()).isEqualTo(ORG);
        assertThat(row.entityType()).isEqualTo("rule");
        assertThat(row.entityId()).isEqualTo(RULE);
        assertThat(row.change()).isEqualTo("updated");
        assertThat(row.version()).isEqualTo(2);
        assertThat(row.actor()).isEqualTo("alice");
        assertThat(row.occurredAt()).isEqualTo(Instant.parse("2026-11-23T15:04:05.123456Z"));
        assertThat(row.scope()).isEqualTo("environment");
        assertThat(row.scopeId()).isEqualTo(ENV);
        assertThat(row.after()).contains("\"futureField\":\"kept in the log\"").contains("\"cidr\":\"10.0.0.0/8\"");
        assertThat(row.before()).contains("\"cidr\":\"10.0.0.0/16\"");
        assertThat(row.environment()).isNull();
    }

    @Test
    void fieldsANewerProducerAddsAreIgnoredAndAnEventWithoutCeIdGetsAStableId() {
        ChangeRow row = ok(RULE, rule(e -> e.put("traceId", "abc")), null);
        assertThat(row.eventId()).isEqualTo(UUID.nameUUIDFromBytes((RULE + "@2").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anEnvironmentEventKeepsTheEnvironmentMapAndADeletionHasNoAfter() {
        ChangeRow row = ok(ENV, environment(e -> e.put("change", "deleted").put("deleted", true)), CE_ID.toString());
        assertThat(row.after()).isNull();
        assertThat(row.environment()).isEqualTo(new ChangeRow.EnvironmentRef(ENV, ORG, PROJECT, "prod", true, 3));
    }

    @Test
    void anApiKeyChangeIsLoggedWithoutItsSecretHashBeforeOrAfter() {
        ObjectNode event = envelope("apiKey", RULE, 2);
        event.set("entity", apiKeyState(2).put("revokedAt", "2026-11-23T15:04:05Z"));
        event.set("previous", apiKeyState(1));
        ChangeRow row = ok(RULE, bytes(event), CE_ID.toString());

        assertThat(row.entityType()).isEqualTo("apiKey");
        assertThat(row.orgId()).isEqualTo(ORG);
        assertThat(row.after())
                .doesNotContain("secretHash")
                .doesNotContain("ab".repeat(32))
                .contains("revokedAt");
        assertThat(row.before())
                .doesNotContain("secretHash")
                .doesNotContain("ab".repeat(32))
                .contains("\"name\":\"ci\"");
    }

    @Test
    void policyAdmissionRuleAndPolicyGroupChangesAreLogged() {
        for (String type : new String[] {"policy", "admissionRule", "policyGroup"}) {
            ObjectNode event = envelope(type, RULE, 1);
            event.putObject("entity")
                    .put("id", RULE.toString())
                    .put("orgId", ORG.toString())
                    .put("name", "engineering")
                    .put("version", 1);
            event.putNull("previous");
            ChangeRow row = ok(RULE, bytes(event), null);
            assertThat(row.entityType()).isEqualTo(type);
            assertThat(row.orgId()).isEqualTo(ORG);
            assertThat(row.after()).contains("engineering");
        }
    }

    private static ObjectNode apiKeyState(long version) {
        ObjectNode key = JSON.createObjectNode()
                .put("id", RULE.toString())
                .put("orgId", ORG.toString())
                .put("name", "ci")
                .put("secretHash", "ab".repeat(32))
                .putNull("expiresAt")
                .putNull("revokedAt")
                .put("createdAt", "2026-11-23T15:00:00Z")
                .put("updatedAt", "2026-11-23T15:04:05Z")
                .put("createdBy", "alice")
                .put("updatedBy", "alice")
                .put("version", version);
        key.putArray("roles").add("ip-access:read");
        return key;
    }

    @Test
    void aTombstoneIsSkipped() {
        assertThat(reader.read(record(RULE.toString(), null, null))).isInstanceOf(Read.Skipped.class);
    }

    @Test
    void eventsThatCanNeverBeLoggedAreRejectedWithTheReason() {
        assertThat(rejected(RULE, rule(e -> e.put("entityType", "widget"))))
                .startsWith("not a change event: entityType: ");
        assertThat(rejected(RULE, rule(e -> e.remove("orgId")))).isEqualTo("orgId is missing");
        assertThat(rejected(RULE, rule(e -> e.put("orgId", "acme")))).startsWith("not a change event: orgId: ");
        assertThat(rejected(RULE, rule(e -> e.remove("version")))).isEqualTo("version 0 is below 1");
        assertThat(rejected(RULE, rule(e -> e.remove("actor")))).isEqualTo("actor is missing");
        assertThat(rejected(RULE, rule(e -> e.remove("occurredAt")))).isEqualTo("occurredAt is missing");
        assertThat(rejected(RULE, rule(e -> e.remove("entity")))).isEqualTo("entity is missing");
        assertThat(rejected(RULE, rule(e -> e.remove("change")))).isEqualTo("change is missing");
        assertThat(rejected(RULE, rule(e -> e.with("entity").put("scopeId", "everywhere"))))
                .startsWith("not a change event: entity.scopeId: ");
        assertThat(rejected(RULE, rule(e -> e.with("previous").put("version", "two"))))
                .startsWith("not a change event: previous.version: ");
        assertThat(rejected(ENV, environment(e -> e.with("entity").remove("projectId"))))
                .isEqualTo("the environment has no projectId");
        assertThat(rejected(UUID.randomUUID(), rule(e -> {})))
                .startsWith("the record key \"")
                .endsWith("\" is not the entity id " + RULE);
        Read<ChangeRow> badCeId = reader.read(record(RULE.toString(), rule(e -> {}), "event-1"));
        assertThat(((Read.Rejected<ChangeRow>) badCeId).reason()).isEqualTo("ce_id \"event-1\" is not a UUID");
        assertThat(rejected(RULE, "{\"entityType\": \"rule\",".getBytes(StandardCharsets.UTF_8)))
                .startsWith("not a change event: ");
    }

    private ChangeRow ok(UUID key, byte[] value, String ceId) {
        Read<ChangeRow> read = reader.read(record(key.toString(), value, ceId));
        assertThat(read).isInstanceOf(Read.Ok.class);
        return ((Read.Ok<ChangeRow>) read).value();
    }

    private String rejected(UUID key, byte[] value) {
        Read<ChangeRow> read = reader.read(record(key.toString(), value, CE_ID.toString()));
        assertThat(read).isInstanceOf(Read.Rejected.class);
        return ((Read.Rejected<ChangeRow>) read).reason();
    }

    private static SourceRecord record(String key, byte[] value, String ceId) {
        RecordHeaders headers = new RecordHeaders();
        if (ceId != null) {
            headers.add("ce_id", ceId.getBytes(StandardCharsets.UTF_8));
        }
        return new SourceRecord("ipfence.rules.v1", 1, 42, key, value, headers);
    }

    private static byte[] rule(Consumer<ObjectNode> change) {
        ObjectNode event = envelope("rule", RULE, 2);
        event.set("entity", ruleState("10.0.0.0/8", 2));
        event.set("previous", ruleState("10.0.0.0/16", 1));
        change.accept(event);
        return bytes(event);
    }

    private static byte[] environment(Consumer<ObjectNode> change) {
        ObjectNode event = envelope("environment", ENV, 3);
        event.putObject("entity")
                .put("id", ENV.toString())
                .put("orgId", ORG.toString())
                .put("projectId", PROJECT.toString())
                .put("name", "prod")
                .put("createdAt", "2026-11-23T15:00:00Z")
                .put("updatedAt", "2026-11-23T15:04:05Z")
                .put("createdBy", "alice")
                .put("updatedBy", "alice")
                .put("version", 3);
        event.putNull("previous");
        change.accept(event);
        return bytes(event);
    }

    private static ObjectNode envelope(String type, UUID id, long version) {
        return JSON.createObjectNode()
                .put("entityType", type)
                .put("change", "updated")
                .put("id", id.toString())
                .put("orgId", ORG.toString())
                .put("version", version)
                .put("deleted", false)
                .put("actor", "alice")
                .put("occurredAt", "2026-11-23T15:04:05.123456Z");
    }

    private static ObjectNode ruleState(String cidr, long version) {
        ObjectNode rule = JSON.createObjectNode()
                .put("id", RULE.toString())
                .put("orgId", ORG.toString())
                .put("scope", "environment")
                .put("scopeId", ENV.toString())
                .put("cidr", cidr)
                .putNull("range")
                .put("action", "deny")
                .put("isActive", true)
                .putNull("label")
                .putNull("expiresAt")
                .put("createdAt", "2026-11-23T15:00:00Z")
                .put("updatedAt", "2026-11-23T15:04:05Z")
                .put("createdBy", "alice")
                .put("updatedBy", "alice")
                .put("version", version);
        rule.putArray("trafficScopes");
        return rule;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
