package dev.ipfence.core.address;

import inet.ipaddr.ipv6.IPv6Address;

/**
 * The strict address parser of the access model. Every lenient parser in this field has been a
 * bypass, so this one accepts only:
 *
 * <ul>
 *   <li>IPv4 as exactly four decimal octets 0-255 without leading zeros (no octal, hex or
 *       shorthand such as {@code 10.1});
 *   <li>IPv6 in any RFC 4291 text form, without zone id or brackets;
 *   <li>an optional prefix length, decimal without leading zeros, and no host bits set.
 * </ul>
 *
 * IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}, or a prefix of at least 96 bits inside it) becomes
 * IPv4. A plain dotted quad is read by {@link DottedQuads}, plain IPv6 hex groups by
 * {@link HexGroups}; every other form, and every error, by {@link LibraryAddresses}: IPAddress (com.github.seancfoley) configured to refuse every lenient
 * form, and the rules it cannot express.
 */
public final class Addresses {

    private Addresses() {}

    /** A single address, such as a client's; a prefix length is refused. */
    public static IpAddress parseAddress(String text) {
        long quad = text == null ? -1 : DottedQuads.value(text, 0, text.length());
        if (quad >= 0) {
            return IpAddress.ipv4(quad);
        }
        IpAddress groups = text == null ? null : HexGroups.value(text, 0, text.length());
        return groups != null ? groups : parseAddressWithLibrary(text);
    }

    /** {@link #parseAddress} without the hand-written fast paths: what the fast path is tested and measured against. */
    static IpAddress parseAddressWithLibrary(String text) {
        return LibraryAddresses.parseAddress(text);
    }

    /** A network in CIDR notation; a bare address means /32 or /128. */
    public static IpBlock parseNetwork(String text) {
        if (text == null) {
            return parseNetworkWithLibrary(null);
        }
        IpBlock quick = DottedQuads.network(text);
        if (quick == null) {
            quick = HexGroups.network(text);
        }
        return quick != null ? quick : parseNetworkWithLibrary(text);
    }

    /** {@link #parseNetwork} without the fast paths. */
    static IpBlock parseNetworkWithLibrary(String text) {
        return LibraryAddresses.parseNetwork(text);
    }

    /** An exact inclusive range of one family, {@code from <= to}. */
    public static IpBlock parseRange(String from, String to) {
        IpAddress first = parseAddress(from);
        IpAddress last = parseAddress(to);
        if (first.family() != last.family()) {
            throw new AddressException("range \"" + from + "\" - \"" + to + "\" mixes IPv4 and IPv6");
        }
        if (first.compareTo(last) > 0) {
            throw new AddressException("range \"" + from + "\" - \"" + to + "\" ends before it starts");
        }
        return new IpBlock(first, last, IpBlock.NOT_A_PREFIX);
    }

    /** The network of {@code prefix} bits that starts at {@code first}. */
    public static IpBlock cidr(IpAddress first, int prefix) {
        int hostBits = first.family().bits() - prefix;
        long hi = first.hi();
        long lo = first.lo();
        long lastHi;
        long lastLo;
        if (first.family() == IpFamily.IPV4) {
            lastHi = 0;
            lastLo = hostBits == 0 ? lo : lo | ((1L << hostBits) - 1);
        } else if (hostBits >= 64) {
            lastLo = -1L;
            lastHi = hostBits == 128 ? -1L : hi | ((1L << (hostBits - 64)) - 1);
        } else {
            lastHi = hi;
            lastLo = hostBits == 0 ? lo : lo | ((1L << hostBits) - 1);
        }
        return new IpBlock(first, new IpAddress(first.family(), lastHi, lastLo), prefix);
    }

    /** The smallest single CIDR containing {@code block} (itself, for a CIDR); used to index ranges. */
    public static IpBlock coveringCidr(IpBlock block) {
        if (block.isCidr()) {
            return block;
        }
        IpAddress first = block.first();
        IpAddress last = block.last();
        int offset = first.family() == IpFamily.IPV4 ? 96 : 0;
        int common = first.hi() != last.hi()
                ? Long.numberOfLeadingZeros(first.hi() ^ last.hi())
                : 64 + Long.numberOfLeadingZeros(first.lo() ^ last.lo());
        int prefix = Math.min(common, 128) - offset;
        return cidr(withHostBitsCleared(first, prefix), prefix);
    }

    private static IpAddress withHostBitsCleared(IpAddress address, int prefix) {
        int hostBits = address.family().bits() - prefix;
        if (address.family() == IpFamily.IPV4) {
            long mask = hostBits == 32 ? 0 : (0xFFFF_FFFFL << hostBits) & 0xFFFF_FFFFL;
            return new IpAddress(IpFamily.IPV4, 0, address.lo() & mask);
        }
        if (hostBits >= 64) {
            long hiMask = hostBits == 128 ? 0 : -1L << (hostBits - 64);
            return new IpAddress(IpFamily.IPV6, address.hi() & hiMask, 0);
        }
        long loMask = hostBits == 0 ? -1L : -1L << hostBits;
        return new IpAddress(IpFamily.IPV6, address.hi(), address.lo() & loMask);
    }

    static String format(IpAddress address) {
        if (address.family() == IpFamily.IPV4) {
            long v = address.lo();
            return ((v >>> 24) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (address.hi() >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (address.lo() >>> (56 - 8 * i));
        }
        return new IPv6Address(bytes).toCanonicalString();
    }
}
