package dev.ipfence.core.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who asks, as the proxy in front of a resource knows it: the user (from the IdP) and the device.
 * Either may be absent; a request with an identity is decided by the organization's policies after
 * the IP rules (docs/access-model.md, "Identity-aware access").
 */
public record Identity(User user, Device device) {

    /** A user; a field left out is {@code ""}, {@code []} or {@code {}}. {@code groups} are IdP group names. */
    public record User(
            String id, String email, List<String> groups, String department, Map<String, Object> attributes) {

        public User {
            id = Objects.requireNonNullElse(id, "");
            email = Objects.requireNonNullElse(email, "");
            groups = groups == null ? List.of() : List.copyOf(groups);
            department = Objects.requireNonNullElse(department, "");
            attributes = attributes == null ? Map.of() : attributes;
        }
    }

    /** A device; a field left out is {@code ""} or {@code {}}. */
    public record Device(String id, Map<String, Object> attributes) {

        public Device {
            id = Objects.requireNonNullElse(id, "");
            attributes = attributes == null ? Map.of() : attributes;
        }
    }

    /** Whether the request names a device: a device with an id. */
    public boolean namesDevice() {
        return device != null && !device.id().isEmpty();
    }
}
