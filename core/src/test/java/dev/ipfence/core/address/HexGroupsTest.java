package dev.ipfence.core.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The IPv6 fast path reads plain hex groups exactly as the library does and leaves every other form to it. */
class HexGroupsTest {

    @Test
    void readsHexGroupsFullCompressedAndInEitherCase() {
        assertThat(HexGroups.value("2001:db8::1", 0, 11)).isEqualTo(IpAddress.ipv6(0x2001_0db8_0000_0000L, 1));
        assertThat(HexGroups.value("x2001:0DB8:0:0:0:0:0:1/64", 1, 22))
                .isEqualTo(IpAddress.ipv6(0x2001_0db8_0000_0000L, 1));
        assertThat(HexGroups.value("::", 0, 2)).isEqualTo(IpAddress.ipv6(0, 0));
        assertThat(HexGroups.value("1::", 0, 3)).isEqualTo(IpAddress.ipv6(0x0001_0000_0000_0000L, 0));
        assertThat(HexGroups.value("1:2:3:4:5:6:7::", 0, 15))
                .isEqualTo(IpAddress.ipv6(0x0001_0002_0003_0004L, 0x0005_0006_0007_0000L));
        assertThat(HexGroups.value("::2:3:4:5:6:7:8", 0, 15))
                .isEqualTo(IpAddress.ipv6(0x0000_0002_0003_0004L, 0x0005_0006_0007_0008L));
        assertThat(HexGroups.value("1:2:3:4::", 0, 9)).isEqualTo(IpAddress.ipv6(0x0001_0002_0003_0004L, 0));
    }

    @Test
    void leavesEveryOtherFormToTheLibrary() {
        for (String text : new String[] {
            "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", ":::", ":1::", "1::2:", "12345::", "1:2:3:4:5:6:7:8::",
            "::1.2.3.4", "::ffff:1.2.3.4", "::ffff:a00:1", "fe80::1%eth0", "[::1]", "::g", "2001:db8::1 ", ":"
        }) {
            assertThat(HexGroups.value(text, 0, text.length())).as(text).isNull();
        }
    }

    @Test
    void readsANetworkWithoutHostBitsAndLeavesTheRest() {
        assertThat(HexGroups.network("2001:db8::/32"))
                .isEqualTo(Addresses.cidr(IpAddress.ipv6(0x2001_0db8_0000_0000L, 0), 32));
        assertThat(HexGroups.network("::/0").prefix()).isZero();
        assertThat(HexGroups.network("2001:db8::1").prefix()).isEqualTo(128);
        assertThat(HexGroups.network("2001:db8::1/128").prefix()).isEqualTo(128);
        for (String text : new String[] {
            "2001:db8::1/64",
            "2001:db8::/032",
            "2001:db8::/129",
            "2001:db8::/",
            "2001:db8::/1000",
            "::1/0",
            "::ffff:0:0/96"
        }) {
            assertThat(HexGroups.network(text)).as(text).isNull();
        }
    }

    /**
     * Through {@link Addresses}, every generated IPv6 text gives what the strict library parse
     * gives: the same address or network, or the same refusal. The texts are valid addresses and
     * networks in every RFC 4291 form (full, zero-padded, compressed at any run of zero groups,
     * upper case, a dotted quad at the end, IPv4-mapped) with prefixes with and without host bits,
     * and mutations of them (characters inserted, removed or replaced).
     */
    @Test
    void fastPathAgreesWithTheLibraryOnGeneratedInputs() {
        Random random = new Random(11);
        String alphabet = "0123456789abcdefABCDEF:::./g -%[]";
        int readByFastPath = 0;
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            long hi = randomHalf(random);
            long lo = randomHalf(random);
            if (random.nextInt(10) == 0) {
                hi = 0;
                lo = 0xFFFF_0000_0000L | (random.nextInt() & 0xFFFF_FFFFL);
            }
            int prefix = random.nextInt(4) == 0 ? -1 : random.nextInt(129);
            if (prefix >= 0 && random.nextInt(5) != 0) {
                hi = masked(hi, prefix, true);
                lo = masked(lo, prefix, false);
            }
            StringBuilder text = new StringBuilder(render(hi, lo, random));
            if (prefix >= 0) {
                text.append('/').append(random.nextInt(20) == 0 ? "0" : "").append(prefix);
            }
            LibraryAgreement.alter(text, Math.max(0, random.nextInt(4) - 1), alphabet, random);
            String input = text.toString();
            boolean address = LibraryAgreement.agrees(input);
            readByFastPath += HexGroups.network(input) != null ? 1 : 0;
            accepted += address ? 1 : 0;
        }
        // the fast path, the library's acceptance and its refusal each took a large share
        assertThat(readByFastPath).isBetween(60_000, 180_000);
        assertThat(accepted).isBetween(20_000, 180_000);
    }

    /** Mostly zero groups, so that compression runs of every length occur. */
    private static long randomHalf(Random random) {
        long half = 0;
        for (int group = 0; group < 4; group++) {
            half = half << 16 | (random.nextInt(3) == 0 ? random.nextInt(0x10000) : 0);
        }
        return half;
    }

    private static long masked(long half, int prefix, boolean high) {
        int bits = high ? Math.min(prefix, 64) : Math.max(prefix - 64, 0);
        return bits == 0 ? 0 : half & (-1L << (64 - bits));
    }

    /** One of the text forms of {@code hi:lo}, chosen at random. */
    private static String render(long hi, long lo, Random random) {
        int[] groups = new int[8];
        for (int g = 0; g < 4; g++) {
            groups[g] = (int) (hi >>> (48 - 16 * g)) & 0xFFFF;
            groups[4 + g] = (int) (lo >>> (48 - 16 * g)) & 0xFFFF;
        }
        boolean dottedQuad = random.nextInt(8) == 0;
        int written = dottedQuad ? 6 : 8;
        // a run of zero groups to write as "::", when there is one and the dice say so
        int gapFrom = -1;
        int gapTo = -1;
        if (random.nextInt(4) != 0) {
            int start = random.nextInt(written);
            while (start < written && groups[start] != 0) {
                start++;
            }
            if (start < written) {
                int end = start;
                while (end < written && groups[end] == 0 && (end == start || random.nextInt(4) != 0)) {
                    end++;
                }
                gapFrom = start;
                gapTo = end;
            }
        }
        boolean upper = random.nextInt(5) == 0;
        StringBuilder text = new StringBuilder();
        for (int g = 0; g < written; g++) {
            if (g == gapFrom) {
                text.append("::");
                g = gapTo - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            String hex = Integer.toHexString(groups[g]);
            if (random.nextInt(6) == 0) {
                hex = "0".repeat(random.nextInt(5 - hex.length()) + (random.nextInt(30) == 0 ? 1 : 0)) + hex;
            }
            text.append(upper ? hex.toUpperCase() : hex);
        }
        if (dottedQuad) {
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(groups[6] >>> 8).append('.').append(groups[6] & 0xFF).append('.');
            text.append(groups[7] >>> 8).append('.').append(groups[7] & 0xFF);
        }
        return text.toString();
    }
}
