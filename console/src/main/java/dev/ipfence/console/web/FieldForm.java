package dev.ipfence.console.web;

import dev.ipfence.console.api.ApiResponse;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a simple form shows: the values typed, and a service refusal placed next to the fields its
 * {@code errors[]} name; what names no field of the form is shown above it.
 */
@TemplateData
public final class FieldForm {

    private final Map<String, String> values;
    private final Map<String, String> errors = new LinkedHashMap<>();
    private final List<String> messages = new ArrayList<>();

    private FieldForm(Map<String, String> values) {
        this.values = values;
    }

    public static FieldForm empty() {
        return new FieldForm(Map.of());
    }

    /** A form filled with {@code values}, such as an entity to edit. */
    public static FieldForm of(Map<String, String> values) {
        return new FieldForm(values);
    }

    /** The form as typed, with a message above it (a change overtaken by someone else's). */
    public static FieldForm withMessage(Map<String, String> values, String message) {
        FieldForm form = new FieldForm(values);
        form.messages.add(message);
        return form;
    }

    /** The form as typed, with the service's refusal placed at the fields named in {@code values}. */
    public static FieldForm refused(Map<String, String> values, ApiResponse response) {
        FieldForm form = new FieldForm(values);
        Map<String, String> fieldErrors = response.fieldErrors();
        fieldErrors.forEach((field, message) -> {
            String name = field.startsWith("body.") ? field.substring("body.".length()) : field;
            if (values.containsKey(name)) {
                form.errors.put(name, message);
            } else {
                form.messages.add(field.isEmpty() ? message : field + ": " + message);
            }
        });
        if (form.errors.isEmpty()) {
            form.messages.add(0, response.problemText());
        }
        return form;
    }

    public String value(String field) {
        String value = values.get(field);
        return value == null ? "" : value;
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    public String error(String field) {
        return errors.getOrDefault(field, "");
    }

    public List<String> messages() {
        return messages;
    }
}
