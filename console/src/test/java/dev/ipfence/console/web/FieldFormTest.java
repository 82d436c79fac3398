package dev.ipfence.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.console.api.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ApiResponse problem(String json) throws Exception {
        return new ApiResponse(400, JSON.readTree(json));
    }

    private static Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ipAddress", "10.0.0.5/24");
        values.put("ttl", "");
        return values;
    }

    @Test
    void anErrorNamingAFieldOfTheFormIsShownAtThatFieldOnly() throws Exception {
        FieldForm form = FieldForm.refused(
                values(),
                problem("{\"detail\":\"invalid\",\"errors\":[{\"field\":\"ipAddress\","
                        + "\"message\":\"host bits set: did you mean 10.0.0.0/24?\"}]}"));
        assertThat(form.hasError("ipAddress")).isTrue();
        assertThat(form.error("ipAddress")).contains("10.0.0.0/24");
        assertThat(form.hasError("ttl")).isFalse();
        assertThat(form.messages()).isEmpty();
        assertThat(form.value("ipAddress")).isEqualTo("10.0.0.5/24");
    }

    @Test
    void errorsNamingNoFieldOfTheFormAreShownAboveItWithTheDetail() throws Exception {
        FieldForm form = FieldForm.refused(
                values(),
                problem(
                        "{\"detail\":\"invalid\",\"errors\":[{\"field\":\"expireTime\",\"message\":\"in the past\"}]}"));
        assertThat(form.hasError("ipAddress")).isFalse();
        assertThat(form.messages()).containsExactly("invalid", "expireTime: in the past");
    }

    @Test
    void aRefusalWithoutErrorsShowsItsDetailOrStatus() throws Exception {
        assertThat(FieldForm.refused(values(), problem("{\"detail\":\"already exists\"}"))
                        .messages())
                .containsExactly("already exists");
        assertThat(FieldForm.refused(values(), new ApiResponse(503, null)).messages())
                .containsExactly("The service answered 503");
    }

    @Test
    void aBodyPrefixedFieldNameIsTheFormsField() throws Exception {
        FieldForm form = FieldForm.refused(
                values(), problem("{\"errors\":[{\"field\":\"body.ttl\",\"message\":\"must be positive\"}]}"));
        assertThat(form.error("ttl")).isEqualTo("must be positive");
    }
}
