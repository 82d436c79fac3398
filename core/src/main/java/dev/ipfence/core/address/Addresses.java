package dev.ipfence.core.address;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4AddressStringParameters;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressStringParameters;
import java.util.regex.Pattern;

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
 * IPv4. Tokenising is done by IPAddress (com.github.seancfoley), configured to refuse every
 * lenient form; this class adds the rules it cannot express.
 */
public final class Addresses {

    private static final IPAddressStringParameters STRICT = strictParameters();
    private static final Pattern PREFIX = Pattern.compile("0|[1-9][0-9]{0,2}");
    /** Anything but hex digits, dots, colons and the prefix slash: zone ids, brackets, spaces, controls. */
    private static final Pattern FORBIDDEN = Pattern.compile("[^0-9A-Fa-f.:/]");

    private static final int MAX_LENGTH = 64;

    private Addresses() {}

    /** A single address, such as a client's; a prefix length is refused. */
    public static IpAddress parseAddress(String text) {
        long quad = text == null ? -1 : dottedQuad(text, 0, text.length());
        if (quad >= 0) {
            return IpAddress.ipv4(quad);
        }
        return parseAddressWithLibrary(text);
    }

    /** {@link #parseAddress} without the hand-written fast path: what the fast path is tested and measured against. */
    static IpAddress parseAddressWithLibrary(String text) {
        checkShape(text);
        if (text.indexOf('/') >= 0) {
            throw new AddressException("\"" + text + "\" is not a single address: remove the prefix length");
        }
        return unmapped(parseStrict(text, text));
    }

    /** A network in CIDR notation; a bare address means /32 or /128. */
    public static IpBlock parseNetwork(String text) {
        IpBlock quick = text == null ? null : ipv4Network(text);
        if (quick != null) {
            return quick;
        }
        return parseNetworkWithLibrary(text);
    }

