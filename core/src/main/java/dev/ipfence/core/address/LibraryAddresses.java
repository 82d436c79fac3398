package dev.ipfence.core.address;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4AddressStringParameters;
import inet.ipaddr.ipv6.IPv6AddressStringParameters;
import java.util.regex.Pattern;

/**
 * Every address form through IPAddress (com.github.seancfoley), configured once to refuse every
 * lenient form, plus the rules it cannot express: the shape of the text, prefix lengths without
 * leading zeros, no host bits, and IPv4-mapped IPv6 read as IPv4. Errors say the fix.
 */
final class LibraryAddresses {

    private static final IPAddressStringParameters STRICT = strictParameters();
    private static final Pattern PREFIX = Pattern.compile("0|[1-9][0-9]{0,2}");
    /** Anything but hex digits, dots, colons and the prefix slash: zone ids, brackets, spaces, controls. */
    private static final Pattern FORBIDDEN = Pattern.compile("[^0-9A-Fa-f.:/]");

    private static final int MAX_LENGTH = 64;

    private LibraryAddresses() {}

    /** A single address; a prefix length is refused. */
    static IpAddress parseAddress(String text) {
        checkShape(text);
        if (text.indexOf('/') >= 0) {
            throw new AddressException("\"" + text + "\" is not a single address: remove the prefix length");
        }
        return unmapped(parseStrict(text, text));
    }

    /** A network in CIDR notation; a bare address means /32 or /128. */
    static IpBlock parseNetwork(String text) {
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
            throw new AddressException("\"" + text + "\" has host bits set: did you mean "
                    + Addresses.format(toAddress(network)) + "/" + prefix + "?");
        }
        IpAddress first = toAddress(network);
        if (first.family() == IpFamily.IPV6 && isMapped(network) && prefix >= 96) {
            return Addresses.cidr(unmapped(network), prefix - 96);
        }
        return Addresses.cidr(first, prefix);
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
