package dev.ipfence.enforcement.decisions;

import dev.ipfence.core.policy.Identity;
import dev.ipfence.core.policy.JsonValues;
import dev.ipfence.core.policy.ResourceRef;
import dev.ipfence.web.Problem.FieldError;
import java.util.List;
import java.util.Map;

/**
 * The size limits of an identity, a resource and a gateway, wherever a decision gets them from: a
 * decision request's body, a forward-auth token's claims or an authenticating proxy's headers.
 * Conditions are evaluated per request, so what they see is bounded before they see it.
 */
public final class IdentityLimits {

    /** Most IdP group names of a user. */
    public static final int MAX_GROUPS = 1_000;
    /** Most entries of an attribute map (user or device), and of a map or list nested in one. */
    public static final int MAX_ATTRIBUTES = 100;
    /** Longest string of an identity, resource or gateway (ids, email, department, names, attribute keys and values). */
    public static final int MAX_STRING = 1_024;
    /** Deepest nesting of lists and maps in an attribute value. */
    public static final int MAX_DEPTH = 8;

    private IdentityLimits() {}

    /**
     * The user, checked against the limits: every problem is added to {@code errors} with its field
     * under {@code at} (such as {@code "identity.user."}); null when there was one.
     */
    public static Identity.User user(
            String id,
            String email,
            List<String> groups,
            String department,
            Map<String, ?> attributes,
            String at,
            List<FieldError> errors) {
        int before = errors.size();
        checkString(id, at + "id", errors);
        checkString(email, at + "email", errors);
        checkString(department, at + "department", errors);
        if (groups != null) {
            if (groups.size() > MAX_GROUPS) {
                errors.add(new FieldError(at + "groups", "at most " + MAX_GROUPS + " groups, got " + groups.size()));
            }
            for (int i = 0; i < groups.size() && i < MAX_GROUPS; i++) {
                if (groups.get(i) == null) {
                    errors.add(new FieldError(at + "groups[" + i + "]", "is null: a group name is a string"));
                } else {
                    checkString(groups.get(i), at + "groups[" + i + "]", errors);
                }
            }
        }
        checkAttributes(attributes, at + "attributes", 0, errors);
        if (errors.size() > before) {
            return null;
        }
        return new Identity.User(id, email, groups, department, JsonValues.attributes(attributes));
    }

    /** A resource type: null (then {@code PRIVATE}) or one of {@link ResourceRef#TYPES}. */
    public static void checkResourceType(String type, String field, List<FieldError> errors) {
        if (type != null && !ResourceRef.TYPES.contains(type)) {
            errors.add(new FieldError(
                    field, "\"" + cut(type) + "\" is not one of " + String.join(", ", ResourceRef.TYPES)));
        }
    }

    public static void checkString(String value, String field, List<FieldError> errors) {
        if (value != null && value.length() > MAX_STRING) {
            errors.add(new FieldError(field, "at most " + MAX_STRING + " characters, got " + value.length()));
        }
    }

    public static void checkAttributes(Object value, String field, int depth, List<FieldError> errors) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() > MAX_ATTRIBUTES) {
                errors.add(new FieldError(field, "at most " + MAX_ATTRIBUTES + " entries, got " + map.size()));
                return;
            }
            if (depth >= MAX_DEPTH && !map.isEmpty()) {
                errors.add(new FieldError(field, "nested more than " + MAX_DEPTH + " levels deep"));
                return;
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (key.length() > MAX_STRING) {
                    errors.add(new FieldError(field, "a key has more than " + MAX_STRING + " characters"));
                    return;
                }
                checkAttributes(entry.getValue(), field + "." + cut(key), depth + 1, errors);
            }
        } else if (value instanceof List<?> list) {
            if (list.size() > MAX_ATTRIBUTES) {
                errors.add(new FieldError(field, "at most " + MAX_ATTRIBUTES + " elements, got " + list.size()));
                return;
            }
            if (depth >= MAX_DEPTH && !list.isEmpty()) {
                errors.add(new FieldError(field, "nested more than " + MAX_DEPTH + " levels deep"));
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                checkAttributes(list.get(i), field + "[" + i + "]", depth + 1, errors);
            }
        } else if (value instanceof String text) {
            checkString(text, field, errors);
        }
    }

    /** A value from the request quoted in an error, cut so the error stays small. */
    public static String cut(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
