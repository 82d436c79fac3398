package dev.ipfence.web;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The field errors of bad input, as a client can act on them: the field as it sent it (a JSON path
 * or parameter name, never a Java method or class) and what is wrong, naming the value.
 */
final class InputErrors {

    private InputErrors() {}

    /** One error per violated constraint, in field order. */
    static List<Problem.FieldError> of(Collection<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .map(v -> new Problem.FieldError(
                        fieldOf(v), v.getMessage() + " (got " + render(v.getInvalidValue()) + ")"))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
    }

    /** The field of a body that does not bind, and what was expected there. */
    static Problem.FieldError of(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("body");
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            message = "unknown field \"" + unknown.getPropertyName() + "\"";
        } else if (e instanceof InvalidFormatException invalid) {
            message = "\"" + invalid.getValue() + "\" is not a valid " + typeName(invalid.getTargetType());
        } else {
            message = "expected " + typeName(e.getTargetType());
        }
        return new Problem.FieldError(field, message);
    }

    static String fieldOf(ConstraintViolation<?> violation) {
        // "create.arg1.cidr" -> "cidr": the method and parameter segments mean nothing to a client
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", List.of(parts).subList(2, parts.length)) : parts[parts.length - 1];
    }

    static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == java.time.Instant.class) {
            return "timestamp (RFC 3339, e.g. 2030-01-01T00:00:00Z)";
        }
        if (type == java.util.UUID.class) {
            return "UUID";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number";
        }
        return "object";
    }

    static String render(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        return '"' + (text.length() > 100 ? text.substring(0, 100) + "..." : text) + '"';
    }
}