    /** {@link #parseNetwork} without the fast path. */
    static IpBlock parseNetworkWithLibrary(String text) {
        checkShape(text);
        int slash = text.indexOf('/');
        String addressPart = slash < 0 ? text : text.substring(0, slash);
        IPAddress parsed = parseStrict(addressPart, text);
        int bits = parsed.getBitCount();
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1);
            if (!PREFIX.matcher(prefixText).matches()) {
                throw new AddressException("\"" + text + "\" has an invalid prefix length \"" + prefixText
                        + "\": a decimal number 0-" + bits + " without leading zeros");
            }
            prefix = Integer.parseInt(prefixText);
            if (prefix > bits) {
                throw new AddressException("\"" + text + "\" has a prefix length of " + prefix + ", more than the "
                        + bits + " bits of the address");
            }
        }
        IPAddress network = parsed.toPrefixBlock(prefix).getLower().withoutPrefixLength();
        if (!network.equals(parsed.withoutPrefixLength())) {
            throw new AddressException("\"" + text + "\" has host bits set: did you mean " + format(toAddress(network))
                    + "/" + prefix + "?");
        }
        IpAddress first = toAddress(network);
        if (first.family() == IpFamily.IPV6 && isMapped(network) && prefix >= 96) {
            return cidr(unmapped(network), prefix - 96);
        }
        return cidr(first, prefix);
    }

    /*
     * The hand-written fast path: a plain dotted quad (the form of nearly every client address and
     * IPv4 rule) is read here without the library. It accepts only what the strict library parse
     * accepts, with the same result, and hands everything else (including every error) to it;
     * AddressesTest compares both on generated inputs and benchmarks/ measures the gain.
     */

    /** The value of the strict dotted quad {@code text[from, to)}, or -1 when it is not one. */
    static long dottedQuad(String text, int from, int to) {
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
    private static IpBlock ipv4Network(String text) {
        int slash = text.indexOf('/');
        int end = slash < 0 ? text.length() : slash;
        long quad = dottedQuad(text, 0, end);
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
        return cidr(IpAddress.ipv4(quad), prefix);
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

    private static void checkShape(String text) {
        if (text == null || text.isEmpty()) {
            throw new AddressException("an address is required");
        }
        if (text.length() > MAX_LENGTH) {
            throw new AddressException("\"" + text.substring(0, MAX_LENGTH) + "...\" is too long to be an address");
        }
        if (FORBIDDEN.matcher(text).find()) {
            throw new AddressException(
                    "\"" + printable(text) + "\" is not an address: only hex digits, '.', ':' and '/' are allowed"
                            + " (no zone ids, brackets, spaces or control characters)");
        }
    }

    /** The text with control and other invisible characters shown as {@code \\uXXXX}, for messages. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20
                    || c == 0x7f
                    || Character.isWhitespace(c) && c != ' '
                    || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static IPAddress parseStrict(String addressText, String whole) {
        try {
            IPAddress address = new IPAddressString(addressText, STRICT).toAddress();
            if (address.isPrefixed()) {
                throw new AddressException("\"" + whole + "\" is not an address");
            }
            return address;
        } catch (AddressStringException e) {
            throw new AddressException("\"" + whole + "\" is not a valid address: " + reason(addressText, e));
        }
    }

    private static String reason(String text, AddressStringException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("starts with zero")) {
            return "leading zeros are not allowed (010.0.0.1 would be read as octal by some parsers)";
        }
        if (message.contains("less than four segments") || message.contains("too few segments")) {
            return "IPv4 needs exactly four decimal octets";
        }
        if (message.contains("too large")) {
            return "an IPv4 octet is at most 255";
        }
        int colon = message.indexOf("error: ");
        return colon >= 0 ? message.substring(colon + 7) : "unrecognised format";
    }

    private static boolean isMapped(IPAddress address) {
        return address.isIPv6() && address.toIPv6().isIPv4Mapped();
    }

    private static IpAddress unmapped(IPAddress address) {
        if (isMapped(address)) {
            return IpAddress.ipv4(address.toIPv6().getEmbeddedIPv4Address().longValue());
        }
        return toAddress(address);
    }

    private static IpAddress toAddress(IPAddress address) {
        if (address.isIPv4()) {
            return IpAddress.ipv4(address.toIPv4().longValue());
        }
        byte[] bytes = address.getBytes();
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (bytes[i] & 0xFF);
            lo = (lo << 8) | (bytes[8 + i] & 0xFF);
        }
        return IpAddress.ipv6(hi, lo);
    }

    private static IPAddressStringParameters strictParameters() {
        IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder()
                .allowEmpty(false)
                .allowAll(false)
                .allowMask(false)
                .allowPrefix(false)
                .allowPrefixOnly(false)
                .allowSingleSegment(false)
                .allow_inet_aton(false)
                .setEmptyAsLoopback(false)
                .allowWildcardedSeparator(false);
        IPv4AddressStringParameters.Builder ipv4 = builder.getIPv4AddressParametersBuilder();
        strictIpv4(ipv4);
        IPv6AddressStringParameters.Builder ipv6 = builder.getIPv6AddressParametersBuilder();
        ipv6.allowZone(false);
        ipv6.allowBase85(false);
        ipv6.allowBinary(false);
        ipv6.allowWildcardedSeparator(false);
        ipv6.allowPrefixesBeyondAddressSize(false);
        ipv6.setRangeOptions(RangeParameters.NO_RANGE);
        strictIpv4(ipv6.getEmbeddedIPv4AddressParametersBuilder());
        return builder.toParams();
    }

    private static void strictIpv4(IPv4AddressStringParameters.Builder ipv4) {
        ipv4.allow_inet_aton(false);
        ipv4.allowLeadingZeros(false);
        ipv4.allowUnlimitedLeadingZeros(false);
        ipv4.allowBinary(false);
        ipv4.allowWildcardedSeparator(false);
        ipv4.allowPrefixesBeyondAddressSize(false);
        ipv4.setRangeOptions(RangeParameters.NO_RANGE);
    }
}
