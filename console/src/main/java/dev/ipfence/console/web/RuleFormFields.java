package dev.ipfence.console.web;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import java.util.List;
import java.util.Map;

/** The rule form's fields as posted (add and edit). */
public class RuleFormFields {
    @FormParam("address")
    String address;

    @FormParam("action")
    @DefaultValue("allow")
    String action;

    @FormParam("trafficScopes")
    String trafficScopes;

    @FormParam("label")
    String label;

    @FormParam("expiresAt")
    String expiresAt;

    @FormParam("active")
    String active;

    @FormParam("version")
    @DefaultValue("0")
    long version;

    RuleForm form(String ruleId, long version) {
        return new RuleForm(
                ruleId,
                nonNull(address),
                nonNull(action),
                nonNull(trafficScopes),
                nonNull(label),
                nonNull(expiresAt),
                active != null,
                version,
                Map.of(),
                List.of(),
                false);
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
