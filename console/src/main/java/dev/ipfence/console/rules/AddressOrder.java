package dev.ipfence.console.rules;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.math.BigInteger;
import java.util.Comparator;

/**
 * Rules in address order, as numbers: IPv4 before IPv6, then by the first address, then by prefix
 * length (a wider network first), a range after the networks that start where it does (the shorter
 * range first). What does not parse as an address comes last, in text order.
 */
public final class AddressOrder {

    /** The sort key of a rule's address. */
    record Key(int family, BigInteger first, int prefixLength, BigInteger last, String text)
            implements Comparable<Key> {

        private static final Comparator<Key> ORDER = Comparator.comparingInt(Key::family)
                .thenComparing(Key::first)
                .thenComparingInt(Key::prefixLength)
                .thenComparing(Key::last)
                .thenComparing(Key::text);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    public static final Comparator<RuleRow> ROWS = Comparator.comparing(AddressOrder::key);

    /** The families in order, and where an address that does not parse goes. */
    private static final int IPV4 = 4;

    private static final int IPV6 = 6;
    private static final int UNPARSED = 99;

    private AddressOrder() {}

    static Key key(RuleRow row) {
        if (row.cidr() != null) {
            return keyOfNetwork(row.cidr());
        }
        if (row.rangeFrom() != null && row.rangeTo() != null) {
            IPAddress from = parse(row.rangeFrom());
            IPAddress to = parse(row.rangeTo());
            if (from != null && to != null && from.getIPVersion() == to.getIPVersion()) {
                // after every network that starts at the same address
                return new Key(family(from), from.getValue(), 129, to.getValue(), row.address());
            }
        }
        return keyOfNetwork(row.address());
    }

    /** The key of an address or CIDR, such as {@code 10.0.0.0/24} or {@code 2001:db8::1}. */
    static Key keyOfNetwork(String text) {
        IPAddress address = parse(text);
        if (address == null) {
            return new Key(UNPARSED, BigInteger.ZERO, 0, BigInteger.ZERO, text == null ? "" : text);
        }
        Integer prefix = address.getNetworkPrefixLength();
        int length = prefix != null ? prefix : address.getBitCount();
        return new Key(family(address), address.getValue(), length, address.getUpperValue(), text);
    }

    private static int family(IPAddress address) {
        return address.isIPv4() ? IPV4 : IPV6;
    }

    private static IPAddress parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return new IPAddressString(text.trim()).getAddress();
    }
}
