package dev.ipfence.core.address;

/**
 * The hand-written fast path of {@link Addresses}: a plain dotted quad (the form of nearly every
 * client address and IPv4 rule) is read here without the library. It accepts only what the strict
 * library parse accepts, with the same result, and hands everything else (including every error)
 * to it; AddressesTest compares both on generated inputs and benchmarks/ measures the gain.
 */
final class DottedQuads {

    private DottedQuads() {}

    /** The value of the strict dotted quad {@code text[from, to)}, or -1 when it is not one. */
    static long value(String text, int from, int to) {
        if (to - from > 15 || to - from < 7) {
            return -1;
        }
        long value = 0;
        int i = from;
        for (int octets = 1; ; octets++) {
            int octet = digit(text, i++, to);
            if (octet < 0) {
                return -1;
            }
            if (octet != 0) {
                // at most two more digits; a zero stands alone (no leading zeros)
                for (int more = 0; more < 2; more++) {
                    int next = digit(text, i, to);
                    if (next < 0) {
                        break;
                    }
                    octet = octet * 10 + next;
                    i++;
                }
                if (octet > 255) {
                    return -1;
                }
            }
            value = value << 8 | octet;
            if (octets == 4) {
                return i == to ? value : -1;
            }
            if (i >= to || text.charAt(i) != '.') {
                return -1;
            }
            i++;
        }
    }

    private static int digit(String text, int at, int to) {
        if (at >= to) {
            return -1;
        }
        char c = text.charAt(at);
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }

    /** {@code a.b.c.d} or {@code a.b.c.d/p} without host bits, or null to leave it to the library. */
    static IpBlock network(String text) {
        int slash = text.indexOf('/');
        int end = slash < 0 ? text.length() : slash;
        long quad = value(text, 0, end);
        if (quad < 0) {
            return null;
        }
        int prefix = 32;
        if (slash >= 0) {
            int length = text.length() - slash - 1;
            int first = digit(text, slash + 1, text.length());
            int second = digit(text, slash + 2, text.length());
            if (length == 1 && first >= 0) {
                prefix = first;
            } else if (length == 2 && first > 0 && second >= 0) {
                prefix = first * 10 + second;
            } else {
                return null;
            }
            if (prefix > 32) {
                return null;
            }
        }
        long hostMask = prefix == 0 ? 0xFFFF_FFFFL : (1L << (32 - prefix)) - 1;
        if ((quad & hostMask) != 0) {
            return null;
        }
        return Addresses.cidr(IpAddress.ipv4(quad), prefix);
    }
}
