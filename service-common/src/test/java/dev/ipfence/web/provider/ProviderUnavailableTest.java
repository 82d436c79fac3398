package dev.ipfence.web.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ProviderUnavailableTest {

    @Test
    void theProviderNeverReachedIsUnavailable() {
        assertThat(ProviderUnavailable.is(
                        new OIDCException("OIDC Server is not available", new RuntimeException("refused"))))
                .isTrue();
    }

    @Test
    void keysThatCouldNotBeFetchedAreUnavailable() {
        assertThat(ProviderUnavailable.is(
                        new AuthenticationFailedException(new ConnectException("Connection refused: /127.0.0.1:8180"))))
                .isTrue();
        assertThat(ProviderUnavailable.is(new AuthenticationFailedException(
                        new RuntimeException("wrapped", new TimeoutException("no answer")))))
                .isTrue();
    }

    @Test
    void aBadTokenIsNotAnOutage() {
        assertThat(ProviderUnavailable.is(new AuthenticationFailedException("JWK with kid 'x' is not available")))
                .isFalse();
        assertThat(ProviderUnavailable.is(new AuthenticationFailedException(new IllegalArgumentException("expired"))))
                .isFalse();
        assertThat(ProviderUnavailable.is(null)).isFalse();
    }
}
