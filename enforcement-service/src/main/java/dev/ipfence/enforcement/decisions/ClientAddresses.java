package dev.ipfence.enforcement.decisions;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.enforcement.common.EnforcementConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Who the client is. The connection peer, unless the peer is a trusted proxy: then
 * {@code X-Forwarded-For} is read right to left, skipping trusted hops, and the first untrusted
 * address is the client. Anything unparseable on that path is no client at all (a DENY), never a
 * fall-back to a value the client could have written.
 */
@ApplicationScoped
public class ClientAddresses {

    private final List<IpBlock> trusted;

    public ClientAddresses(EnforcementConfig config) {
        this.trusted = config.trustedProxies().orElse(List.of()).stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Addresses::parseNetwork)
                .toList();
    }

    /** The client, or null when it cannot be told (an unparseable peer or forwarded address). */
    public IpAddress resolve(String peer, List<String> forwardedFor) {
        IpAddress current;
        try {
            current = Addresses.parseAddress(peer);
        } catch (AddressException e) {
            return null;
        }
        if (!isTrusted(current) || forwardedFor == null || forwardedFor.isEmpty()) {
            return current;
        }
        String[] hops = String.join(",", forwardedFor).split(",", -1);
        for (int i = hops.length - 1; i >= 0; i--) {
            try {
                current = Addresses.parseAddress(hops[i].trim());
            } catch (AddressException e) {
                return null;
            }
            if (!isTrusted(current)) {
                return current;
            }
        }
        return current;
    }

    boolean isTrusted(IpAddress address) {
        for (IpBlock block : trusted) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
