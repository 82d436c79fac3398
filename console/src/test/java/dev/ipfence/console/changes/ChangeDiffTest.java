package dev.ipfence.console.changes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.console.changes.ChangeDiff.Field;
import org.junit.jupiter.api.Test;

class ChangeDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void listsChangedFieldsOnlyByName() throws Exception {
        var fields = ChangeDiff.of(
                json("{\"cidr\":\"10.0.0.0/24\",\"label\":\"office\",\"trafficScopes\":[],\"version\":1}"),
                json("{\"cidr\":\"10.0.0.0/24\",\"label\":\"hq\",\"trafficScopes\":[\"ssh\"],\"version\":2}"));
        assertThat(fields)
                .containsExactly(new Field("label", "office", "hq"), new Field("trafficScopes", "[]", "[\"ssh\"]"));
    }

    @Test
    void aCreateHasEveryFieldAdded() throws Exception {
        var fields = ChangeDiff.of(null, json("{\"cidr\":\"10.0.0.0/24\",\"action\":\"deny\"}"));
        assertThat(fields).allMatch(Field::added).extracting(Field::name).containsExactly("action", "cidr");
    }

    @Test
    void aDeleteHasEveryFieldRemoved() throws Exception {
        var fields = ChangeDiff.of(json("{\"cidr\":\"10.0.0.0/24\",\"label\":null}"), json("null"));
        assertThat(fields).singleElement().satisfies(field -> {
            assertThat(field.name()).isEqualTo("cidr");
            assertThat(field.removed()).isTrue();
        });
    }

    @Test
    void bookkeepingFieldsAreLeftOut() throws Exception {
        assertThat(ChangeDiff.of(
                        json("{\"version\":1,\"updatedAt\":\"a\",\"updatedBy\":\"x\"}"),
                        json("{\"version\":2,\"updatedAt\":\"b\",\"updatedBy\":\"y\"}")))
                .isEmpty();
    }
}
