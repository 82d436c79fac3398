package dev.ipfence.core.policy;

import dev.ipfence.core.address.IpAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A decision request as policies see it: the identity, the resource, the gateway it came through
 * (null or empty: none), the client address (already parsed strictly), the method and path, and the
 * time by the enforcer's clock.
 */
public record PolicyRequest(
        Identity identity,
        ResourceRef resource,
        String gateway,
        IpAddress client,
        String method,
        String path,
        Instant time) {

    public PolicyRequest {
        Objects.requireNonNull(identity, "identity");
        resource = resource == null ? ResourceRef.NONE : resource;
        gateway = gateway == null || gateway.isEmpty() ? null : gateway;
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(time, "time");
    }

    /** What a condition sees of this request. */
    public ConditionInput conditionInput() {
        Identity.User user = identity.user();
        Identity.Device device = identity.device();
        return new ConditionInput(
                user == null ? null : user.id(),
                user == null ? null : user.email(),
                user == null ? null : user.department(),
                user == null ? null : user.groups(),
                user == null ? null : user.attributes(),
                device == null ? null : device.id(),
                device == null ? null : device.attributes(),
                client.toString(),
                method,
                path,
                resource.id(),
                time);
    }
}
