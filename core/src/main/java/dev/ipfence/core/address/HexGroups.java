package dev.ipfence.core.address;

import java.util.Arrays;

/**
 * The hand-written IPv6 fast path of {@link Addresses}, beside {@link DottedQuads}: an address
 * written as hex groups ({@code 2001:db8::1}, {@code 2001:0DB8:0:0:0:0:0:1}), the form of nearly
 * every IPv6 rule and client, is read here without the library. It reads only eight groups of one
 * to four hex digits, or fewer with one {@code ::} standing for at least one zero group, and hands
 * everything else to the library: an embedded dotted quad, a zone, brackets, any other character,
 * every error, and every address in {@code ::ffff:0:0/96}, which the access model reads as IPv4.
 * What it reads, it reads as the strict library parse does; HexGroupsTest compares both on
 * generated inputs and benchmarks/ measures the gain.
 */
final class HexGroups {

    private static final int GROUPS = 8;

    /**
     * The value of each ASCII hex digit, -1 for every other character: a table rather than a
     * branch per character class, as digits and letters come in no predictable order.
     */
    private static final byte[] HEX_VALUES = hexValues();

    private static byte[] hexValues() {
        byte[] values = new byte[128];
        Arrays.fill(values, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            values[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            values[c] = (byte) (c - 'a' + 10);
            values[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
        }
        return values;
    }

    private HexGroups() {}

    /** The address {@code text[from, to)} in hex groups, or null to leave it to the library. */
    static IpAddress value(String text, int from, int to) {
        if (to - from < 2 || to - from > 39) {
            return null;
        }
        // the groups read so far, lowest last; at the gap they become the head
        long hi = 0;
        long lo = 0;
        int groups = 0;
        long headHi = 0;
        long headLo = 0;
        int headGroups = -1;
        int i = from;
        if (text.charAt(i) == ':') {
            if (text.charAt(i + 1) != ':') {
                return null;
            }
            headGroups = 0;
            i += 2;
        }
        while (i < to) {
            int group = 0;
            int start = i;
            for (int digit; i < to && i - start < 5 && (digit = hex(text.charAt(i))) >= 0; i++) {
                group = group << 4 | digit;
            }
            if (i - start == 0 || i - start > 4 || groups == GROUPS) {
                return null;
            }
            hi = hi << 16 | lo >>> 48;
            lo = lo << 16 | group;
            groups++;
            if (i == to) {
                break;
            }
            if (text.charAt(i++) != ':' || i == to) {
                return null;
            }
            if (text.charAt(i) == ':') {
                if (headGroups >= 0) {
                    return null;
                }
                headGroups = groups;
                headHi = hi;
                headLo = lo;
                hi = 0;
                lo = 0;
                i++;
            }
        }
        if (headGroups < 0) {
            if (groups != GROUPS) {
                return null;
            }
        } else {
            // "::" stands for at least one zero group; the head moves up past the zeros
            if (groups >= GROUPS) {
                return null;
            }
            int shift = 16 * (GROUPS - headGroups);
            hi |= shift >= 128 ? 0 : shift >= 64 ? headLo << (shift - 64) : headHi << shift | headLo >>> (64 - shift);
            lo |= shift >= 64 ? 0 : headLo << shift;
        }
        if (hi == 0 && lo >>> 32 == 0xFFFFL) {
            return null;
        }
        return IpAddress.ipv6(hi, lo);
    }

    private static int hex(char c) {
        return c < 128 ? HEX_VALUES[c] : -1;
    }

    /** {@code groups} or {@code groups/p} without host bits, or null to leave it to the library. */
    static IpBlock network(String text) {
        int slash = text.indexOf('/');
        int end = slash < 0 ? text.length() : slash;
        IpAddress address = value(text, 0, end);
        if (address == null) {
            return null;
        }
        int prefix = 128;
        if (slash >= 0) {
            prefix = prefix(text, slash + 1);
            if (prefix < 0) {
                return null;
            }
        }
        if (!hostBitsClear(address, prefix)) {
            return null;
        }
        return Addresses.cidr(address, prefix);
    }

    /** The prefix length 0-128 at {@code text[from..]}, decimal without leading zeros, or -1. */
    private static int prefix(String text, int from) {
        int length = text.length() - from;
        if (length < 1 || length > 3 || (length > 1 && text.charAt(from) == '0')) {
            return -1;
        }
        int prefix = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            prefix = prefix * 10 + (c - '0');
        }
        return prefix <= 128 ? prefix : -1;
    }

    private static boolean hostBitsClear(IpAddress address, int prefix) {
        if (prefix == 128) {
            return true;
        }
        if (prefix >= 64) {
            return (address.lo() & (-1L >>> (prefix - 64))) == 0;
        }
        return address.lo() == 0 && (address.hi() & (-1L >>> prefix)) == 0;
    }
}
