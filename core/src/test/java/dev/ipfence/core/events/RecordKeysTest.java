package dev.ipfence.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordKeysTest {

    @Test
    void anIdInItsCanonicalSpellingNamesItsEntity() {
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            assertThat(RecordKeys.entityId(id.toString())).isEqualTo(id);
        }
    }

    @Test
    void everyOtherSpellingThatUuidFromStringReadsNamesNoEntity() {
        UUID id = UUID.fromString("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");
        for (String key : new String[] {
            id.toString().toUpperCase(Locale.ROOT),
            "0A1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9",
            "0-0-0-0-0",
            "a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
        }) {
            assertThat(UUID.fromString(key)).as("UUID.fromString reads %s", key).isNotNull();
            assertThat(RecordKeys.entityId(key)).as(key).isNull();
        }
    }

    @Test
    void aKeyThatIsNoIdNamesNoEntity() {
        assertThat(RecordKeys.entityId(null)).isNull();
        assertThat(RecordKeys.entityId("")).isNull();
        assertThat(RecordKeys.entityId("not-a-uuid")).isNull();
        assertThat(RecordKeys.entityId("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8fz")).isNull();
        assertThat(RecordKeys.entityId(" 0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f")).isNull();
    }
}
