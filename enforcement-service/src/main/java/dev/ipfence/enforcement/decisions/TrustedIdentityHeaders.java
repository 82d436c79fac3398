package dev.ipfence.enforcement.decisions;

import dev.ipfence.enforcement.common.EnforcementConfig;
import dev.ipfence.web.Problem.FieldError;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The user an authenticating proxy in front (oauth2-proxy and the like) names in headers. Believed
 * only from a peer in {@code trusted-proxies}: any client can write these headers, so from anyone
 * else they are ignored and the request is anonymous.
 */
final class TrustedIdentityHeaders {

    private final boolean enabled;
    private final String user;
    private final String email;
    private final String groups;
    private final String department;
    private final ClientAddresses clients;

    TrustedIdentityHeaders(EnforcementConfig.IdentityHeaders config, ClientAddresses clients) {
        this(config.enabled(), config.user(), config.email(), config.groups(), config.department(), clients);
    }

    TrustedIdentityHeaders(
            boolean enabled, String user, String email, String groups, String department, ClientAddresses clients) {
        this.enabled = enabled;
        this.user = user;
        this.email = email;
        this.groups = groups;
        this.department = department;
        this.clients = clients;
    }

    /**
     * The user the headers of a request from {@code peer} (the TCP peer's address text) name; null
     * when they are off or the request has no user header.
     */
    ForwardAuthIdentity.Found read(MultiMap headers, String peer) {
        if (!enabled) {
            return null;
        }
        String id = headers.get(user);
        if (id == null) {
            return null;
        }
        if (!clients.isTrustedPeer(peer)) {
            return ForwardAuthIdentity.Found.none(ForwardAuthIdentity.Outcome.UNTRUSTED_PEER);
        }
        List<String> names = new ArrayList<>();
        for (String line : headers.getAll(groups)) {
            for (String name : line.split(",", -1)) {
                String trimmed = name.trim();
                if (!trimmed.isEmpty()) {
                    names.add(trimmed);
                }
            }
        }
        List<FieldError> errors = new ArrayList<>();
        var found = IdentityLimits.user(id, headers.get(email), names, headers.get(department), Map.of(), "", errors);
        return found == null
                ? ForwardAuthIdentity.Found.none(ForwardAuthIdentity.Outcome.OVER_LIMITS)
                : new ForwardAuthIdentity.Found(found, ForwardAuthIdentity.Outcome.ACCEPTED);
    }
}
