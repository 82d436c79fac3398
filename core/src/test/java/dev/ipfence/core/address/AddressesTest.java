package dev.ipfence.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inet.ipaddr.IPAddressString;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0/8",
        "10.0.0.1, 10.0.0.1/32",
        "0.0.0.0/0, 0.0.0.0/0",
        "255.255.255.255/32, 255.255.255.255/32",
        "2001:DB8::/32, 2001:db8::/32",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1/128",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1/128",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1/128",
        "::/0, ::/0",
        "::ffff:10.0.0.0/104, 10.0.0.0/8",
        "::ffff:1.2.3.4, 1.2.3.4/32",
        "0:0:0:0:0:ffff:a00:1, 10.0.0.1/32",
        "::ffff:0:0/96, 0.0.0.0/0",
        "::fffe:0:0/95, ::fffe:0:0/95",
    })
    void acceptsStrictFormsAndReturnsTheCanonicalForm(String input, String canonical) {
        assertThat(Addresses.parseNetwork(input)).hasToString(canonical);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "010.0.0.1",
                "10.0.0.01",
                "00.0.0.0/8",
                "0x0a.0.0.1",
                "10.1",
                "10",
                "167772161",
                "10.0.0.1.",
                "256.0.0.1",
                "10.0.0.*",
                "10.0.0.1-5",
                "fe80::1%eth0",
                "[::1]",
                "[::1]/128",
                " 10.0.0.1",
                "10.0.0.1 ",
                "10.0.0.0/08",
                "10.0.0.0/33",
                "2001:db8::/129",
                "10.0.0.0/",
                "10.0.0.0/-1",
                "10.0.0.0/8/8",
                "1.2.3.4/255.0.0.0",
                "::ffff:010.0.0.1",
                "1:2:3:4:5:6:7:8:9",
                "",
                "*",
                "localhost",
                "2001:db8::/064"
            })
    void rejectsLenientAndAmbiguousForms(String input) {
        assertThatThrownBy(() -> Addresses.parseNetwork(input)).isInstanceOf(AddressException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.2.3.4\u0000",
                "\u00011.2.3.4",
                "1.2.3.4\u0085",
                "1.2.3.4\u200b",
                "\ufeff1.2.3.4",
                "\uff11.2.3.4",
                "1.2.3.\u0664",
                "2001:db8::1\u0000",
                "10.0.0.0/8\u0000"
            })
    void rejectsControlInvisibleAndNonAsciiCharactersShowingThem(String input) {
        assertThatThrownBy(() -> Addresses.parseAddress(input)).isInstanceOf(AddressException.class);
        assertThatThrownBy(() -> Addresses.parseNetwork(input))
                .isInstanceOf(AddressException.class)
                .hasMessageNotContaining(String.valueOf((char) 0));
    }

    @Test
    void showsAControlCharacterInTheMessage() {
        assertThatThrownBy(() -> Addresses.parseAddress("1.2.3.4\u0000"))
                .hasMessage("\"1.2.3.4\\u0000\" is not an address: only hex digits, '.', ':' and '/' are allowed"
                        + " (no zone ids, brackets, spaces or control characters)");
    }

    @Test
    void rejectsIpv4WithLeadingZerosSayingWhy() {
        assertThatThrownBy(() -> Addresses.parseNetwork("010.0.0.1"))
                .hasMessageContaining("\"010.0.0.1\"")
                .hasMessageContaining("leading zeros");
    }

    @Test
    void hostBitsSetNamesTheNetwork() {
        assertThatThrownBy(() -> Addresses.parseNetwork("10.0.0.5/24"))
                .hasMessageContaining("did you mean 10.0.0.0/24?");
        assertThatThrownBy(() -> Addresses.parseNetwork("2001:db8::1/32"))
                .hasMessageContaining("did you mean 2001:db8::/32?");
    }

    @Test
    void clientAddressRefusesAPrefixAndUnmapsIpv4MappedIpv6() {
        assertThat(Addresses.parseAddress("::ffff:192.0.2.1")).isEqualTo(Addresses.parseAddress("192.0.2.1"));
        assertThatThrownBy(() -> Addresses.parseAddress("192.0.2.1/32")).isInstanceOf(AddressException.class);
    }

    @Test
    void rangeIsExactOfOneFamilyAndOrdered() {
        IpBlock range = Addresses.parseRange("10.0.0.5", "10.0.0.9");
        assertThat(range.isCidr()).isFalse();
        assertThat(range.contains(Addresses.parseAddress("10.0.0.5"))).isTrue();
        assertThat(range.contains(Addresses.parseAddress("10.0.0.9"))).isTrue();
        assertThat(range.contains(Addresses.parseAddress("10.0.0.10"))).isFalse();
        assertThat(range.contains(Addresses.parseAddress("10.0.0.4"))).isFalse();
        assertThat(size(range)).isEqualTo(BigInteger.valueOf(5));
        assertThatThrownBy(() -> Addresses.parseRange("10.0.0.9", "10.0.0.5")).hasMessageContaining("ends before");
        assertThatThrownBy(() -> Addresses.parseRange("10.0.0.1", "::1")).hasMessageContaining("mixes");
    }

    @Test
    void familiesNeverMatchEachOther() {
        assertThat(Addresses.parseNetwork("::/0").contains(Addresses.parseAddress("10.0.0.1")))
                .isFalse();
        assertThat(Addresses.parseNetwork("0.0.0.0/0").contains(Addresses.parseAddress("::1")))
                .isFalse();
    }

    @Test
    void containmentAndSizeAgreeWithTheIpAddressLibraryOnGeneratedNetworks() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            boolean v6 = random.nextInt(10) < 3;
            String address = v6 ? randomIpv6(random) : randomIpv4(random);
            int prefix = random.nextInt(v6 ? 129 : 33);
            var library =
                    new IPAddressString(address + "/" + prefix).getAddress().toPrefixBlock();
            String cidr = library.toCanonicalString();
            IpBlock block = Addresses.parseNetwork(cidr);

            assertThat(block.toString())
                    .isEqualTo(Addresses.parseNetwork(block.toString()).toString());
            assertThat(size(block)).isEqualTo(library.getCount());
            String probe = random.nextBoolean() ? address : (v6 ? randomIpv6(random) : randomIpv4(random));
            boolean expected = library.contains(new IPAddressString(probe).getAddress());
            assertThat(block.contains(Addresses.parseAddress(probe)))
                    .as("%s contains %s", cidr, probe)
                    .isEqualTo(expected);
        }
    }

    @Test
    void sizeOrderPutsTheMostSpecificFirst() {
        IpBlock host = Addresses.parseNetwork("10.0.0.1");
        IpBlock range = Addresses.parseRange("10.0.0.0", "10.0.0.2");
        IpBlock slash24 = Addresses.parseNetwork("10.0.0.0/24");
        IpBlock all6 = Addresses.parseNetwork("::/0");
        IpBlock half6 = Addresses.parseNetwork("::/1");
        assertThat(IpBlock.compareSize(host, range)).isNegative();
        assertThat(IpBlock.compareSize(range, slash24)).isNegative();
        assertThat(IpBlock.compareSize(half6, all6)).isNegative();
        assertThat(IpBlock.compareSize(slash24, slash24)).isZero();
    }

    @Test
    void coveringCidrOfARangeIsTheSmallestNetworkHoldingBothEnds() {
        assertThat(Addresses.coveringCidr(Addresses.parseRange("10.0.0.5", "10.0.0.9")))
                .hasToString("10.0.0.0/28");
        assertThat(Addresses.coveringCidr(Addresses.parseRange("10.0.0.1", "10.0.0.1")))
                .hasToString("10.0.0.1/32");
        assertThat(Addresses.coveringCidr(Addresses.parseRange("0.0.0.0", "255.255.255.255")))
                .hasToString("0.0.0.0/0");
        assertThat(Addresses.coveringCidr(Addresses.parseRange("2001:db8::1", "2001:db8::1:0")))
                .hasToString("2001:db8::/111");
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            boolean v6 = random.nextBoolean();
            IpAddress a = Addresses.parseAddress(v6 ? randomIpv6(random) : randomIpv4(random));
            IpAddress b = Addresses.parseAddress(v6 ? randomIpv6(random) : randomIpv4(random));
            IpBlock range = a.compareTo(b) <= 0 ? new IpBlock(a, b, -1) : new IpBlock(b, a, -1);
            IpBlock cover = Addresses.coveringCidr(range);
            assertThat(cover.contains(range.first()) && cover.contains(range.last()))
                    .isTrue();
            assertThat(Addresses.parseNetwork(cover.toString())).isEqualTo(cover);
            if (cover.prefix() < cover.family().bits()) {
                var tighter = new IPAddressString(range.first() + "/" + (cover.prefix() + 1))
                        .getAddress()
                        .toPrefixBlock();
                assertThat(tighter.contains(new IPAddressString(range.last().toString()).getAddress()))
                        .as("a /%d around %s cannot also hold %s", cover.prefix() + 1, range.first(), range.last())
                        .isFalse();
            }
        }
    }

    /** Addresses the block covers, from its span (the matcher's measure of specificity). */
    private static BigInteger size(IpBlock block) {
        BigInteger hi = new BigInteger(Long.toUnsignedString(block.spanHi()));
        BigInteger lo = new BigInteger(Long.toUnsignedString(block.spanLo()));
        return hi.shiftLeft(64).add(lo).add(BigInteger.ONE);
    }

    private static String randomIpv4(Random random) {
        return random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
    }

    private static String randomIpv6(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i > 0) {
                text.append(':');
            }
            // mostly zero groups, so that compression and mapped forms are exercised
            text.append(Integer.toHexString(random.nextInt(3) == 0 ? 0 : random.nextInt(0x10000)));
        }
        return text.toString();
    }

    /**
     * The hand-written dotted-quad path gives exactly what the library path gives, and refuses
     * exactly what it refuses, on generated inputs: valid addresses and networks, and mutations
     * of them (leading zeros, extra or missing octets, big numbers, stray characters, prefixes).
     */
    @Test
    void fastPathAgreesWithTheLibraryOnGeneratedInputs() {
        java.util.Random random = new java.util.Random(5);
        String alphabet = "0123456789./:x -a+";
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int octet = 0; octet < 4; octet++) {
                if (octet > 0) {
                    text.append('.');
                }
                text.append(random.nextInt(8) == 0 ? random.nextInt(1000) : random.nextInt(256));
            }
            if (random.nextBoolean()) {
                text.append('/').append(random.nextInt(10) == 0 ? random.nextInt(100) : 8 * random.nextInt(5));
            }
            LibraryAgreement.alter(text, random.nextInt(3), alphabet, random);
            accepted += LibraryAgreement.agrees(text.toString()) ? 1 : 0;
        }
        // both outcomes occur often enough to mean something
        assertThat(accepted).isBetween(20_000, 180_000);
    }
}
