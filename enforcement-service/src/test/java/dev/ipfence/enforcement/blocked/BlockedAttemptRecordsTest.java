package dev.ipfence.enforcement.blocked;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ipfence.core.events.BlockedAttemptEvent;
import dev.ipfence.core.model.Decision;
import dev.ipfence.enforcement.blocked.BlockedAttempts.Attempt;
import dev.ipfence.testing.TimeOrderedIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The streaming writer of blocked-attempt records against the {@code ObjectMapper} writing the
 * same {@link BlockedAttemptEvent}: byte for byte, on generated attempts.
 */
class BlockedAttemptRecordsTest {

    /** Configured as Quarkus configures the service's mapper: java.time as ISO text, nulls written. */
    static final ObjectMapper SERVICE_LIKE_MAPPER = JsonMapper.builder()
            .findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    @Test
    void writesTheSameBytesAsTheObjectMapperOnGeneratedAttempts() {
        assertSameBytesAsTheMapper(SERVICE_LIKE_MAPPER, 20_000, 11);
    }

    @Test
    void theCloudEventHeadersNameTheEventAndItsTime() {
        UUID env = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        Attempt attempt = new Attempt(
                env,
                null,
                "198.51.100.7",
                "GET",
                "/",
                "shop.example",
                1_500,
                "http",
                null,
                Decision.Reason.NOT_ALLOWLISTED);

        ProducerRecord<String, byte[]> record =
                new BlockedAttemptRecords(SERVICE_LIKE_MAPPER.getFactory(), () -> id).of(attempt, 1, 1_500);

        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_id")).isEqualTo(id.toString());
        assertThat(header(record, "ce_source")).isEqualTo("/ipfence/enforcement-service");
        assertThat(header(record, "ce_type")).isEqualTo(BlockedAttemptEvent.CLOUD_EVENT_TYPE);
        assertThat(header(record, "ce_subject")).isEqualTo(env.toString());
        assertThat(header(record, "ce_time")).isEqualTo("1970-01-01T00:00:01.500Z");
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        assertThat(record.key()).isEqualTo(env.toString());
    }

    @Test
    void anAttemptWithoutAnEnvironmentIsKeyedUnknown() {
        Attempt attempt =
                new Attempt(null, null, null, "GET", "/", null, 0, null, null, Decision.Reason.MISSING_CLIENT_IP);

        ProducerRecord<String, byte[]> record =
                new BlockedAttemptRecords(SERVICE_LIKE_MAPPER.getFactory(), UUID::randomUUID).of(attempt, 1, 0);

        assertThat(record.key()).isEqualTo("unknown");
        assertThat(header(record, "ce_subject")).isEqualTo("null");
    }

    @Test
    void eventIdsAreVersion7AndRiseInTheOrderWrittenAsPostgresqlComparesThem() {
        Attempt attempt = new Attempt(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "192.0.2.1",
                "GET",
                "/",
                null,
                0,
                "http",
                null,
                Decision.Reason.NOT_ALLOWLISTED,
                null);
        BlockedAttemptRecords records = new BlockedAttemptRecords(SERVICE_LIKE_MAPPER.getFactory());

        // audit-service's primary key then grows at its right edge
        TimeOrderedIds.assertMadeInOrder(() -> UUID.fromString(header(records.of(attempt, 1, 0), "ce_id")), 20_000);
    }

    /**
     * Writes {@code cases} generated attempts both ways and compares the bytes; the generator
     * reaches every reason, null and non-null optional fields, escapes and non-ASCII text.
     */
    static void assertSameBytesAsTheMapper(ObjectMapper mapper, int cases, long seed) {
        Random random = new Random(seed);
        Deque<UUID> ids = new ArrayDeque<>();
        BlockedAttemptRecords records = new BlockedAttemptRecords(mapper.getFactory(), ids::removeFirst);
        Set<Decision.Reason> reasons = EnumSet.noneOf(Decision.Reason.class);
        long time = Instant.parse("2026-12-03T08:00:00Z").toEpochMilli();
        for (int i = 0; i < cases; i++) {
            // mostly a burst within a few seconds, sometimes anywhere from 1900 to 2200
            time = random.nextInt(10) == 0
                    ? random.nextLong(-2_208_988_800_000L, 7_258_118_400_000L)
                    : time + random.nextInt(1_500);
            Decision.Reason reason = pick(random, Decision.Reason.values());
            reasons.add(reason);
            Attempt attempt = new Attempt(
                    maybe(random, UUID.randomUUID()),
                    maybe(random, UUID.randomUUID()),
                    maybe(random, text(random)),
                    maybe(random, text(random)),
                    maybe(random, text(random)),
                    maybe(random, text(random)),
                    time,
                    maybe(random, text(random)),
                    maybe(random, UUID.randomUUID()),
                    reason,
                    maybe(random, UUID.randomUUID()));
            long count = random.nextInt(3) == 0 ? 1 : random.nextLong(1, Long.MAX_VALUE);
            long last = time + random.nextInt(60_000);
            UUID id = UUID.randomUUID();
            ids.add(id);

            byte[] written = records.of(attempt, count, last).value();

            assertThat(new String(written, StandardCharsets.UTF_8))
                    .as("attempt %s", attempt)
                    .isEqualTo(new String(mapperBytes(mapper, id, attempt, count, last), StandardCharsets.UTF_8));
        }
        assertThat(reasons).containsExactlyInAnyOrder(Decision.Reason.values());
    }

    private static byte[] mapperBytes(ObjectMapper mapper, UUID id, Attempt a, long count, long last) {
        BlockedAttemptEvent event = a.event(id, count, last);
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** Text as requests bring it: ASCII, JSON's specials, control characters, non-ASCII, emoji. */
    private static String text(Random random) {
        String[] pieces = {
            "a",
            "Z",
            "/",
            "?q=1&r=2",
            "\"",
            "\\",
            "\n",
            "\u0000",
            "\u001f",
            "\u007f",
            "é",
            "中",
            "😀",
            "\ud800",
            "<script>",
            " ",
            "%2F",
            "\u2028"
        };
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append(pick(random, pieces));
        }
        return text.toString();
    }

    private static <T> T maybe(Random random, T value) {
        return random.nextInt(4) == 0 ? null : value;
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
