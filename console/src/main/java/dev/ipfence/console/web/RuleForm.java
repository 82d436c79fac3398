package dev.ipfence.console.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ipfence.console.rules.RuleRow;
import io.quarkus.qute.TemplateData;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The add and edit form of a rule: what the user typed, and the service's refusal per field. The
 * address field takes a CIDR or a range {@code from-to}; expiry is a UTC date and time.
 */
@TemplateData
public record RuleForm(
        String ruleId,
        String address,
        String action,
        String trafficScopes,
        String label,
        String expiresAt,
        boolean active,
        long version,
        Map<String, String> errors,
        List<String> messages,
        boolean conflict) {

    public static RuleForm empty() {
        return new RuleForm(null, "", "allow", "", "", "", true, 0, Map.of(), List.of(), false);
    }

    public static RuleForm of(RuleRow rule) {
        String expires = rule.expiresAt() == null
                ? ""
                : LocalDateTime.ofInstant(rule.expiresAt(), ZoneOffset.UTC).toString();
        return new RuleForm(
                rule.id(),
                rule.address(),
                rule.action(),
                rule.trafficScopesText(),
                rule.label(),
                expires,
                rule.active(),
                rule.version(),
                Map.of(),
                List.of(),
                false);
    }

    public boolean editing() {
        return ruleId != null;
    }

    /** The request body the rule-service takes, or field errors found before asking it. */
    public ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        String trimmed = address.trim();
        int dash = trimmed.indexOf('-');
        if (dash > 0) {
            body.putObject("range")
                    .put("from", trimmed.substring(0, dash).trim())
                    .put("to", trimmed.substring(dash + 1).trim());
        } else {
            body.put("cidr", trimmed);
        }
        body.put("action", action);
        var scopes = body.putArray("trafficScopes");
        for (String scope : trafficScopes.split(",")) {
            if (!scope.isBlank()) {
                scopes.add(scope.trim());
            }
        }
        body.put("isActive", active);
        if (!label.isBlank()) {
            body.put("label", label);
        }
        if (!expiresAt.isBlank()) {
            body.put("expiresAt", expiresAtInstant());
        }
        return body;
    }

    /** The expiry as an ISO instant, or the text as typed when it is not a date and time (the service names it). */
    String expiresAtInstant() {
        try {
            return LocalDateTime.parse(expiresAt.trim())
                    .toInstant(ZoneOffset.UTC)
                    .toString();
        } catch (DateTimeParseException e) {
            return expiresAt.trim();
        }
    }

    /** This form with the service's field errors, each shown at the form field it concerns. */
    public RuleForm withErrors(Map<String, String> apiErrors, List<String> generalMessages) {
        Map<String, String> byField = new LinkedHashMap<>();
        List<String> others = new ArrayList<>(generalMessages);
        apiErrors.forEach((field, message) -> {
            String formField = formField(field);
            if (formField == null) {
                others.add((field.isEmpty() ? "" : field + ": ") + message);
            } else {
                byField.merge(formField, message, (a, b) -> a + "; " + b);
            }
        });
        return new RuleForm(
                ruleId, address, action, trafficScopes, label, expiresAt, active, version, byField, others, conflict);
    }

    public RuleForm asConflict(String message) {
        return new RuleForm(
                ruleId,
                address,
                action,
                trafficScopes,
                label,
                expiresAt,
                active,
                version,
                errors,
                List.of(message),
                true);
    }

    public String error(String field) {
        return errors.getOrDefault(field, "");
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    /** The form field an API error names: {@code cidr}, {@code range.from} and so on belong to the address. */
    static String formField(String apiField) {
        if (apiField.startsWith("cidr") || apiField.startsWith("range")) {
            return "address";
        }
        if (apiField.startsWith("trafficScopes")) {
            return "trafficScopes";
        }
        if (apiField.startsWith("expiresAt") || apiField.equals("ttl")) {
            return "expiresAt";
        }
        if (apiField.equals("action") || apiField.equals("label") || apiField.equals("isActive")) {
            return apiField.equals("isActive") ? "active" : apiField;
        }
        return null;
    }
}
