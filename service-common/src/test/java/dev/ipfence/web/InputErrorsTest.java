package dev.ipfence.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bad input is named as the client sent it, with the value. */
class InputErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    record Entry(String cidr, UUID scopeId, Instant expiresAt, List<String> trafficScopes) {}

    record Body(String name, List<Entry> entries) {}

    private static Problem.FieldError bind(String json) {
        try {
            JSON.readValue(json, Body.class);
        } catch (MismatchedInputException e) {
            return InputErrors.of(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("bound: " + json);
    }

    @Test
    void anUnknownFieldIsNamedWhereItStands() {
        assertThat(bind("{\"entries\": [{\"cidr\": \"10.0.0.0/8\", \"cdir\": 1}]}"))
                .isEqualTo(new Problem.FieldError("entries[0].cdir", "unknown field \"cdir\""));
    }

    @Test
    void aValueOfTheWrongFormNamesItAndWhatWasExpected() {
        assertThat(bind("{\"entries\": [{\"scopeId\": \"nope\"}]}"))
                .isEqualTo(new Problem.FieldError("entries[0].scopeId", "\"nope\" is not a valid UUID"));
        assertThat(bind("{\"entries\": [{\"expiresAt\": \"tomorrow\"}]}").message())
                .startsWith("\"tomorrow\" is not a valid timestamp (RFC 3339");
    }

    @Test
    void aValueOfTheWrongShapeSaysWhatWasExpected() {
        assertThat(bind("{\"entries\": {\"cidr\": \"x\"}}"))
                .isEqualTo(new Problem.FieldError("entries", "expected array"));
    }

    @Test
    void typeNamesAreTheClientsWords() {
        assertThat(InputErrors.typeName(int.class)).isEqualTo("number");
        assertThat(InputErrors.typeName(Boolean.class)).isEqualTo("boolean");
        assertThat(InputErrors.typeName(String[].class)).isEqualTo("array");
        assertThat(InputErrors.typeName(Entry.class)).isEqualTo("object");
        assertThat(InputErrors.typeName(null)).isEqualTo("value");
    }

    @Test
    void aLongValueIsCutAndNullIsNamed() {
        assertThat(InputErrors.render(null)).isEqualTo("null");
        assertThat(InputErrors.render("x".repeat(150))).isEqualTo("\"" + "x".repeat(100) + "...\"");
    }
}
