package dev.ipfence.enforcement.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.model.Decision;
import dev.ipfence.enforcement.decisions.ClientAddresses.Client;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who the client is, without Quarkus: the trusted-hops rule on hand-picked and generated headers. */
class ClientAddressesTest {

    /** One nginx ({@code $proxy_add_x_forwarded_for}) in a pod network its clients share. */
    private static final ClientAddresses ONE_HOP = new ClientAddresses(List.of("10.0.0.0/8"), 1);

    private static final String PROXY = "10.0.0.2";

    @Test
    void aClientInsideTheTrustedNetworkCannotPickItsAddressByWritingToTheLeft() {
        // the client 10.1.2.3 shares the proxies' network and sent "X-Forwarded-For: 203.0.113.7";
        // nginx appended the real peer. Skipping trusted entries would have answered 203.0.113.7.
        assertThat(ONE_HOP.resolve(PROXY, List.of("203.0.113.7, 10.1.2.3"))).isEqualTo(client("10.1.2.3"));
        assertThat(ONE_HOP.resolve(PROXY, List.of("203.0.113.7", "10.1.2.3"))).isEqualTo(client("10.1.2.3"));
        assertThat(ONE_HOP.resolve(PROXY, List.of("198.51.100.1, 203.0.113.7, 10.0.0.9")))
                .isEqualTo(client("10.0.0.9"));
    }

    @Test
    void theClientIsTheEntryTrustedHopsFromTheRight() {
        ClientAddresses twoHops = new ClientAddresses(List.of("10.0.0.0/8"), 2);
        // spoofed by the client, the client as the CDN saw it, the CDN as the ingress saw it
        assertThat(twoHops.resolve(PROXY, List.of("192.0.2.66, 203.0.113.7, 198.51.100.9")))
                .isEqualTo(client("203.0.113.7"));
        ClientAddresses threeHops = new ClientAddresses(List.of("10.0.0.0/8"), 3);
        assertThat(threeHops.resolve(PROXY, List.of("192.0.2.66, 203.0.113.7, 198.51.100.9, 10.9.9.9")))
                .isEqualTo(client("203.0.113.7"));
    }

    @Test
    void headerLinesAreJoinedInOrder() {
        List<String> lines = List.of("192.0.2.1, 192.0.2.2", "192.0.2.3", "192.0.2.4, 192.0.2.5");
        for (int hops = 1; hops <= 5; hops++) {
            assertThat(new ClientAddresses(List.of("10.0.0.0/8"), hops).resolve(PROXY, lines))
                    .as("%d hops", hops)
                    .isEqualTo(client("192.0.2." + (6 - hops)));
        }
        assertThat(new ClientAddresses(List.of("10.0.0.0/8"), 6).resolve(PROXY, lines))
                .isEqualTo(Client.MISSING);
    }

    @Test
    void aTrustedPeerWithoutXForwardedForIsMissingTheClientNotTheClient() {
        assertThat(ONE_HOP.resolve(PROXY, null)).isEqualTo(Client.MISSING);
        assertThat(ONE_HOP.resolve(PROXY, List.of())).isEqualTo(Client.MISSING);
        assertThat(Client.MISSING.failure()).isEqualTo(Decision.Reason.MISSING_CLIENT_IP);
        assertThat(Client.MISSING.address()).isNull();
    }

