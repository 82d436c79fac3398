package dev.ipfence.core.policy;

import dev.ipfence.core.address.IpAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * What a decision request says beyond the IP decision: the identity, the resource, the gateway, the
 * method and path. With the client address and the decision's time it is a {@link PolicyRequest}.
 */
public record IdentityRequest(Identity identity, ResourceRef resource, String gateway, String method, String path) {

    public IdentityRequest {
        Objects.requireNonNull(identity, "identity");
    }

    public PolicyRequest at(IpAddress client, Instant time) {
        return new PolicyRequest(identity, resource, gateway, client, method, path, time);
    }
}
