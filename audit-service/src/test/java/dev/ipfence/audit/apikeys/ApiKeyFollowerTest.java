package dev.ipfence.audit.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.testing.EventJson;
import dev.ipfence.web.apikeys.ApiKeyTable;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Records of the rules topic reach the key table only under a key that is an id (no Kafka here). */
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
}
