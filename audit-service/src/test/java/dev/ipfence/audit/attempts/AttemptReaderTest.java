package dev.ipfence.audit.attempts;

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

class AttemptReaderTest {

    // as the services configure it: an unknown field fails, unless a reader says otherwise
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final UUID ID = UUID.fromString("5b0f0000-0000-4000-8000-000000000001");
    private static final UUID ENV = UUID.fromString("be150000-0000-4000-8000-000000000001");
    private static final UUID ORG = UUID.fromString("0ef90000-0000-4000-8000-000000000001");

    private final AttemptReader reader = new AttemptReader(JSON);

    @Test
    void anEventOfTheContractIsReadAsItWasSent() {
        AttemptRow row = ok(event(e -> {}));
        assertThat(row.id()).isEqualTo(ID);
        assertThat(row.environmentId()).isEqualTo(ENV);
        assertThat(row.orgId()).isEqualTo(ORG);
        assertThat(row.inet()).isEqualTo("2001:db8::1");
        assertThat(row.ipText()).isEqualTo("2001:db8::1");
        assertThat(row.method()).isEqualTo("POST");
        assertThat(row.path()).isEqualTo("/login?next=/admin");
        assertThat(row.target()).isEqualTo("shop.example");
        assertThat(row.first()).isEqualTo(Instant.parse("2026-11-23T15:04:05.120Z"));
        assertThat(row.last()).isEqualTo(Instant.parse("2026-11-23T15:04:05.870Z"));
        assertThat(row.trafficScope()).isEqualTo("http");
        assertThat(row.ruleId()).isNull();
        assertThat(row.reason()).isEqualTo("NOT_ALLOWLISTED");
        assertThat(row.count()).isEqualTo(37);
    }

    @Test
    void aPolicyDenyKeepsItsPolicyId() {
        UUID policy = UUID.fromString("9d1c0000-0000-4000-8000-000000000001");
        AttemptRow row = ok(event(e -> e.put("reason", "POLICY_DENY").put("policyId", policy.toString())));
        assertThat(row.reason()).isEqualTo("POLICY_DENY");
        assertThat(row.policyId()).isEqualTo(policy);
        assertThat(ok(event(e -> {})).policyId())
                .as("an event without policyId")
                .isNull();
    }

    @Test
    void fieldsANewerProducerAddsAreIgnored() {
        AttemptRow row = ok(event(e -> {
            e.put("asn", 64500);
            e.putObject("geo").put("country", "NL");
        }));
        assertThat(row.id()).isEqualTo(ID);
        assertThat(row.count()).isEqualTo(37);
    }

    @Test
    void eventsThatCanNeverBeStoredAreRejectedWithTheReason() {
        assertThat(rejected(event(e -> e.put("orgId", "not-a-uuid"))))
                .startsWith("not a blocked-attempt event: orgId: ");
        assertThat(rejected(event(e -> e.remove("reason")))).isEqualTo("reason is missing");
        assertThat(rejected(event(e -> e.put("reason", " ")))).isEqualTo("reason is missing");
        assertThat(rejected(event(e -> e.remove("id")))).isEqualTo("id is missing");
        assertThat(rejected(event(e -> e.remove("environmentId")))).isEqualTo("environmentId is missing");
        assertThat(rejected(event(e -> e.remove("timestamp")))).isEqualTo("timestamp is missing");
        assertThat(rejected(event(e -> e.put("timestamp", "yesterday"))))
                .startsWith("not a blocked-attempt event: timestamp: ");
        assertThat(rejected(event(e -> e.put("timestamp", "+10000-01-01T00:00:00Z"))))
                .isEqualTo(
                        "timestamp +10000-01-01T00:00:00Z is not between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        assertThat(rejected(event(e -> e.put("count", -1)))).isEqualTo("count -1 is negative");
        assertThat(rejected(event(e -> e.put("count", "12345678901234567890123"))))
                .startsWith("not a blocked-attempt event: count: ");
        assertThat(rejected(event(e -> e.put("ruleId", 7)))).startsWith("not a blocked-attempt event: ruleId: ");
        assertThat(rejected("{\"id\": ".getBytes(StandardCharsets.UTF_8))).startsWith("not a blocked-attempt event: ");
        assertThat(rejected("[1, 2]".getBytes(StandardCharsets.UTF_8))).startsWith("not a blocked-attempt event: ");
        assertThat(rejected("null".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("not a blocked-attempt event: the value is JSON null");
        assertThat(rejected(null)).isEqualTo("no value: a blocked-attempt record always carries an event");
    }

    @Test
    void textIsCutToTheContractsLengthsAndNulCharactersReplaced() {
        AttemptRow row = ok(event(e -> {
            e.put("method", "M".repeat(100));
            e.put("path", "/" + "p".repeat(10_000));
            e.put("target", "t".repeat(1_000));
            e.put("ip", "X-Forwarded-For garbage ".repeat(100));
            e.put("reason", "NOT_ALLOWLISTED\u0000");
        }));
        assertThat(row.method()).hasSize(16);
        assertThat(row.path()).hasSize(2048);
        assertThat(row.target()).hasSize(255);
        assertThat(row.ipText()).hasSize(64);
        assertThat(row.inet()).isNull();
        assertThat(row.reason()).isEqualTo("NOT_ALLOWLISTED\uFFFD");
    }

    @Test
    void missingOptionalFieldsGetTheirContractDefaults() {
        AttemptRow row = ok(event(e -> {
            e.remove("count");
            e.remove("lastTimestamp");
            e.remove("orgId");
            e.remove("ip");
        }));
        assertThat(row.count()).isEqualTo(1);
        assertThat(row.last()).isEqualTo(row.first());
        assertThat(row.orgId()).isNull();
        assertThat(row.ipText()).isEmpty();
        assertThat(row.inet()).isNull();
        AttemptRow backwards = ok(event(e -> e.put("lastTimestamp", "2026-11-23T15:00:00Z")));
        assertThat(backwards.last()).isEqualTo(backwards.first());
    }

    private AttemptRow ok(byte[] value) {
        Read<AttemptRow> read = reader.read(record(value));
        assertThat(read).isInstanceOf(Read.Ok.class);
        return ((Read.Ok<AttemptRow>) read).value();
    }

    private String rejected(byte[] value) {
        Read<AttemptRow> read = reader.read(record(value));
        assertThat(read).isInstanceOf(Read.Rejected.class);
        return ((Read.Rejected<AttemptRow>) read).reason();
    }

    private static SourceRecord record(byte[] value) {
        return new SourceRecord("ipfence.blocked-attempts.v1", 0, 0, ENV.toString(), value, new RecordHeaders());
    }

    /** The example of docs/events.md, changed by {@code change}. */
    private static byte[] event(Consumer<ObjectNode> change) {
        ObjectNode e = JSON.createObjectNode()
                .put("id", ID.toString())
                .put("ip", "2001:db8::1")
                .put("method", "POST")
                .put("path", "/login?next=/admin")
                .put("target", "shop.example")
                .put("timestamp", "2026-11-23T15:04:05.120Z")
                .put("lastTimestamp", "2026-11-23T15:04:05.870Z")
                .put("environmentId", ENV.toString())
                .put("orgId", ORG.toString())
                .put("trafficScope", "http")
                .putNull("ruleId")
                .put("reason", "NOT_ALLOWLISTED")
                .put("count", 37);
        change.accept(e);
        try {
            return JSON.writeValueAsBytes(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
