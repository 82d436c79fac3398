package dev.ipfence.core.address;

/** IPv4 or IPv6. Rules and clients of one family never match the other. */
public enum IpFamily {
    IPV4(32),
    IPV6(128);

    private final int bits;

    IpFamily(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }
}
