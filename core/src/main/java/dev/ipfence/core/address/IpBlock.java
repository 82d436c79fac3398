package dev.ipfence.core.address;

/**
 * The addresses a rule covers: an inclusive interval of one family, either a CIDR ({@code prefix}
 * set) or an exact range ({@code prefix} is -1). A range is never rounded to CIDRs.
 */
public record IpBlock(IpAddress first, IpAddress last, int prefix) {

    public static final int NOT_A_PREFIX = -1;

    public IpBlock {
        if (first.family() != last.family()) {
            throw new IllegalArgumentException("a block is of one family: " + first + " - " + last);
        }
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("a block starts at or before its end: " + first + " - " + last);
        }
    }

    public IpFamily family() {
        return first.family();
    }

    public boolean isCidr() {
        return prefix != NOT_A_PREFIX;
    }

    public boolean contains(IpAddress address) {
        return address.family() == family() && first.compareTo(address) <= 0 && address.compareTo(last) <= 0;
    }

    /** Number of addresses covered minus one, as an unsigned 128-bit value split in two halves. */
    public long spanHi() {
        long lo = last.lo() - first.lo();
        long borrow = Long.compareUnsigned(last.lo(), first.lo()) < 0 ? 1 : 0;
        return last.hi() - first.hi() - borrow;
    }

    public long spanLo() {
        return last.lo() - first.lo();
    }

    /** Orders by the number of addresses covered, fewest first: the "most specific" order. */
    public static int compareSize(IpBlock a, IpBlock b) {
        int byHi = Long.compareUnsigned(a.spanHi(), b.spanHi());
        return byHi != 0 ? byHi : Long.compareUnsigned(a.spanLo(), b.spanLo());
    }

    /** {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or for a range {@code 10.0.0.5-10.0.0.9}. */
    @Override
    public String toString() {
        return isCidr() ? first + "/" + prefix : first + "-" + last;
    }
}
