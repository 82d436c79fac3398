package dev.ipfence.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class AuthBeansTest {

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }

    @Test
    void tokensAreKeptWithTheShippedSettings() {
        assertThat(AuthBeans.perRequestTokenCheck(config(Map.of()))).isNull();
        assertThat(AuthBeans.perRequestTokenCheck(config(Map.of(
                        "quarkus.oidc.token.authorization-scheme", "bearer",
                        "quarkus.oidc.token.binding.certificate", "false"))))
                .isNull();
    }

    @Test
    void aSettingThatChecksEachRequestBeyondItsTokenKeepsNone() {
        assertThat(AuthBeans.perRequestTokenCheck(config(Map.of("quarkus.oidc.token.age", "5M"))))
                .isEqualTo("quarkus.oidc.token.age");
        assertThat(AuthBeans.perRequestTokenCheck(config(Map.of("quarkus.oidc.token.binding.certificate", "true"))))
                .isEqualTo("quarkus.oidc.token.binding.certificate");
        assertThat(AuthBeans.perRequestTokenCheck(config(Map.of("quarkus.oidc.token.authorization-scheme", "DPoP"))))
                .isEqualTo("quarkus.oidc.token.authorization-scheme=DPoP");
    }
}
