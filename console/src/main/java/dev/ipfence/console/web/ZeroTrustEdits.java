package dev.ipfence.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The body of an update (PUT) of an admission rule, group or policy: the service replaces the whole
 * entity, so every field of its request that the console's form does not show is sent back as the
 * service holds it, and the form's fields replace theirs.
 */
public final class ZeroTrustEdits {

    /** The request fields of each kind, as rule-service's update takes them. */
    static final Map<String, List<String>> REQUEST_FIELDS = Map.of(
            "admission-rules",
            List.of("name", "type", "rule", "hasTimeConstraint", "timeWindow"),
            "groups",
            List.of("name", "description", "maxDevices", "isSamlDefaultGroup", "idpMapping"),
            "policies",
            List.of(
                    "name",
                    "description",
                    "groups",
                    "users",
                    "devices",
                    "resources",
                    "gateways",
                    "allGroups",
                    "allUsers",
                    "allDevices",
                    "allResources",
                    "sourceIps",
                    "type",
                    "mode",
                    "action",
                    "rule"));

    private ZeroTrustEdits() {}

    /** {@code current}'s request fields of {@code kind}, overwritten by the fields of {@code edited}. */
    public static ObjectNode body(String kind, JsonNode current, ObjectNode edited) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (String field : REQUEST_FIELDS.get(kind)) {
            if (edited.has(field)) {
                body.set(field, edited.get(field));
            } else if (current.has(field) && !current.get(field).isNull()) {
                body.set(field, current.get(field));
            }
        }
        return body;
    }
}
