package dev.ipfence.core.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a condition sees of a request: the user, the device and the request itself. Every declared
 * field has a value (a missing one is {@code ""}, {@code []} or {@code {}}), so that a condition
 * never fails on a field the caller left out.
 */
public record ConditionInput(
        String userId,
        String userEmail,
        String userDepartment,
        List<String> userGroups,
        Map<String, Object> userAttributes,
        String deviceId,
        Map<String, Object> deviceAttributes,
        String ip,
        String method,
        String path,
        String resourceId,
        Instant time) {

    public ConditionInput {
        userId = Objects.requireNonNullElse(userId, "");
        userEmail = Objects.requireNonNullElse(userEmail, "");
        userDepartment = Objects.requireNonNullElse(userDepartment, "");
        userGroups = userGroups == null ? List.of() : List.copyOf(userGroups);
        userAttributes = userAttributes == null ? Map.of() : userAttributes;
        deviceId = Objects.requireNonNullElse(deviceId, "");
        deviceAttributes = deviceAttributes == null ? Map.of() : deviceAttributes;
        ip = Objects.requireNonNullElse(ip, "");
        method = Objects.requireNonNullElse(method, "");
        path = Objects.requireNonNullElse(path, "");
        resourceId = Objects.requireNonNullElse(resourceId, "");
        Objects.requireNonNull(time, "time");
    }

    /** The value of a declared variable ({@code user.department}, ...), or null for another name. */
    Object variable(String name) {
        return switch (name) {
            case "user.id" -> userId;
            case "user.email" -> userEmail;
            case "user.department" -> userDepartment;
            case "user.groups" -> userGroups;
            case "user.attributes" -> userAttributes;
            case "device.id" -> deviceId;
            case "device.attributes" -> deviceAttributes;
            case "request.ip" -> ip;
            case "request.method" -> method;
            case "request.path" -> path;
            case "request.resourceId" -> resourceId;
            case "request.time" ->
                com.google.protobuf.Timestamp.newBuilder()
                        .setSeconds(time.getEpochSecond())
                        .setNanos(time.getNano())
                        .build();
            default -> null;
        };
    }
}
