package dev.ipfence.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DevSignInGuardTest {

    @Test
    void loopbackAddressesAreLoopback() {
        assertThat(DevSignInGuard.isLoopback("127.0.0.1")).isTrue();
        assertThat(DevSignInGuard.isLoopback("127.1.2.3")).isTrue();
        assertThat(DevSignInGuard.isLoopback("::1")).isTrue();
        assertThat(DevSignInGuard.isLoopback("localhost")).isTrue();
    }

    @Test
    void everyOtherAddressIsNot() {
        assertThat(DevSignInGuard.isLoopback("0.0.0.0")).isFalse();
        assertThat(DevSignInGuard.isLoopback("::")).isFalse();
        assertThat(DevSignInGuard.isLoopback("10.0.0.1")).isFalse();
        assertThat(DevSignInGuard.isLoopback("")).isFalse();
        assertThat(DevSignInGuard.isLoopback(null)).isFalse();
        assertThat(DevSignInGuard.isLoopback("no-such-host.invalid")).isFalse();
    }
}
