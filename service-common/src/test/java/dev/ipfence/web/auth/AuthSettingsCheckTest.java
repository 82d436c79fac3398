package dev.ipfence.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthSettingsCheckTest {

    private static final Optional<String> KEY = Optional.of("-----BEGIN PUBLIC KEY-----...");
    private static final Optional<String> URL = Optional.of("https://idp.example/realms/ipfence");
    private static final Optional<String> ISSUER = Optional.of("https://ipfence.local/dev");

    @Test
    void aProviderAloneOrAKeyWithItsIssuerIsFine() {
        assertThat(AuthSettingsCheck.problem(Optional.empty(), URL, Optional.empty()))
                .isNull();
        assertThat(AuthSettingsCheck.problem(Optional.empty(), URL, ISSUER)).isNull();
        assertThat(AuthSettingsCheck.problem(KEY, Optional.empty(), ISSUER)).isNull();
    }

    @Test
    void aKeyWithoutAnIssuerWouldAcceptAnyIssuer() {
        assertThat(AuthSettingsCheck.problem(KEY, Optional.empty(), Optional.empty()))
                .contains("IPFENCE_OIDC_ISSUER");
    }

    @Test
    void bothOrNeitherIsRefused() {
        assertThat(AuthSettingsCheck.problem(KEY, URL, ISSUER)).contains("Both");
        assertThat(AuthSettingsCheck.problem(Optional.empty(), Optional.empty(), ISSUER))
                .contains("Neither");
    }
}
