package dev.ipfence.console.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One rule as a table row shows it. {@code address} is the CIDR, or the range as {@code from-to}. */
public record RuleRow(
        String id,
        String address,
        String cidr,
        String rangeFrom,
        String rangeTo,
        String action,
        List<String> trafficScopes,
        boolean active,
        String label,
        Instant expiresAt,
        Instant createdAt,
        String updatedBy,
        long version) {

    public static RuleRow of(JsonNode rule) {
        List<String> scopes = new ArrayList<>();
        rule.path("trafficScopes").forEach(scope -> scopes.add(scope.asText()));
        String cidr = text(rule, "cidr");
        String from = text(rule.path("range"), "from");
        String to = text(rule.path("range"), "to");
        String address = cidr != null ? cidr : from != null ? from + "-" + to : "";
        return new RuleRow(
                rule.path("id").asText(),
                address,
                cidr,
                from,
                to,
                rule.path("action").asText("allow"),
                List.copyOf(scopes),
                rule.path("isActive").asBoolean(true),
                rule.path("label").asText(""),
                instant(rule, "expiresAt"),
                instant(rule, "createdAt"),
                rule.path("updatedBy").asText(""),
                rule.path("version").asLong());
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public String trafficScopesText() {
        return String.join(", ", trafficScopes);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Instant.parse(text);
    }
}
