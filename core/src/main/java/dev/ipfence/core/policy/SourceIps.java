package dev.ipfence.core.policy;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpBlock;

/**
 * An entry of a policy's {@code sourceIps}: an address, a network, or a range {@code FROM-TO},
 * parsed as strictly as every address in ipfence.
 */
public final class SourceIps {

    private SourceIps() {}

    /** The block {@code entry} names; an {@link AddressException} saying why when it names none. */
    public static IpBlock parse(String entry) {
        if (entry == null) {
            throw new AddressException("a source address is required, not null");
        }
        int dash = entry.indexOf('-');
        if (dash >= 0) {
            return Addresses.parseRange(entry.substring(0, dash), entry.substring(dash + 1));
        }
        return Addresses.parseNetwork(entry);
    }
}
