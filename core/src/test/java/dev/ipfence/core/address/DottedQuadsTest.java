package dev.ipfence.core.address;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fast path reads plain dotted quads and leaves every other form to the library. */
class DottedQuadsTest {

    @Test
    void readsAPlainDottedQuadInsideItsBounds() {
        assertThat(DottedQuads.value("10.0.0.1", 0, 8)).isEqualTo(0x0A00_0001L);
        assertThat(DottedQuads.value("x255.255.255.255/8", 1, 16)).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void leavesLeadingZerosLargeOctetsAndShorthandToTheLibrary() {
        for (String text : new String[] {"010.0.0.1", "256.0.0.1", "10.1", "10.0.0.1.", "1.2.3.4 ", "00.0.0.0"}) {
            assertThat(DottedQuads.value(text, 0, text.length())).as(text).isEqualTo(-1);
        }
    }

    @Test
    void readsANetworkWithoutHostBitsAndLeavesTheRest() {
        assertThat(DottedQuads.network("10.0.0.0/8")).isEqualTo(Addresses.cidr(IpAddress.ipv4(0x0A00_0000L), 8));
        assertThat(DottedQuads.network("0.0.0.0/0").prefix()).isZero();
        assertThat(DottedQuads.network("10.0.0.1")).isEqualTo(Addresses.cidr(IpAddress.ipv4(0x0A00_0001L), 32));
        for (String text : new String[] {"10.0.0.1/8", "10.0.0.0/08", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/100"}) {
            assertThat(DottedQuads.network(text)).as(text).isNull();
        }
    }
}
