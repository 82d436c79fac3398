package dev.ipfence.web.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ipfence.core.events.ApiKeyState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApiKeyTableTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final ApiKeyTable table = new ApiKeyTable(json);
    private final UUID id = UUID.randomUUID();

    private ApiKeyState key(long version, Instant revokedAt) {
        return new ApiKeyState(
                id,
                UUID.randomUUID(),
                "ci",
                List.of("ip-access:read"),
                ApiKeySecrets.hash("secret"),
                null,
                revokedAt,
                Instant.now(),
                Instant.now(),
                "tester",
                "tester",
                version);
    }

    @Test
    void aValidRecordMakesTheKeyKnown() {
        table.apply(id, 1, key(1, null));
        assertThat(table.lookup(id)).isInstanceOf(ApiKeyDirectory.Known.class);
    }

    @Test
    void anOlderRecordDoesNotUndoARevocation() {
        table.apply(id, 2, key(2, Instant.now()));
        table.apply(id, 1, key(1, null));
        assertThat(((ApiKeyDirectory.Known) table.lookup(id)).state().revokedAt())
                .isNotNull();
    }

    @Test
    void aMalformedRecordRefusesAKnownKey() {
        table.apply(id, 1, key(1, null));
        ObjectNode entity = json.valueToTree(key(2, null));
        entity.put("roles", "everything");
        table.apply(id, 2, entity);
        assertThat(table.lookup(id)).isInstanceOf(ApiKeyDirectory.Refused.class);
    }

    @Test
    void aRecordWithoutHashOrWithAnUnknownRoleRefusesTheKey() {
        ObjectNode noHash = json.valueToTree(key(1, null));
        noHash.remove("secretHash");
        table.apply(id, 1, noHash);
        assertThat(table.lookup(id)).isInstanceOf(ApiKeyDirectory.Refused.class);

        UUID other = UUID.randomUUID();
        ObjectNode admin = json.valueToTree(key(1, null));
        admin.put("id", other.toString());
        admin.putArray("roles").add("ip-access:admin");
        table.apply(other, 1, admin);
        assertThat(table.lookup(other)).isInstanceOf(ApiKeyDirectory.Refused.class);
    }

    @Test
    void aLaterValidRecordMendsARefusedKey() {
        table.refuse(id, "unreadable");
        table.apply(id, 3, key(3, null));
        assertThat(table.lookup(id)).isInstanceOf(ApiKeyDirectory.Known.class);
    }

    @Test
    void aRepeatedOlderRecordDoesNotMendARefusedKey() {
        table.apply(id, 1, key(1, null));
        ObjectNode broken = json.valueToTree(key(2, null));
        broken.remove("orgId");
        table.apply(id, 2, broken);
        table.apply(id, 1, key(1, null));
        table.apply(id, 2, key(2, null));
        assertThat(table.lookup(id)).isInstanceOf(ApiKeyDirectory.Refused.class);
        table.apply(id, 3, key(3, null));
        assertThat(table.lookup(id)).isInstanceOf(ApiKeyDirectory.Known.class);
    }

    @Test
    void aStaleCopyDeliveredAfterTheDeletionDoesNotBringTheKeyBack() {
        table.apply(id, 1, key(1, null));
        table.delete(id, 2);
        table.apply(id, 1, key(1, null));
        assertThat(table.lookup(id)).isInstanceOf(ApiKeyDirectory.Unknown.class);
        table.forget(id);
        table.apply(id, 1, key(1, null));
        assertThat(table.lookup(id)).as("after the tombstone").isInstanceOf(ApiKeyDirectory.Known.class);
    }

    @Test
    void aDeletionRemovesTheKeyWhateverItsVersion() {
        table.apply(id, 3, key(3, null));
        assertThat(table.delete(id, 3)).isEqualTo(ApiKeyTable.Change.REFUSAL);
        assertThat(table.lookup(id)).isInstanceOf(ApiKeyDirectory.Unknown.class);
        table.apply(id, 3, key(3, null));
        assertThat(table.lookup(id)).as("a stale copy").isInstanceOf(ApiKeyDirectory.Unknown.class);
    }

    @Test
    void anotherRecordUnderAKeysIdRefusesItWithoutTouchingItsVersion() {
        // no negative version comes from the topic (it is refused there), but a refusal must not
        // set a version of its own: 0 here would hide the valid version 0 that follows
        table.apply(id, -1, key(-1, null));
        assertThat(table.notAnApiKeyRecord(id)).isEqualTo(ApiKeyTable.Change.REFUSAL);
        assertThat(table.apply(id, 0, key(0, null))).isEqualTo(ApiKeyTable.Change.VERSION);
        assertThat(table.lookup(id)).isInstanceOf(ApiKeyDirectory.Known.class);
    }

    @Test
    void anotherRecordUnderAKnownKeysIdRefusesIt() {
        table.apply(id, 1, key(1, null));
        table.notAnApiKeyRecord(id);
        assertThat(table.lookup(id)).isInstanceOf(ApiKeyDirectory.Refused.class);
        table.apply(id, 1, key(1, null));
        assertThat(table.lookup(id)).as("a stale copy").isInstanceOf(ApiKeyDirectory.Refused.class);

        UUID noKey = UUID.randomUUID();
        table.notAnApiKeyRecord(noKey);
        assertThat(table.lookup(noKey)).isInstanceOf(ApiKeyDirectory.Unknown.class);
    }

    @Test
    void anUnknownIdIsUnknown() {
        assertThat(table.lookup(UUID.randomUUID())).isInstanceOf(ApiKeyDirectory.Unknown.class);
    }
}
