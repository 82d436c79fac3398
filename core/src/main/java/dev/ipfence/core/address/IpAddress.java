package dev.ipfence.core.address;

/**
 * One address as two unsigned 64-bit halves ({@code hi} is always 0 for IPv4), so that matchers
 * compare addresses without allocating. Mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) are IPv4.
 */
public record IpAddress(IpFamily family, long hi, long lo) implements Comparable<IpAddress> {

    public static IpAddress ipv4(long value) {
        return new IpAddress(IpFamily.IPV4, 0, value & 0xFFFF_FFFFL);
    }

    public static IpAddress ipv6(long hi, long lo) {
        return new IpAddress(IpFamily.IPV6, hi, lo);
    }

    @Override
    public int compareTo(IpAddress other) {
        int byFamily = family.compareTo(other.family);
        if (byFamily != 0) {
            return byFamily;
        }
        int byHi = Long.compareUnsigned(hi, other.hi);
        return byHi != 0 ? byHi : Long.compareUnsigned(lo, other.lo);
    }

    /** Canonical text: dotted quad, or RFC 5952 for IPv6. */
    @Override
    public String toString() {
        return Addresses.format(this);
    }
}
