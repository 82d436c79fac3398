package dev.ipfence.audit.attempts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.audit.attempts.FloodFolding.WindowKey;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FoldKeysTest {

    private static final UUID ENV = UUID.fromString("00000000-0000-0000-0000-0000000000e1");
    private static final FoldKeys KEYS = new FoldKeys(Duration.ofMinutes(1));

    @Test
    void anIpv4AddressIsItsOwnSourceAndAnIpv6AddressFoldsIntoItsSlash64() {
        IpAddress v4 = Addresses.parseAddress("198.51.100.7");
        assertThat(FoldKeys.sourceNetwork(v4)).isEqualTo(v4);
        assertThat(FoldKeys.sourcePrefix(v4)).isEqualTo(32);
        assertThat(FoldKeys.sourceText(v4)).isEqualTo("198.51.100.7");

        IpAddress v6 = FoldKeys.sourceNetwork(Addresses.parseAddress("2001:db8:0:1:ffff::9"));
        assertThat(v6).isEqualTo(Addresses.parseAddress("2001:db8:0:1::"));
        assertThat(FoldKeys.sourcePrefix(v6)).isEqualTo(64);
        assertThat(FoldKeys.sourceText(v6)).isEqualTo("2001:db8:0:1::/64");

        assertThat(FoldKeys.sourceNetwork(null)).isNull();
        assertThat(FoldKeys.sourceText(null)).isEqualTo(FloodFolding.UNPARSEABLE_SOURCE);
    }

    @Test
    void aFoldedRowsIdIsDerivedFromItsWindowSourceRuleReasonAndScopeAndStaysTheSameAcrossReleases() {
        Instant start = Instant.parse("2026-11-23T15:04:00Z");
        AttemptRow a = attempt("2001:db8:0:1::9", start.plusSeconds(59), null);
        WindowKey window = KEYS.windowOf(a);
        assertThat(window).isEqualTo(new WindowKey(ENV, start));
        // rows stored by an earlier release are found again only if this text never changes
        String name = "ipfence.audit.fold|" + ENV + "|" + start.toEpochMilli()
                + "|60000|1|2001:db8:0:1::/64|null|NOT_ALLOWLISTED|http";
        assertThat(KEYS.sourceFoldId(window, a))
                .isEqualTo(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(KEYS.sourceFoldId(window, attempt("2001:db8:0:1::ff", start, null)))
                .isNotEqualTo(KEYS.sourceFoldId(window, attempt("2001:db8:0:2::9", start, null)))
                .isNotEqualTo(KEYS.sourceFoldId(window, attempt("2001:db8:0:1::9", start, UUID.randomUUID())));
        assertThat(KEYS.restFoldId(window))
                .isEqualTo(
                        UUID.nameUUIDFromBytes(("ipfence.audit.fold|" + ENV + "|" + start.toEpochMilli() + "|60000|2|")
                                .getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(KEYS.restFoldId(new WindowKey(ENV, start.plusSeconds(60))));
    }

    @Test
    void anEventBeforeTheEpochFallsIntoTheWindowBelowIt() {
        assertThat(KEYS.windowOf(attempt("198.51.100.1", Instant.ofEpochMilli(-1), null))
                        .start())
                .isEqualTo(Instant.ofEpochSecond(-60));
    }

    private static AttemptRow attempt(String ip, Instant at, UUID policy) {
        return new AttemptRow(
                UUID.randomUUID(),
                ENV,
                null,
                Addresses.parseAddress(ip),
                ip,
                "GET",
                "/",
                "shop.example",
                at,
                at,
                "http",
                null,
                policy,
                "NOT_ALLOWLISTED",
                1);
    }
}
