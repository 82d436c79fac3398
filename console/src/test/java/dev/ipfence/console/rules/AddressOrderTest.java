package dev.ipfence.console.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressOrderTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

    @Test
    void networksSortAsNumbersNotText() {
        List<RuleRow> rows = new ArrayList<>(List.of(
                cidr("a", "10.0.0.10/32"),
                cidr("b", "2001:db8::/32"),
                cidr("c", "9.255.0.0/16"),
                cidr("d", "10.0.0.9/32"),
                cidr("e", "10.0.0.0/8"),
                cidr("f", "10.0.0.0/24"),
                cidr("g", "::1/128"),
                range("h", "10.0.0.0", "10.0.0.3"),
                cidr("i", "100.0.0.0/8")));
        rows.sort(AddressOrder.ROWS);
        assertThat(rows.stream().map(RuleRow::address))
                .containsExactly(
                        "9.255.0.0/16",
                        "10.0.0.0/8",
                        "10.0.0.0/24",
                        "10.0.0.0-10.0.0.3",
                        "10.0.0.9/32",
                        "10.0.0.10/32",
                        "100.0.0.0/8",
                        "::1/128",
                        "2001:db8::/32");
    }

    @Test
    void generatedNetworksOfBothFamiliesSortByFamilyThenAddressThenPrefixLength() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            List<RuleRow> rows = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                boolean v6 = random.nextInt(3) == 0;
                byte[] bytes = new byte[v6 ? 16 : 4];
                random.nextBytes(bytes);
                // a few shared first addresses, so the prefix length decides between them
                if (random.nextInt(4) == 0) {
                    bytes = new byte[v6 ? 16 : 4];
                    bytes[0] = 10;
                }
                int bits = bytes.length * 8;
                int prefix = random.nextInt(bits + 1);
                byte[] network = masked(bytes, prefix);
                String text = InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
                rows.add(cidr("r" + round + "-" + i, text));
            }
            List<RuleRow> expected = new ArrayList<>(rows);
            expected.sort(Comparator.comparingInt((RuleRow row) -> family(row))
                    .thenComparing(AddressOrderTest::value)
                    .thenComparingInt(AddressOrderTest::prefix)
                    .thenComparing(RuleRow::address));
            Collections.shuffle(rows, random);
            rows.sort(AddressOrder.ROWS);
            assertThat(rows.stream().map(RuleRow::address).toList())
                    .isEqualTo(expected.stream().map(RuleRow::address).toList());
        }
    }

    @Test
    void whatDoesNotParseComesLastInTextOrder() {
        List<RuleRow> rows = new ArrayList<>(List.of(cidr("a", "zz"), cidr("b", "ffff::/16"), cidr("c", "aa")));
        rows.sort(AddressOrder.ROWS);
        assertThat(rows.stream().map(RuleRow::address)).containsExactly("ffff::/16", "aa", "zz");
    }

    private static int family(RuleRow row) {
        return row.address().contains(":") ? 6 : 4;
    }

    private static BigInteger value(RuleRow row) {
        try {
            String host = row.address().substring(0, row.address().indexOf('/'));
            return new BigInteger(1, InetAddress.getByName(host).getAddress());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int prefix(RuleRow row) {
        return Integer.parseInt(row.address().substring(row.address().indexOf('/') + 1));
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }

    private static RuleRow cidr(String id, String cidr) {
        return new RuleRow(id, cidr, cidr, null, null, "allow", List.of(), true, "", null, NOW, "a", 1);
    }

    private static RuleRow range(String id, String from, String to) {
        return new RuleRow(id, from + "-" + to, null, from, to, "allow", List.of(), true, "", null, NOW, "a", 1);
    }
}
