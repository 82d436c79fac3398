package dev.ipfence.audit.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.events.ApiKeyState;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.testing.EventJson;
import dev.ipfence.web.apikeys.ApiKeyDirectory;
import dev.ipfence.web.apikeys.ApiKeyTable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Records of the rules topic reach the key table only under a key that is an id, and any record
 * under a key's id that is not an API key's refuses the key (no Kafka here).
 */
class ApiKeyFollowerTest {

    private final ApiKeyTable keys = new ApiKeyTable(EventJson.MAPPER);
    private final ApiKeyFollower follower = new ApiKeyFollower(keys, EventJson.MAPPER, Map.of());
    private final UUID id = UUID.randomUUID();

    @Test
    void aRecordUnderAnotherSpellingOfAKeysIdLeavesTheKeyAsItIs() {
        keys.refuse(id, "unreadable");
        String upperCase = id.toString().toUpperCase(Locale.ROOT);

        // compaction keeps these apart from the key's own records: they change nothing here
        follower.apply(upperCase, null);
        follower.apply(
                upperCase,
                "{\"entityType\":\"apiKey\",\"deleted\":true,\"version\":9}".getBytes(StandardCharsets.UTF_8));
        assertThat(keys.size()).isEqualTo(1);

        follower.apply(id.toString(), null);
        assertThat(keys.size()).isZero();
    }

    @Test
    void aRecordUnderAKeysIdThatIsNoApiKeyRecordRefusesTheKey() {
        follower.apply(id.toString(), apiKey(1, false));
        assertThat(keys.lookup(id)).isInstanceOf(ApiKeyDirectory.Known.class);

        // its revocation, garbled: the key must not stay valid
        follower.apply(id.toString(), "{\"entityType\":\"apiK".getBytes(StandardCharsets.UTF_8));
        assertThat(keys.lookup(id)).isInstanceOf(ApiKeyDirectory.Refused.class);
        follower.apply(id.toString(), apiKey(1, false));
        assertThat(keys.lookup(id)).as("a stale copy").isInstanceOf(ApiKeyDirectory.Refused.class);
    }

    @Test
    void aStaleCopyAfterAKeysDeletionDoesNotBringItBack() {
        follower.apply(id.toString(), apiKey(1, false));
        follower.apply(id.toString(), apiKey(2, true));
        follower.apply(id.toString(), apiKey(1, false));
        assertThat(keys.lookup(id)).isInstanceOf(ApiKeyDirectory.Unknown.class);
    }

    private byte[] apiKey(long version, boolean deleted) {
        ApiKeyState state = new ApiKeyState(
                id,
                UUID.randomUUID(),
                "ci",
                List.of("ip-access:read"),
                "ab".repeat(32),
                null,
                null,
                Instant.EPOCH,
                Instant.EPOCH,
                "tester",
                "tester",
                version);
        try {
            return EventJson.MAPPER.writeValueAsBytes(new ChangeEvent<>(
                    ChangeEvent.EntityType.apiKey,
                    deleted ? ChangeEvent.Change.deleted : ChangeEvent.Change.updated,
                    id,
                    state.orgId(),
                    version,
                    deleted,
                    "tester",
                    Instant.EPOCH,
                    state,
                    null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
