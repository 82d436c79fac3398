package dev.ipfence.web.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApiKeySecretsTest {

    @Test
    void aSecretIsThePrefixTheKeyIdAnd256RandomBits() {
        UUID id = UUID.randomUUID();
        String secret = ApiKeySecrets.generate(id);

        assertThat(secret).startsWith("ipf_" + id.toString().replace("-", "") + "_");
        assertThat(secret).hasSize(4 + 32 + 1 + 43);
        assertThat(Base64.getUrlDecoder().decode(secret.substring(37))).hasSize(32);
    }

    @Test
    void twoSecretsOfOneKeyDiffer() {
        UUID id = UUID.randomUUID();
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            secrets.add(ApiKeySecrets.generate(id));
        }
        assertThat(secrets).hasSize(100);
    }

    @Test
    void theKeyIdIsReadBackFromTheSecret() {
        UUID id = UUID.randomUUID();
        assertThat(ApiKeySecrets.idOf(ApiKeySecrets.generate(id))).isEqualTo(id);
    }

    @Test
    void aSecretOfAnotherFormatNamesNoKey() {
        UUID id = UUID.randomUUID();
        String secret = ApiKeySecrets.generate(id);
        assertThat(ApiKeySecrets.idOf(null)).isNull();
        assertThat(ApiKeySecrets.idOf("")).isNull();
        assertThat(ApiKeySecrets.idOf("Bearer abc")).isNull();
        assertThat(ApiKeySecrets.idOf(secret.substring(0, secret.length() - 1))).isNull();
        assertThat(ApiKeySecrets.idOf(secret + "A")).isNull();
        assertThat(ApiKeySecrets.idOf(secret.replace("ipf_", "xyz_"))).isNull();
        assertThat(ApiKeySecrets.idOf(secret.toUpperCase())).isNull();
    }

    @Test
    void theHashIsTheHexSha256OfTheSecretAndMatchesOnlyIt() {
        String secret = ApiKeySecrets.generate(UUID.randomUUID());
        String hash = ApiKeySecrets.hash(secret);

        assertThat(hash).matches("[0-9a-f]{64}").doesNotContain(secret.substring(37));
        assertThat(ApiKeySecrets.matches(secret, hash)).isTrue();
        assertThat(ApiKeySecrets.matches(secret, hash.toUpperCase())).isTrue();
        assertThat(ApiKeySecrets.matches(secret + "x", hash)).isFalse();
        assertThat(ApiKeySecrets.matches(ApiKeySecrets.generate(UUID.randomUUID()), hash))
                .isFalse();
    }

    @Test
    void aMissingOrMalformedHashMatchesNothing() {
        String secret = ApiKeySecrets.generate(UUID.randomUUID());
        assertThat(ApiKeySecrets.matches(secret, null)).isFalse();
        assertThat(ApiKeySecrets.matches(secret, "")).isFalse();
        assertThat(ApiKeySecrets.matches(secret, "zz".repeat(32))).isFalse();
        assertThat(ApiKeySecrets.matches(null, ApiKeySecrets.hash(secret))).isFalse();
    }

    @Test
    void theDisplayPrefixShowsNoSecretBit() {
        UUID id = UUID.randomUUID();
        String secret = ApiKeySecrets.generate(id);
        assertThat(secret).startsWith(ApiKeySecrets.displayPrefix(id));
        assertThat(ApiKeySecrets.displayPrefix(id)).hasSize(36);
    }
}
