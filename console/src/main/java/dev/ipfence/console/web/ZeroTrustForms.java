package dev.ipfence.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The zero-trust forms: their values (as typed, or of an entity to edit) and the request bodies
 * rule-service takes from them.
 */
final class ZeroTrustForms {

    /** The entity being edited: its kind (path segment), id, the version the form was opened at, its name. */
    @TemplateData
    public record Edit(String kind, String id, String version, String name) {}

    /** A group a policy form offers. */
    @TemplateData
    public record GroupOption(String id, String name, boolean selected) {}

    private ZeroTrustForms() {}

    static Map<String, String> policyValues(
            String name,
            String type,
            String action,
            String rule,
            List<String> groups,
            String resources,
            boolean allUsers) {
        Map<String, String> values = values(
                "name",
                name,
                "type",
                type,
                "action",
                action,
                "rule",
                rule,
                "resources",
                resources,
                "groups",
                groups == null ? "" : String.join(",", groups));
        values.put("allUsers", Boolean.toString(allUsers));
        return values;
    }

    static ObjectNode policyBody(Map<String, String> values, List<String> groups) {
        ObjectNode body = JsonNodeFactory.instance
                .objectNode()
                .put("name", values.get("name"))
                .put("type", values.get("type"))
                .put("action", !"deny".equals(values.get("action")))
                .put("allUsers", Boolean.parseBoolean(values.get("allUsers")));
        if (!values.get("rule").isBlank()) {
            body.put("rule", values.get("rule"));
        }
        ArrayNode groupIds = body.putArray("groups");
        (groups == null ? List.<String>of() : groups).forEach(groupIds::add);
        ArrayNode resourceIds = body.putArray("resources");
        for (String resource : values.get("resources").split(",")) {
            if (!resource.isBlank()) {
                resourceIds.add(resource.strip());
            }
        }
        body.put("allResources", resourceIds.isEmpty());
        return body;
    }

    /** The groups a policy form offers, those of {@code selected} (ids, comma separated) chosen. */
    static List<GroupOption> groupOptions(ZeroTrustLists.Lists lists, String selected) {
        Set<String> chosen = Set.of(selected == null || selected.isBlank() ? new String[0] : selected.split(","));
        return lists.groups().stream()
                .map(group -> new GroupOption(group.id(), group.name(), chosen.contains(group.id())))
                .toList();
    }

    static ObjectNode admissionRuleBody(Map<String, String> values) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("name", values.get("name"))
                .put("type", values.get("type"))
                .put("rule", values.get("rule"));
    }

    static ObjectNode groupBody(Map<String, String> values) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", values.get("name"));
        number(body, "maxDevices", values.get("maxDevices"));
        return body;
    }

    /** The form's values of an entity as the service returns it. */
    static Map<String, String> formValues(String kind, JsonNode entity) {
        return switch (kind) {
            case "admission-rules" ->
                values(
                        "name", entity.path("name").asText(),
                        "type", entity.path("type").asText(),
                        "rule", entity.path("rule").asText());
            case "groups" ->
                values(
                        "name",
                        entity.path("name").asText(),
                        "maxDevices",
                        entity.path("maxDevices").asText());
            default -> {
                List<String> groups = new ArrayList<>();
                entity.path("groups").forEach(group -> groups.add(group.asText()));
                List<String> resources = new ArrayList<>();
                entity.path("resources").forEach(resource -> resources.add(resource.asText()));
                yield policyValues(
                        entity.path("name").asText(),
                        entity.path("type").asText(),
                        entity.path("action").asBoolean(true) ? "allow" : "deny",
                        entity.path("rule").isNull() ? "" : entity.path("rule").asText(""),
                        groups,
                        String.join(", ", resources),
                        entity.path("allUsers").asBoolean());
            }
        };
    }

    static Map<String, String> values(String... namesAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1] == null ? "" : namesAndValues[i + 1]);
        }
        return values;
    }

    /** A number as a number; anything else as typed, so the service names it in its refusal. */
    static void number(ObjectNode body, String field, String value) {
        if (value.isBlank()) {
            return;
        }
        try {
            body.put(field, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            body.put(field, value);
        }
    }
}
