package dev.ipfence.enforcement.decisions;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.model.Decision;
import dev.ipfence.enforcement.common.EnforcementConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the client is. The connection peer, unless the peer is a trusted proxy: then the entry
 * {@code trusted-hops} from the right of {@code X-Forwarded-For} (every header line, joined in
 * order), as Envoy's {@code xff_num_trusted_hops}. Entries are counted, never skipped by
 * address: whatever a client writes lands to the left of what the proxies append, so only the
 * count keeps it out, even when clients share the proxies' network. A trusted peer that sends
 * too few entries, or an entry that is not a strict address, is no client at all (a DENY),
 * never a fall-back to the peer or to a value the client could have written.
 *
 * <p>Created at start, so that a bad {@code trusted-proxies} or {@code trusted-hops} (such as
 * the placeholder the manifests ship) stops the service instead of failing every request.
 */
@Startup
@Singleton
public class ClientAddresses {

    /**
     * The client of one request, or why there is none: {@code failure} is null exactly when
     * {@code address} is set, and is then the reason of the DENY.
     */
    public record Client(IpAddress address, Decision.Reason failure) {

        /** A trusted proxy sent fewer {@code X-Forwarded-For} entries than it should have. */
        public static final Client MISSING = new Client(null, Decision.Reason.MISSING_CLIENT_IP);

        /** The peer or the chosen {@code X-Forwarded-For} entry is not a strict address. */
        public static final Client BAD = new Client(null, Decision.Reason.BAD_CLIENT_IP);

        static Client of(IpAddress address) {
            return new Client(address, null);
        }
    }

    private final IpBlock[] trusted;
    private final int trustedHops;

    @Inject
    public ClientAddresses(EnforcementConfig config) {
        this(config.trustedProxies().orElse(List.of()), config.trustedHops());
    }

    /** {@code trustedProxies}: CIDRs (blank entries ignored); {@code trustedHops}: at least 1. */
    ClientAddresses(List<String> trustedProxies, int trustedHops) {
        List<IpBlock> blocks = new ArrayList<>();
        for (String entry : trustedProxies) {
            String cidr = entry.trim();
            if (cidr.isEmpty()) {
                continue;
            }
            try {
                blocks.add(Addresses.parseNetwork(cidr));
            } catch (AddressException e) {
                throw new IllegalArgumentException("ipfence.enforcement.trusted-proxies (IPFENCE_TRUSTED_PROXIES): "
                        + e.getMessage()
                        + ". Set it to the networks of the proxies that call forward-auth (comma-separated"
                        + " CIDRs), or leave it empty to trust none.");
            }
        }
        if (trustedHops < 1) {
            throw new IllegalArgumentException("ipfence.enforcement.trusted-hops (IPFENCE_TRUSTED_HOPS) is "
                    + trustedHops + ": it must be at least 1 (the number of trusted proxies that append to"
                    + " X-Forwarded-For, 1 for a single nginx, Envoy or Traefik)");
        }
        this.trusted = blocks.toArray(IpBlock[]::new);
        this.trustedHops = trustedHops;
    }

    /**
     * The client of a request from {@code peer} (the TCP peer's address text) that carried the
     * {@code X-Forwarded-For} header lines {@code forwardedFor} (null or empty when none).
     */
    public Client resolve(String peer, List<String> forwardedFor) {
        IpAddress peerAddress;
        try {
            peerAddress = Addresses.parseAddress(peer);
        } catch (AddressException e) {
            return Client.BAD;
        }
        if (!isTrusted(peerAddress)) {
            return Client.of(peerAddress);
        }
        if (forwardedFor == null) {
            return Client.MISSING;
        }
        // right to left over every header line and every comma-separated entry in it, without splitting
        int seen = 0;
        for (int line = forwardedFor.size() - 1; line >= 0; line--) {
            String entries = forwardedFor.get(line);
            int end = entries.length();
            while (true) {
                int comma = entries.lastIndexOf(',', end - 1);
                if (++seen == trustedHops) {
                    return entry(entries, comma + 1, end);
                }
                if (comma < 0) {
                    break;
                }
                end = comma;
            }
        }
        return Client.MISSING;
    }

    /** One entry, optional whitespace (space, tab) around it ignored. */
    private static Client entry(String entries, int from, int to) {
        while (from < to && isOws(entries.charAt(from))) {
            from++;
        }
        while (to > from && isOws(entries.charAt(to - 1))) {
            to--;
        }
        for (int i = from; i < to; i++) {
            char c = entries.charAt(i);
            // the address library overlooks some control characters; none belongs in an address
            if (c <= ' ' || c >= 0x7f) {
                return Client.BAD;
            }
        }
        try {
            return Client.of(Addresses.parseAddress(entries.substring(from, to)));
        } catch (AddressException e) {
            return Client.BAD;
        }
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /** Whether {@code peer} (the TCP peer's address text) is one of the trusted proxies. */
    public boolean isTrustedPeer(String peer) {
        try {
            return isTrusted(Addresses.parseAddress(peer));
        } catch (AddressException e) {
            return false;
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
