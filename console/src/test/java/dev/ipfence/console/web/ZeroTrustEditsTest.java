package dev.ipfence.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ZeroTrustEditsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFormsFieldsReplaceTheHeldOnesAndTheRestIsSentAsHeldWithoutReadOnlyFields() throws Exception {
        JsonNode held = JSON.readTree("{\"id\":\"p1\",\"name\":\"old\",\"description\":\"kept\",\"groups\":[\"g1\"],"
                + "\"users\":[\"u1\"],\"gateways\":[\"gw\"],\"allUsers\":false,\"type\":\"PRIVATE\",\"action\":true,"
                + "\"rule\":\"r1\",\"sourceIps\":[\"10.0.0.0/8\"],\"createdAt\":\"2026-01-01T00:00:00Z\",\"version\":4,"
                + "\"mode\":null}");
        ObjectNode edited = JSON.createObjectNode().put("name", "new").put("action", false);
        edited.putNull("rule");
        edited.putArray("groups");
        JsonNode body = ZeroTrustEdits.body("policies", held, edited);
        assertThat(body.path("name").asText()).isEqualTo("new");
        assertThat(body.path("action").asBoolean()).isFalse();
        assertThat(body.get("rule").isNull())
                .as("a rule taken away is sent as null")
                .isTrue();
        assertThat(body.path("groups")).isEmpty();
        assertThat(body.path("description").asText()).isEqualTo("kept");
        assertThat(body.path("users").toString()).isEqualTo("[\"u1\"]");
        assertThat(body.path("gateways").toString()).isEqualTo("[\"gw\"]");
        assertThat(body.path("sourceIps").toString()).isEqualTo("[\"10.0.0.0/8\"]");
        assertThat(body.has("id")).isFalse();
        assertThat(body.has("version")).isFalse();
        assertThat(body.has("createdAt")).isFalse();
        assertThat(body.has("mode")).as("a null held field is left out").isFalse();
    }

    @Test
    void anAdmissionRuleKeepsItsTimeWindowAndAGroupItsIdentityProviderMapping() throws Exception {
        JsonNode rule = JSON.readTree("{\"name\":\"a\",\"type\":\"ALLOW\",\"rule\":\"true\",\"hasTimeConstraint\":true,"
                + "\"timeWindow\":{\"from\":\"09:00\"},\"updatedBy\":\"x\"}");
        JsonNode body = ZeroTrustEdits.body(
                "admission-rules", rule, JSON.createObjectNode().put("rule", "false"));
        assertThat(body.toString())
                .isEqualTo("{\"name\":\"a\",\"type\":\"ALLOW\",\"rule\":\"false\",\"hasTimeConstraint\":true,"
                        + "\"timeWindow\":{\"from\":\"09:00\"}}");
        JsonNode group =
                JSON.readTree("{\"name\":\"g\",\"maxDevices\":3,\"isSamlDefaultGroup\":true,\"idpMapping\":[\"x\"]}");
        assertThat(ZeroTrustEdits.body("groups", group, JSON.createObjectNode().put("maxDevices", 5))
                        .toString())
                .isEqualTo("{\"name\":\"g\",\"maxDevices\":5,\"isSamlDefaultGroup\":true,\"idpMapping\":[\"x\"]}");
    }
}
