package dev.ipfence.console.web;

import io.quarkus.qute.TemplateData;
import jakarta.ws.rs.NotFoundException;
import java.util.UUID;

/** Where rules live, as the console's URLs name it: {@code org/org}, {@code project/ID}, {@code environment/ID}. */
@TemplateData
public record Scope(String kind, String id) {

    public static Scope of(String kind, String id) {
        switch (kind) {
            case "org" -> {
                if (!id.equals("org")) {
                    throw new NotFoundException();
                }
            }
            case "project", "environment" -> {
                try {
                    id = UUID.fromString(id).toString();
                } catch (IllegalArgumentException e) {
                    throw new NotFoundException();
                }
            }
            default -> throw new NotFoundException();
        }
        return new Scope(kind, id);
    }

    /** The rule-service path of this scope's rules. */
    public String rulesApi() {
        return switch (kind) {
            case "org" -> "/api/org/ip-access-rules";
            case "project" -> "/api/projects/" + id + "/ip-access-rules";
            default -> "/api/environments/" + id + "/ip-access-rules";
        };
    }

    /** The rule-service path of the scope itself (none for the organization). */
    public String api() {
        return switch (kind) {
            case "project" -> "/api/projects/" + id;
            case "environment" -> "/api/environments/" + id;
            default -> null;
        };
    }

    /** The console page of this scope's rules. */
    public String page() {
        return "/scopes/" + kind + "/" + id + "/rules";
    }

    public boolean isEnvironment() {
        return kind.equals("environment");
    }
}
