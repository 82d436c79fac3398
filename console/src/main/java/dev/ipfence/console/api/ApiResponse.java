package dev.ipfence.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A service's answer: status and JSON body (a problem+json document when it refused). */
public record ApiResponse(int status, JsonNode body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public JsonNode json() {
        return body == null ? MissingNode.getInstance() : body;
    }

    /** The problem's {@code errors[]} by field, joined when a field has several. */
    public Map<String, String> fieldErrors() {
        Map<String, String> errors = new LinkedHashMap<>();
        for (JsonNode error : json().path("errors")) {
            String field = error.path("field").asText("");
            String message = error.path("message").asText("");
            errors.merge(field, message, (a, b) -> a + "; " + b);
        }
        return errors;
    }

    /** What to tell the user about a refusal: the problem's detail, else its title, else the status. */
    public String problemText() {
        String detail = json().path("detail").asText("");
        if (!detail.isBlank()) {
            return detail;
        }
        String title = json().path("title").asText("");
        return title.isBlank() ? "The service answered " + status : title;
    }

    /** Every line a refusal should show: the detail, then each field error as "field: message". */
    public List<String> problemLines() {
        List<String> lines = new ArrayList<>();
        lines.add(problemText());
        fieldErrors().forEach((field, message) -> lines.add(field.isEmpty() ? message : field + ": " + message));
        return lines;
    }
}
