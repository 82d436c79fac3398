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
        // right to left over every header line and every comma-separated hop in it, without splitting
        for (int line = forwardedFor.size() - 1; line >= 0; line--) {
            String hops = forwardedFor.get(line);
            int end = hops.length();
            while (end >= 0) {
                int comma = hops.lastIndexOf(',', end - 1);
                current = hop(hops, comma + 1, end);
                if (current == null) {
                    return null;
                }
                if (!isTrusted(current)) {
                    return current;
                }
                end = comma;
            }
        }
        return current;
    }

    /** One hop, whitespace around it ignored (as {@link String#trim}); null when it is not an address. */
    private static IpAddress hop(String hops, int from, int to) {
        while (from < to && hops.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && hops.charAt(to - 1) <= ' ') {
            to--;
        }
        try {
            return Addresses.parseAddress(hops.substring(from, to));
        } catch (AddressException e) {
            return null;
        }
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
