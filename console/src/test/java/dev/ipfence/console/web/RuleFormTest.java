package dev.ipfence.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleFormTest {

    private static RuleForm form(String address, String scopes, String expires) {
        return new RuleForm(null, address, "deny", scopes, "label", expires, true, 0, Map.of(), List.of(), false);
    }

    @Test
    void aCidrIsSentAsCidr() {
        assertThat(form(" 10.0.0.0/24 ", "", "").body().toString())
                .isEqualTo(
                        "{\"cidr\":\"10.0.0.0/24\",\"action\":\"deny\",\"trafficScopes\":[],\"isActive\":true,\"label\":\"label\"}");
    }

    @Test
    void aRangeIsSentAsRange() {
        assertThat(form("10.0.0.1 - 10.0.0.9", "ssh, http", "")
                        .body()
                        .path("range")
                        .toString())
                .isEqualTo("{\"from\":\"10.0.0.1\",\"to\":\"10.0.0.9\"}");
        assertThat(form("10.0.0.1-10.0.0.9", "ssh, http", "")
                        .body()
                        .path("trafficScopes")
                        .toString())
                .isEqualTo("[\"ssh\",\"http\"]");
    }

    @Test
    void expiryIsReadAsUtc() {
        assertThat(form("10.0.0.0/24", "", "2026-12-24T18:30")
                        .body()
                        .path("expiresAt")
                        .asText())
                .isEqualTo("2026-12-24T18:30:00Z");
        assertThat(form("10.0.0.0/24", "", "tomorrow").body().path("expiresAt").asText())
                .isEqualTo("tomorrow");
    }

    @Test
    void serviceErrorsLandAtTheirFields() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("cidr", "did you mean 10.0.0.0/24?");
        errors.put("range.to", "not after from");
        errors.put("trafficScopes[1]", "bad token");
        errors.put("isActive", "must be boolean");
        errors.put("somethingElse", "odd");
        RuleForm shown = form("x", "", "").withErrors(errors, List.of());
        assertThat(shown.error("address")).isEqualTo("did you mean 10.0.0.0/24?; not after from");
        assertThat(shown.error("trafficScopes")).isEqualTo("bad token");
        assertThat(shown.error("active")).isEqualTo("must be boolean");
        assertThat(shown.messages()).containsExactly("somethingElse: odd");
        assertThat(shown.hasError("label")).isFalse();
    }
}