    @Test
    void fewerEntriesThanTrustedHopsIsMissingTheClient() {
        ClientAddresses twoHops = new ClientAddresses(List.of("10.0.0.0/8"), 2);
        assertThat(twoHops.resolve(PROXY, List.of("203.0.113.7"))).isEqualTo(Client.MISSING);
        ClientAddresses threeHops = new ClientAddresses(List.of("10.0.0.0/8"), 3);
        assertThat(threeHops.resolve(PROXY, List.of("203.0.113.7", "198.51.100.9")))
                .isEqualTo(Client.MISSING);
        assertThat(threeHops.resolve(PROXY, List.of("203.0.113.7, 198.51.100.9")))
                .isEqualTo(Client.MISSING);
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
        assertThat(ONE_HOP.resolve("192.0.2.44", List.of("10.0.0.2"))).isEqualTo(client("192.0.2.44"));
        assertThat(ONE_HOP.resolve("192.0.2.44", List.of("garbage, 1.2.3.4:80")))
                .isEqualTo(client("192.0.2.44"));
        assertThat(ONE_HOP.resolve("192.0.2.44", List.of(""))).isEqualTo(client("192.0.2.44"));
        assertThat(ONE_HOP.resolve("192.0.2.44", null)).isEqualTo(client("192.0.2.44"));
        ClientAddresses none = new ClientAddresses(List.of(), 1);
        assertThat(none.resolve("127.0.0.1", List.of("203.0.113.7"))).isEqualTo(client("127.0.0.1"));
        assertThat(none.resolve("10.0.0.2", null)).isEqualTo(client("10.0.0.2"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.2.3.4:80",
                "[2001:db8::1]:443",
                "[2001:db8::1]",
                "fe80::1%eth0",
                "203.0.113.007",
                "010.0.0.1",
                "1.2.3",
                "0x7f.0.0.1",
                "1.2.3.4/32",
                "unknown",
                "_hidden",
                "for=192.0.2.60",
                "",
                " ",
                "\t",
                "1.2.3.4\u0000",
                "1.2.3.4\u0001",
                "::1\u0000",
                "1.2.3.4\u007f",
                "1.2.3.4\u00a0",
                "1.2.3.4 5.6.7.8",
                "203.0.113.7,",
                "203.0.113.7, garbage",
                "203.0.113.7;",
                "2001:db8::1::2",
                "1.2.3.4\r\n"
            })
    void anEntryThatIsNotAStrictAddressIsABadClient(String header) {
        assertThat(ONE_HOP.resolve(PROXY, List.of(header))).isEqualTo(Client.BAD);
        assertThat(ONE_HOP.resolve(PROXY, List.of("203.0.113.7", header))).isEqualTo(Client.BAD);
        assertThat(Client.BAD.failure()).isEqualTo(Decision.Reason.BAD_CLIENT_IP);
    }

    @Test
    void onlyTheChosenEntryIsRead() {
        // what the client wrote to the left is never parsed, so garbage there changes nothing
        assertThat(ONE_HOP.resolve(PROXY, List.of("garbage, 1.2.3.4:80, , 203.0.113.7")))
                .isEqualTo(client("203.0.113.7"));
        assertThat(ONE_HOP.resolve(PROXY, List.of("", "203.0.113.7"))).isEqualTo(client("203.0.113.7"));
        assertThat(ONE_HOP.resolve(PROXY, List.of(",203.0.113.7"))).isEqualTo(client("203.0.113.7"));
    }

    @Test
    void spacesAndTabsAroundAnEntryAreIgnored() {
        assertThat(ONE_HOP.resolve(PROXY, List.of("192.0.2.1 ,\t 203.0.113.7 \t")))
                .isEqualTo(client("203.0.113.7"));
        assertThat(new ClientAddresses(List.of("10.0.0.0/8"), 2).resolve(PROXY, List.of("192.0.2.1 ,\t 203.0.113.7")))
                .isEqualTo(client("192.0.2.1"));
    }

    @Test
    void ipv6ClientsAndProxies() {
        ClientAddresses v6 = new ClientAddresses(List.of("fd00::/8", "10.0.0.0/8"), 1);
        assertThat(v6.resolve("fd00::2", List.of("2001:DB8:0:0:0:0:0:1"))).isEqualTo(client("2001:db8::1"));
        assertThat(v6.resolve("fd00::2", List.of("2001:db8::1")).address().toString())
                .isEqualTo("2001:db8::1");
        // the JDK writes IPv6 peers uncompressed
        assertThat(v6.resolve("fd00:0:0:0:0:0:0:2", List.of("203.0.113.7"))).isEqualTo(client("203.0.113.7"));
        assertThat(v6.resolve("2001:db8::5", List.of("203.0.113.7"))).isEqualTo(client("2001:db8::5"));
        assertThat(v6.resolve("fd00::2", List.of("2001:db8::1%eth0"))).isEqualTo(Client.BAD);
    }

    @Test
    void mappedIpv6IsIpv4() {
        // a dual-stack socket reports IPv4 peers mapped; they are trusted by their IPv4 network
        assertThat(ONE_HOP.resolve("::ffff:10.0.0.2", List.of("203.0.113.7"))).isEqualTo(client("203.0.113.7"));
        assertThat(ONE_HOP.resolve("0:0:0:0:0:ffff:a00:2", List.of("203.0.113.7")))
                .isEqualTo(client("203.0.113.7"));
        assertThat(ONE_HOP.resolve(PROXY, List.of("::ffff:203.0.113.7"))).isEqualTo(client("203.0.113.7"));
        assertThat(ONE_HOP.resolve(PROXY, List.of("::ffff:203.0.113.7"))
                        .address()
                        .toString())
                .isEqualTo("203.0.113.7");
        assertThat(ONE_HOP.resolve("::ffff:192.0.2.44", List.of("203.0.113.7"))).isEqualTo(client("192.0.2.44"));
    }

    @Test
    void anUnreadablePeerIsABadClient() {
        assertThat(ONE_HOP.resolve(null, List.of("203.0.113.7"))).isEqualTo(Client.BAD);
        assertThat(ONE_HOP.resolve("", List.of("203.0.113.7"))).isEqualTo(Client.BAD);
        assertThat(ONE_HOP.resolve("fe80::1%eth0", List.of("203.0.113.7"))).isEqualTo(Client.BAD);
        assertThat(ONE_HOP.resolve("localhost", List.of("203.0.113.7"))).isEqualTo(Client.BAD);
    }

    @Test
    void aBadConfigurationIsRefusedAtStartWithTheKeyAndTheFix() {
        assertThatThrownBy(() -> new ClientAddresses(List.of("REPLACE-ME"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ipfence.enforcement.trusted-proxies (IPFENCE_TRUSTED_PROXIES)")
                .hasMessageContaining("REPLACE-ME")
                .hasMessageContaining("leave it empty to trust none");
        assertThatThrownBy(() -> new ClientAddresses(List.of("10.0.0.0/8", "10.0.0.5/24"), 1))
                .hasMessageContaining("did you mean 10.0.0.0/24?");
        assertThatThrownBy(() -> new ClientAddresses(List.of("10.0.0.0/8"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ipfence.enforcement.trusted-hops (IPFENCE_TRUSTED_HOPS) is 0");
        assertThatThrownBy(() -> new ClientAddresses(List.of(), -1)).hasMessageContaining("at least 1");
        assertThat(new ClientAddresses(List.of(" 10.0.0.0/8 ", "", " "), 1).resolve(PROXY, List.of("203.0.113.7")))
                .isEqualTo(client("203.0.113.7"));
    }

    /**
     * Real chains: a client (often inside the trusted network), entries it wrote itself, then one
     * entry per trusted proxy that appends, spread over header lines at random. The client found
     * is always the real one.
     */
    @Test
    void generatedProxyChainsAlwaysYieldTheRealClient() {
        Random random = new Random(13);
        List<String> trustedNetworks = List.of("10.0.0.0/8", "192.168.0.0/16", "fd00::/8");
        for (int run = 0; run < 20_000; run++) {
            int hops = 1 + random.nextInt(4);
            ClientAddresses clients = new ClientAddresses(trustedNetworks, hops);
            String real = random.nextBoolean() ? trustedAddress(random) : anyAddress(random);
            List<String> entries = new ArrayList<>();
            int spoofed = random.nextInt(4);
            for (int i = 0; i < spoofed; i++) {
                entries.add(random.nextInt(3) == 0 ? garbage(random) : anyAddress(random));
            }
            entries.add(real);
            // the first proxy appends the real client; each further proxy appends the one before it
            for (int proxy = 1; proxy < hops; proxy++) {
                entries.add(trustedAddress(random));
            }
            String peer = trustedAddress(random);
            List<String> lines = splitIntoLines(entries, random);
            assertThat(clients.resolve(peer, lines))
                    .as("hops %d, peer %s, lines %s", hops, peer, lines)
                    .isEqualTo(client(real));
        }
    }

    /**
     * Any header at all, against the obvious reference (join the lines, split on commas, take the
     * entry trusted-hops from the right): every outcome, each reached.
     */
    @Test
    void generatedHeadersAgreeWithTheReference() {
        Random random = new Random(31);
        List<String> trustedNetworks = List.of("10.0.0.0/8", "fd00::/8");
        List<IpBlock> blocks =
                trustedNetworks.stream().map(Addresses::parseNetwork).toList();
        Map<Decision.Reason, Integer> failures = new EnumMap<>(Decision.Reason.class);
        int found = 0;
        for (int run = 0; run < 50_000; run++) {
            int hops = 1 + random.nextInt(3);
            ClientAddresses clients = new ClientAddresses(trustedNetworks, hops);
            String peer = random.nextInt(10) == 0
                    ? garbage(random)
                    : random.nextBoolean() ? trustedAddress(random) : anyAddress(random);
            List<String> lines = random.nextInt(10) == 0 ? null : randomLines(random);
            Client expected = reference(blocks, hops, peer, lines);
            assertThat(clients.resolve(peer, lines))
                    .as("hops %d, peer %s, lines %s", hops, peer, lines)
                    .isEqualTo(expected);
            if (expected.failure() == null) {
                found++;
            } else {
                failures.merge(expected.failure(), 1, Integer::sum);
            }
        }
        assertThat(found).isGreaterThan(5_000);
        assertThat(failures.get(Decision.Reason.MISSING_CLIENT_IP)).isGreaterThan(1_000);
        assertThat(failures.get(Decision.Reason.BAD_CLIENT_IP)).isGreaterThan(1_000);
    }

    private static Client reference(List<IpBlock> trusted, int hops, String peer, List<String> lines) {
        IpAddress peerAddress;
        try {
            peerAddress = Addresses.parseAddress(peer);
        } catch (AddressException e) {
            return Client.BAD;
        }
        if (trusted.stream().noneMatch(block -> block.contains(peerAddress))) {
            return new Client(peerAddress, null);
        }
        if (lines == null || lines.isEmpty()) {
            return Client.MISSING;
        }
        List<String> entries = Arrays.asList(String.join(",", lines).split(",", -1));
        if (entries.size() < hops) {
            return Client.MISSING;
        }
        String entry = entries.get(entries.size() - hops).replaceAll("^[ \t]+|[ \t]+$", "");
        if (entry.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            return Client.BAD;
        }
        try {
            return new Client(Addresses.parseAddress(entry), null);
        } catch (AddressException e) {
            return Client.BAD;
        }
    }

    private static List<String> randomLines(Random random) {
        List<String> entries = new ArrayList<>();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            entries.add(
                    switch (random.nextInt(6)) {
                        case 0 -> garbage(random);
                        case 1 -> trustedAddress(random);
                        default -> anyAddress(random);
                    });
        }
        return splitIntoLines(entries, random);
    }

    /** The entries as header lines: each line one or more entries, with optional whitespace. */
    private static List<String> splitIntoLines(List<String> entries, Random random) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            if (!line.isEmpty()) {
                line.append(random.nextBoolean() ? ", " : ",");
            }
            line.append(random.nextInt(8) == 0 ? " \t" : "").append(entries.get(i));
            if (random.nextInt(8) == 0) {
                line.append(' ');
            }
            if (i == entries.size() - 1 || random.nextInt(3) == 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
        }
        return lines;
    }

    private static String trustedAddress(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            case 1 -> "::ffff:10.0.0." + random.nextInt(256);
            default -> "fd00::" + Integer.toHexString(random.nextInt(0x10000));
        };
    }

    private static String anyAddress(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "2001:db8::" + Integer.toHexString(random.nextInt(0x10000));
            case 1 -> "::ffff:" + (1 + random.nextInt(223)) + ".0.2." + random.nextInt(256);
            default ->
                (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                        + random.nextInt(256);
        };
    }

    private static String garbage(Random random) {
        String[] forms = {
            "",
            " ",
            "unknown",
            "_hidden",
            "1.2.3.4:80",
            "[2001:db8::1]",
            "[2001:db8::1]:443",
            "010.0.0.1",
            "1.2.3",
            "fe80::1%eth0",
            "10.0.0.0/8",
            "a.b.c.d",
            "1.2.3.4\u0000",
            "256.0.0.1",
            "::g"
        };
        return forms[random.nextInt(forms.length)];
    }

    private static Client client(String address) {
        return new Client(Addresses.parseAddress(address), null);
    }
}
