package dev.ipfence.enforcement.blocked;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.events.BlockedAttemptEvent;
import dev.ipfence.core.events.Topic;
import dev.ipfence.core.model.Decision;
import dev.ipfence.enforcement.blocked.BlockedAttempts.Attempt;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Merging within a window and the record a merged attempt becomes, without Kafka. */
class PendingAttemptsTest {

    private static final UUID ENV = UUID.randomUUID();
    private static final UUID RULE = UUID.randomUUID();

    @Test
    void identicalAttemptsMergeIntoOneWithTheirCountTheFirstTextAndTheLastTime() {
        PendingAttempts pending = new PendingAttempts();
        assertThat(pending.isEmpty()).isTrue();
        assertThat(pending.add(attempt("198.51.100.1", "/a", 1_000, RULE, null)))
                .isFalse();
        assertThat(pending.add(attempt("198.51.100.1", "/b", 3_000, RULE, null)))
                .isTrue();
        assertThat(pending.add(attempt("198.51.100.1", "/c", 2_000, RULE, null)))
                .isTrue();
        // another address, rule or policy is another event
        assertThat(pending.add(attempt("198.51.100.2", "/", 1_000, RULE, null))).isFalse();
        assertThat(pending.add(attempt("198.51.100.1", "/", 1_000, null, null))).isFalse();
        assertThat(pending.add(attempt("198.51.100.1", "/", 1_000, RULE, UUID.randomUUID())))
                .isFalse();

        List<PendingAttempts.Merged> merged = pending.drain();
        assertThat(pending.isEmpty()).isTrue();
        assertThat(merged).hasSize(4);
        PendingAttempts.Merged first = merged.get(0);
        assertThat(first.count()).isEqualTo(3);
        assertThat(first.first().path()).isEqualTo("/a");
        assertThat(first.first().timestampMillis()).isEqualTo(1_000);
        assertThat(first.lastMillis()).isEqualTo(3_000);
        assertThat(merged.subList(1, 4)).allSatisfy(m -> assertThat(m.count()).isEqualTo(1));
        assertThat(pending.drain()).isEmpty();
    }

    @Test
    void aMergedAttemptBecomesAnEventKeyedByItsEnvironmentWithItsCloudEventHeaders() throws Exception {
        PendingAttempts pending = new PendingAttempts();
        pending.add(attempt("2001:db8::1", "/x", 1_000, RULE, null));
        pending.add(attempt("2001:db8::1", "/y", 5_000, RULE, null));
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();

        ProducerRecord<String, byte[]> record = new BlockedAttemptRecords(json.getFactory(), UUID::randomUUID)
                .of(pending.drain().get(0));

        assertThat(record.topic()).isEqualTo(Topic.BLOCKED_ATTEMPTS.topicName());
        assertThat(record.key()).isEqualTo(ENV.toString());
        JsonNode event = json.readTree(record.value());
        assertThat(event.get("ip").asText()).isEqualTo("2001:db8::1");
        assertThat(event.get("path").asText()).isEqualTo("/x");
        assertThat(event.get("count").asLong()).isEqualTo(2);
        assertThat(event.get("ruleId").asText()).isEqualTo(RULE.toString());
        assertThat(event.get("reason").asText()).isEqualTo("DENY_RULE");
        assertThat(header(record, "ce_id")).isEqualTo(event.get("id").asText());
        assertThat(header(record, "ce_type")).isEqualTo(BlockedAttemptEvent.CLOUD_EVENT_TYPE);
        assertThat(header(record, "ce_subject")).isEqualTo(ENV.toString());
        assertThat(header(record, "ce_time")).isEqualTo("1970-01-01T00:00:01Z");
        assertThat(header(record, "content-type")).isEqualTo("application/json");
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static Attempt attempt(String ip, String path, long at, UUID rule, UUID policy) {
        return new Attempt(
                ENV,
                null,
                ip,
                "GET",
                path,
                "shop.example",
                at,
                "http",
                rule,
                rule == null ? Decision.Reason.NOT_ALLOWLISTED : Decision.Reason.DENY_RULE,
                policy);
    }
}
